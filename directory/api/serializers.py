"""Serializers of the directory API (API.md "Directory")."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from directory.matching import REASONS, MatchResult, Profile
from directory.models import Need, Organisation, Region, Regulation, Service
from directory.selectors import Coverage
from directory.services import entry_create, entry_update
from directory.vocabulary import (
    AgeGroup,
    ExploitationForm,
    Gender,
    NationalityGroup,
    NeedCode,
    Phase,
    language_code_validator,
    language_codes,
)
from nvm.api import SaveChangesOnlyMixin


class RegionSerializer(SaveChangesOnlyMixin, serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name"]


class WrittenByServicesMixin:
    """For the serializers of organisations, services and regulations: create and update through
    ``directory.services`` (the same writes as the editor's pages); a no-op update writes nothing."""

    context: dict[str, Any]
    Meta: Any

    def _actor(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data: dict[str, Any]) -> Any:
        return entry_create(model=self.Meta.model, values=validated_data, actor=self._actor())

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        entry_update(entry=instance, values=validated_data, actor=self._actor())
        return instance


class RegionCodeField(serializers.SlugRelatedField[Region]):
    """A region referred to by its code; an unknown code is a clear field error."""

    default_error_messages = {
        "does_not_exist": _("Onbekende regio: {value}."),
        "invalid": _("Geef een regiocode."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Region.objects.all(), **kwargs)


class OrganisationSerializer(WrittenByServicesMixin, serializers.ModelSerializer[Organisation]):
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
            "description",
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


def need_body(need: Need) -> dict[str, str]:
    """A need as the API shows it: code, label in the request's language, English label."""
    return {"code": need.code, "label": need.label, "label_en": need.label_en}


class NeedCodeField(serializers.SlugRelatedField[Need]):
    default_error_messages = {
        "does_not_exist": _("Onbekende hulpvraag: {value}."),
        "invalid": _("Geef een code van een hulpvraag."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Need.objects.all(), **kwargs)


def _choice_list(choices: type[models.TextChoices]) -> serializers.ListField:
    """A list of distinct codes from a value set; "unknown" is no restriction and is refused."""
    allowed = [(value, label) for value, label in choices.choices if value != "unknown"]
    return serializers.ListField(child=serializers.ChoiceField(choices=allowed), required=False, allow_empty=True)


class _DistinctListsMixin:
    list_fields: tuple[str, ...] = ()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in self.list_fields:
            if name in attrs:
                attrs[name] = sorted(set(attrs[name]))
        return attrs


class ServiceSerializer(WrittenByServicesMixin, _DistinctListsMixin, serializers.ModelSerializer[Service]):
    """A service as editors write it and everyone reads it (API.md)."""

    list_fields = ("genders", "age_groups", "nationality_groups", "exploitation_forms", "languages", "phases")

    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    needs = NeedCodeField(many=True, allow_empty=False)
    regions = RegionCodeField(many=True, required=False)
    genders = _choice_list(Gender)
    age_groups = _choice_list(AgeGroup)
    nationality_groups = _choice_list(NationalityGroup)
    exploitation_forms = _choice_list(ExploitationForm)
    phases = _choice_list(Phase)
    languages = serializers.ListField(
        child=serializers.CharField(validators=[language_code_validator]), required=False, allow_empty=True
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "organisation",
            "name",
            "description",
            "needs",
            "national",
            "regions",
            "genders",
            "age_groups",
            "nationality_groups",
            "exploitation_forms",
            "languages",
            "phases",
            "email",
            "phone",
            "url",
            "published",
            "last_reviewed",
            "capacity_total",
            "capacity_free",
            "capacity_updated_at",
            "updated_at",
        ]
        read_only_fields = ["capacity_updated_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        national = attrs.get("national", getattr(self.instance, "national", False))
        if "regions" in attrs:
            regions = attrs["regions"]
        elif self.instance is not None:
            regions = list(self.instance.regions.all())
        else:
            regions = []
        if not national and not regions:
            raise serializers.ValidationError({"regions": _("Kies de regio's van de dienst, of maak haar landelijk.")})
        total = attrs.get("capacity_total", getattr(self.instance, "capacity_total", None))
        free = attrs.get("capacity_free", getattr(self.instance, "capacity_free", None))
        if total is not None and free is not None and free > total:
            raise serializers.ValidationError(
                {"capacity_free": _("Er kunnen niet meer plaatsen vrij zijn dan er in totaal zijn.")}
            )
        if "capacity_total" in attrs or "capacity_free" in attrs:
            attrs["capacity_updated_at"] = timezone.now()
        return attrs


class RegulationSerializer(WrittenByServicesMixin, serializers.ModelSerializer[Regulation]):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    needs = NeedCodeField(many=True, required=False)

    class Meta:
        model = Regulation
        fields = [
            "id",
            "code",
            "name",
            "description",
            "eligibility",
            "needs",
            "organisation",
            "url",
            "published",
            "last_reviewed",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class MatchQuerySerializer(serializers.Serializer[None]):
    """The query of ``GET /directory/match/``: a need and what is known of the person."""

    need = serializers.ChoiceField(choices=NeedCode.choices)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, default=AgeGroup.UNKNOWN)
    nationality_group = serializers.ChoiceField(choices=NationalityGroup.choices, default=NationalityGroup.UNKNOWN)
    exploitation_form = serializers.CharField(required=False, default="", allow_blank=True)
    language = serializers.CharField(required=False, default="", allow_blank=True)

    def validate_exploitation_form(self, value: str) -> list[str]:
        forms = [item.strip() for item in value.split(",") if item.strip()]
        unknown = [item for item in forms if item not in ExploitationForm.values]
        if unknown:
            raise serializers.ValidationError(_("Onbekende uitbuitingsvorm: {value}.").format(value=unknown[0]))
        return forms

    def validate_language(self, value: str) -> list[str]:
        try:
            return language_codes(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def profile(self) -> Profile:
        data = self.validated_data
        return Profile(
            region=data["region"].code,
            gender=data["gender"],
            age_group=data["age_group"],
            nationality_group=data["nationality_group"],
            exploitation_forms=frozenset(data["exploitation_form"]),
            languages=frozenset(data["language"]),
        )


def _explain(codes: tuple[str, ...]) -> list[str]:
    return [str(REASONS[code]) for code in codes]


def match_body(result: MatchResult) -> dict[str, Any]:
    """The JSON answer of a match (API.md), with the reasons also in words."""
    return {
        "need": result.need,
        "white_spot": result.white_spot,
        "results": [
            {
                "service": str(item.service.id),
                "service_name": item.service.name,
                "organisation": str(item.service.organisation_id),
                "organisation_name": item.service.organisation_name,
                "national": item.service.national,
                "score": item.score,
                "reasons": list(item.reasons),
                "unmet": list(item.unmet),
                "explanation": _explain(item.reasons + item.unmet),
            }
            for item in result.results
        ],
        "excluded": [
            {
                "service": str(item.service.id),
                "service_name": item.service.name,
                "organisation": str(item.service.organisation_id),
                "organisation_name": item.service.organisation_name,
                "reasons": list(item.reasons),
                "explanation": _explain(item.reasons),
            }
            for item in result.excluded
        ],
    }


def coverage_body(report: Coverage) -> dict[str, Any]:
    cells = []
    for cell in report.cells:
        row: dict[str, Any] = {
            "need": cell.need,
            "region": cell.region,
            "count": cell.count,
            "white_spot": cell.white_spot,
            "possible_duplication": cell.possible_duplication,
        }
        if cell.category is not None:
            row[cell.category] = cell.value
        cells.append(row)
    return {
        "by": report.by,
        "duplication_threshold": report.duplication_threshold,
        "white_spots": sum(1 for cell in report.cells if cell.white_spot),
        "cells": cells,
    }


# --- what the computed answers look like (for the schema; the bodies above build them) ------------------------------


class NeedSerializer(serializers.Serializer[None]):
    code = serializers.ChoiceField(choices=NeedCode.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    label_en = serializers.CharField()


class _MatchItemSerializer(serializers.Serializer[None]):
    service = serializers.UUIDField()
    service_name = serializers.CharField()
    organisation = serializers.UUIDField()
    organisation_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    explanation = serializers.ListField(child=serializers.CharField())


class _MatchResultSerializer(_MatchItemSerializer):
    national = serializers.BooleanField()
    score = serializers.IntegerField()
    unmet = serializers.ListField(child=serializers.CharField())


class MatchSerializer(serializers.Serializer[None]):
    """A match: the services that can help (best first) and those excluded, each with its reasons."""

    need = serializers.ChoiceField(choices=NeedCode.choices)
    white_spot = serializers.BooleanField()
    results = _MatchResultSerializer(many=True)
    excluded = _MatchItemSerializer(many=True)


class _CoverageCellSerializer(serializers.Serializer[None]):
    need = serializers.CharField()
    region = serializers.CharField()
    count = serializers.IntegerField()
    white_spot = serializers.BooleanField()
    possible_duplication = serializers.BooleanField()
    gender = serializers.CharField(required=False, help_text="with by=gender")
    age_group = serializers.CharField(required=False, help_text="with by=age_group")
    nationality_group = serializers.CharField(required=False, help_text="with by=nationality_group")
    exploitation_form = serializers.CharField(required=False, help_text="with by=exploitation_form")


class CoverageSerializer(serializers.Serializer[None]):
    by = serializers.CharField(allow_null=True)
    duplication_threshold = serializers.IntegerField()
    white_spots = serializers.IntegerField()
    cells = _CoverageCellSerializer(many=True)
