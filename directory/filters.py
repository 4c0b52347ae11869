"""Filters of the directory lists: every filter explicit (STYLE.md practice 8).

A filter on an organisation takes its id: an id that names nothing gives an empty list, as a
filter should, rather than an error.
"""

from __future__ import annotations

import django_filters

from directory.models import Organisation, OrganisationKind, Region, Regulation, Service
from directory.vocabulary import NeedCode
from nvm.filters import BooleanChoiceFilter


class ServiceFilter(django_filters.FilterSet):  # type: ignore[misc]
    organisation = django_filters.UUIDFilter(field_name="organisation_id")
    national = BooleanChoiceFilter()
    published = BooleanChoiceFilter()
    need = django_filters.ChoiceFilter(field_name="needs__code", choices=NeedCode.choices)

    class Meta:
        model = Service
        fields = ["organisation", "national", "published", "need"]


class RegulationFilter(django_filters.FilterSet):  # type: ignore[misc]
    organisation = django_filters.UUIDFilter(field_name="organisation_id")
    published = BooleanChoiceFilter()

    class Meta:
        model = Regulation
        fields = ["organisation", "published"]


class RegionFilter(django_filters.FilterSet):  # type: ignore[misc]
    code = django_filters.CharFilter()

    class Meta:
        model = Region
        fields = ["code"]


class OrganisationFilter(django_filters.FilterSet):  # type: ignore[misc]
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    published = BooleanChoiceFilter()
    is_national_coordinator = BooleanChoiceFilter()

    class Meta:
        model = Organisation
        fields = ["kind", "published", "is_national_coordinator"]
