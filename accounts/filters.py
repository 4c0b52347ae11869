"""Filters of the user list (staff only): every filter explicit."""

from __future__ import annotations

import django_filters

from accounts.models import Role, User
from nvm.filters import BooleanChoiceFilter


class UserFilter(django_filters.FilterSet):  # type: ignore[misc]
    role = django_filters.ChoiceFilter(choices=Role.choices)
    organisation = django_filters.UUIDFilter(field_name="organisation_id")
    is_active = BooleanChoiceFilter()

    class Meta:
        model = User
        fields = ["role", "organisation", "is_active"]
