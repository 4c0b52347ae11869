"""Referral API serializers: input for each action, output shaped by what the caller may see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.api.serializers import RegionCodeField
from directory.models import Organisation, Service
from directory.vocabulary import (
    AgeGroup,
    ExploitationForm,
    Gender,
    NationalityGroup,
    NeedCode,
    Phase,
    language_code_validator,
    nationality_code,
)
from referrals.models import Consent, EventKind, Handover, Outcome, Referral, ReferralEvent, Route, Status, Urgency
from referrals.querysets import View


@extend_schema_field({"type": "string", "pattern": "^([A-Za-z]{2}|[Uu][Nn][Kk][Nn][Oo][Ww][Nn])$"})
class NationalityField(serializers.CharField):
    """An ISO 3166-1 alpha-2 code (any case) or ``unknown``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        try:
            return nationality_code(str(super().to_internal_value(data)))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


def _codes(choices: Any, *, allow_empty: bool = True, **kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices),
        allow_empty=allow_empty,
        min_length=None if allow_empty else 1,
        **kwargs,
    )


class ReferralWriteSerializer(serializers.Serializer[Referral]):
    """What a signaller sends (API.md). Free text is checked by the anonymisation guard in the service."""

    region = RegionCodeField()
    gender = serializers.ChoiceField(choices=Gender.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    nationality = NationalityField(max_length=7)
    exploitation_forms = _codes(ExploitationForm.choices, allow_empty=False)
    needs = _codes(NeedCode.choices, allow_empty=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    consent = serializers.ChoiceField(choices=Consent.choices)
    languages = serializers.ListField(
        child=serializers.CharField(validators=[language_code_validator]), allow_empty=True, default=list
    )
    summary = serializers.CharField(allow_blank=True, max_length=4000, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("exploitation_forms", "needs", "languages"):
            if name in attrs:
                attrs[name] = list(dict.fromkeys(attrs[name]))  # distinct, in the given order
        return attrs


class ReasonSerializer(serializers.Serializer[None]):
    reason = serializers.CharField(max_length=2000)


class ReassignSerializer(serializers.Serializer[None]):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())


class PhaseSerializer(serializers.Serializer[None]):
    phase = serializers.ChoiceField(choices=Phase.choices)


class CloseSerializer(serializers.Serializer[None]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)


class RouteProposeSerializer(serializers.Serializer[None]):
    need = serializers.ChoiceField(choices=NeedCode.choices)
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.select_related("organisation"))


class RouteSerializer(serializers.ModelSerializer[Route]):
    class Meta:
        model = Route
        fields = [
            "id",
            "referral",
            "need",
            "service",
            "organisation",
            "status",
            "decline_reason",
            "sent_at",
            "created_at",
        ]
        read_only_fields = fields


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def referral_body(referral: Referral, view: View, *, provider_needs: list[str] | None = None) -> dict[str, Any]:
    """A referral as the caller may see it: in full, status only (signaller after acceptance),
    or the profile and the needs of the routes sent to a provider."""
    base: dict[str, Any] = {
        "id": str(referral.id),
        "reference": referral.reference,
        "status": referral.status,
        "outcome": referral.outcome,
        "created_at": _iso(referral.created_at),
        "updated_at": _iso(referral.updated_at),
    }
    if view is View.STATUS_ONLY:
        return base
    profile = {
        "phase": referral.phase,
        "region": referral.region.code,
        "gender": referral.gender,
        "age_group": referral.age_group,
        "nationality_group": referral.nationality_group,
        "exploitation_forms": referral.exploitation_forms,
        "languages": referral.languages,
        "urgency": referral.urgency,
    }
    if view is View.ROUTE:
        return {**base, **profile, "needs": provider_needs or []}
    now = timezone.now()
    return {
        **base,
        **profile,
        "nationality": referral.nationality,
        "needs": referral.needs,
        "consent": referral.consent,
        "summary": referral.summary,
        "signalling_organisation": str(referral.signalling_organisation_id),
        "signalled_by": str(referral.signalled_by_id),
        "assigned_organisation": _str(referral.assigned_organisation_id),
        "assigned_to": _str(referral.assigned_to_id),
        "acceptance_deadline": _iso(referral.acceptance_deadline),
        "overdue": bool(
            referral.status == "pending" and referral.acceptance_deadline and referral.acceptance_deadline < now
        ),
        "submitted_at": _iso(referral.submitted_at),
        "accepted_at": _iso(referral.accepted_at),
        "closed_at": _iso(referral.closed_at),
        "version": referral.version,
    }


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def event_body(event: ReferralEvent) -> dict[str, Any]:
    return {
        "at": _iso(event.at),
        "actor": {"id": str(event.actor_id), "username": event.actor.username},
        "event": event.event,
        "label": str(EventKind(event.event).label),
        "changes": event.changes,
    }


class HandoverSerializer(serializers.ModelSerializer[Handover]):
    """API.md "Handovers", with ``kind``, ``state``, the issuing organisation and the versions it
    supersedes and is superseded by."""

    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Handover
        fields = [
            "id",
            "referral",
            "route",
            "kind",
            "version",
            "state",
            "sha256",
            "issued_at",
            "issued_by",
            "issuing_organisation",
            "recipient_organisation",
            "acknowledged_at",
            "acknowledged_by",
            "supersedes",
            "superseded_by",
        ]
        read_only_fields = fields

    def get_superseded_by(self, handover: Handover) -> str | None:
        try:
            newer = handover.superseded_by
        except Handover.DoesNotExist:
            return None
        return str(newer.id)


# --- what the computed answers look like (for the schema; referral_body and event_body build them) -------------------


class ReferralSerializer(serializers.Serializer[None]):
    """A referral as the caller may see it. Everyone who sees it gets the first six fields; a signaller
    after acceptance only those (the closed loop); a provider also the profile and the needs its routes
    concern; everyone else the whole referral."""

    id = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    outcome = serializers.ChoiceField(choices=[("", "-"), *Outcome.choices])
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    region = serializers.CharField(required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, required=False)
    nationality_group = serializers.ChoiceField(choices=NationalityGroup.choices, required=False)
    exploitation_forms = _codes(ExploitationForm.choices, required=False)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    needs = _codes(NeedCode.choices, required=False)
    nationality = serializers.CharField(required=False)
    consent = serializers.ChoiceField(choices=Consent.choices, required=False)
    summary = serializers.CharField(required=False)
    signalling_organisation = serializers.UUIDField(required=False)
    signalled_by = serializers.UUIDField(required=False)
    assigned_organisation = serializers.UUIDField(required=False, allow_null=True)
    assigned_to = serializers.UUIDField(required=False, allow_null=True)
    acceptance_deadline = serializers.DateTimeField(required=False, allow_null=True)
    overdue = serializers.BooleanField(required=False)
    submitted_at = serializers.DateTimeField(required=False, allow_null=True)
    accepted_at = serializers.DateTimeField(required=False, allow_null=True)
    closed_at = serializers.DateTimeField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class _ActorSerializer(serializers.Serializer[None]):
    id = serializers.UUIDField()
    username = serializers.CharField()


class EventSerializer(serializers.Serializer[None]):
    """One step in a referral's history: who did what, when, with the old and new values."""

    at = serializers.DateTimeField()
    actor = _ActorSerializer()
    event = serializers.ChoiceField(choices=EventKind.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    changes = serializers.DictField()
