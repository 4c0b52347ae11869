"""Filters of the referral list (API.md): every filter explicit."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from directory.vocabulary import Phase
from nvm.filters import BooleanChoiceFilter
from referrals.models import Referral, Status


class ReferralFilter(django_filters.FilterSet):  # type: ignore[misc]
    status = django_filters.ChoiceFilter(choices=Status.choices)
    region = django_filters.CharFilter(field_name="region__code")
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    overdue = BooleanChoiceFilter(method="filter_overdue", label="overdue")

    class Meta:
        model = Referral
        fields = ["status", "region", "phase", "overdue"]

    def filter_overdue(self, queryset: QuerySet[Referral], name: str, value: str) -> QuerySet[Referral]:
        """Pending referrals past their acceptance deadline (or, with false, all others)."""
        if not value:
            return queryset
        late = {"status": Status.PENDING, "acceptance_deadline__lt": timezone.now()}
        return queryset.filter(**late) if value == "true" else queryset.exclude(**late)
