"""Serializers of the directory API (API.md "Directory")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from directory.models import Organisation, Region
from nvm.api import SaveChangesOnlyMixin


class RegionSerializer(SaveChangesOnlyMixin, serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name"]


class RegionCodeField(serializers.SlugRelatedField[Region]):
    """A region referred to by its code; an unknown code is a clear field error."""

    default_error_messages = {
        "does_not_exist": _("Onbekende regio: {value}."),
        "invalid": _("Geef een regiocode."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Region.objects.all(), **kwargs)


class OrganisationSerializer(SaveChangesOnlyMixin, serializers.ModelSerializer[Organisation]):
    regions = RegionCodeField(many=True, required=False)
    coordinates_region = RegionCodeField(required=False, allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "regions",
            "coordinates_region",
            "is_national_coordinator",
            "email",
            "phone",
            "website",
            "published",
        ]

    def validate_coordinates_region(self, region: Region | None) -> Region | None:
        if region is None:
            return None
        taken = Organisation.objects.filter(coordinates_region=region)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(_("Deze regio heeft al een zorgcoördinator."))
        return region

    def validate_is_national_coordinator(self, value: bool) -> bool:
        if not value:
            return value
        others = Organisation.objects.filter(is_national_coordinator=True)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(_("Er is al een landelijk coördinator."))
        return value


class OrganisationSummarySerializer(serializers.ModelSerializer[Organisation]):
    """The few fields other resources show of an organisation."""

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]
