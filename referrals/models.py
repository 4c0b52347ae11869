"""Referrals and what happens to them: routes to services, handovers and the event history.

A referral never holds a name, a date of birth, an address or any other direct
identifier of the person; free text passes the anonymisation guard first.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from directory.matching import Profile
from directory.models import Organisation, Region, Service
from directory.vocabulary import AgeGroup, Gender, NationalityGroup, NeedCode, Phase
from referrals.querysets import HandoverQuerySet, ReferralQuerySet, RouteQuerySet

# Crockford's base32 without I, L, O, U: easy to read out over the phone.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A random, non-sequential reference such as ``NVM-7K3D-QX9M``: it reveals no volumes."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"NVM-{chars[:4]}-{chars[4:]}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PENDING = "pending", _("Wacht op aanname")
    ACCEPTED = "accepted", _("Aangenomen")
    CLOSED = "closed", _("Afgesloten")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normaal")
    URGENT = "urgent", _("Dringend")
    IMMEDIATE = "immediate", _("Direct")


class Consent(models.TextChoices):
    GIVEN = "given", _("Gegeven")
    REFUSED = "refused", _("Geweigerd")
    NOT_ASKED = "not_asked", _("Niet gevraagd")


class Outcome(models.TextChoices):
    SUPPORT_COMPLETED = "support_completed", _("Hulp afgerond")
    SUPPORT_DECLINED = "support_declined", _("Hulp geweigerd")
    RETURNED_HOME = "returned_home", _("Teruggekeerd naar land van herkomst")
    LOST_CONTACT = "lost_contact", _("Contact verloren")
    NO_TRAFFICKING = "no_trafficking", _("Geen mensenhandel")
    TRANSFERRED_ABROAD = "transferred_abroad", _("Overgedragen naar het buitenland")


class Referral(models.Model):
    """One anonymised signal of possible human trafficking and its way through the chain."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, default=new_reference, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("regio"))
    gender = models.CharField(_("geslacht"), max_length=10, choices=Gender.choices)
    age_group = models.CharField(_("leeftijdsgroep"), max_length=10, choices=AgeGroup.choices)
    nationality = models.CharField(_("nationaliteit"), max_length=7, help_text=_("ISO 3166-1 alpha-2 of 'unknown'"))
    nationality_group = models.CharField(
        _("nationaliteitsgroep"), max_length=10, choices=NationalityGroup.choices, editable=False
    )
    exploitation_forms = models.JSONField(_("uitbuitingsvormen"), default=list)
    needs = models.JSONField(_("hulpvragen"), default=list)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    consent = models.CharField(_("toestemming"), max_length=10, choices=Consent.choices)
    languages = models.JSONField(_("talen"), default=list)
    summary = models.TextField(_("samenvatting (geanonimiseerd)"), blank=True)

    signalling_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="signalled_referrals",
        verbose_name=_("signalerende organisatie"),
    )
    signalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gesignaleerd door")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    phase = models.CharField(_("fase"), max_length=1, choices=Phase.choices, default=Phase.A)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    assigned_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_referrals",
        verbose_name=_("toegewezen organisatie"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    acceptance_deadline = models.DateTimeField(_("aannemen vóór"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        indexes = [
            models.Index(fields=["assigned_organisation", "status"]),
            models.Index(fields=["signalling_organisation", "status"]),
            models.Index(fields=["status", "acceptance_deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(assigned_organisation__isnull=False),
                name="referral_submitted_has_assignee",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(assigned_to__isnull=False),
                name="referral_accepted_has_handler",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def match_profile(self) -> Profile:
        """What the Wegwijzer's matching needs to know of the person (API ``matches`` and the pages)."""
        return Profile(
            region=self.region.code,
            gender=self.gender,
            age_group=self.age_group,
            nationality_group=self.nationality_group,
            exploitation_forms=frozenset(self.exploitation_forms),
            languages=frozenset(self.languages),
        )


class RouteStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    SENT = "sent", _("Verstuurd")
    ACCEPTED = "accepted", _("Aangenomen")
    DECLINED = "declined", _("Afgewezen")
    COMPLETED = "completed", _("Afgerond")


class Route(models.Model):
    """One support need of a referral, sent to one service of the directory."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="routes")
    need = models.CharField(_("hulpvraag"), max_length=30, choices=NeedCode.choices)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="routes")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="routes")
    status = models.CharField(_("status"), max_length=10, choices=RouteStatus.choices, default=RouteStatus.PROPOSED)
    decline_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RouteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.need} → {self.organisation_id} ({self.status})"


class HandoverKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Aanname door zorgcoördinator")
    ROUTE = "route", _("Doorverwijzing naar hulpverlener")
    REASSIGNMENT = "reassignment", _("Overdracht naar andere regio")


class HandoverState(models.TextChoices):
    RENDERING = "rendering", _("Wordt opgemaakt")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Opmaken mislukt")


def handover_storage() -> Storage:
    """Where issued handover documents are kept: ``STORAGES["handovers"]`` (filesystem or S3)."""
    return storages["handovers"]


class Handover(models.Model):
    """A transfer of responsibility, with a frozen snapshot of what the recipient may see.

    The PDF is rendered from ``snapshot`` (never from the live referral) once, off the
    request path; its bytes are stored with their SHA-256 and never rendered again. A
    re-issue is a new version that ``supersedes`` this one; both stay readable."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="handovers")
    route = models.ForeignKey(Route, null=True, blank=True, on_delete=models.CASCADE, related_name="handovers")
    kind = models.CharField(_("soort"), max_length=15, choices=HandoverKind.choices)
    version = models.PositiveIntegerField(_("versie"), default=1)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,  # an old version goes only together with the newer ones
        related_name="superseded_by",
        verbose_name=_("vervangt"),
    )
    snapshot = models.JSONField()
    issued_at = models.DateTimeField(_("uitgegeven"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issuing_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="issued_handovers", verbose_name=_("van")
    )
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("aan")
    )
    state = models.CharField(
        _("document"), max_length=10, choices=HandoverState.choices, default=HandoverState.RENDERING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True, help_text="the kind of the last rendering error")
    document = models.FileField(storage=handover_storage, max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("ontvangst bevestigd"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = HandoverQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_at", "version"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        indexes = [models.Index(fields=["state", "issued_at"])]
        constraints = [
            models.UniqueConstraint(fields=["referral", "route", "kind", "version"], name="handover_version_unique"),
            models.CheckConstraint(
                condition=~Q(state="ready") | (~Q(sha256="") & ~Q(document="")),
                name="handover_ready_has_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version} of {self.referral_id}"


class EventKind(models.TextChoices):
    CREATED = "created", _("aangemaakt")
    UPDATED = "updated", _("gewijzigd")
    SUBMITTED = "submitted", _("ingediend")
    ACCEPTED = "accepted", _("aangenomen")
    DECLINED = "declined", _("afgewezen")
    REASSIGNED = "reassigned", _("overgedragen")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    PHASE_CHANGED = "phase_changed", _("fase gewijzigd")
    CLOSED = "closed", _("afgesloten")
    REOPENED = "reopened", _("heropend")
    ROUTE_PROPOSED = "route_proposed", _("doorverwijzing voorgesteld")
    ROUTE_SENT = "route_sent", _("doorverwijzing verstuurd")
    ROUTE_ACCEPTED = "route_accepted", _("doorverwijzing aangenomen")
    ROUTE_DECLINED = "route_declined", _("doorverwijzing afgewezen")
    ROUTE_COMPLETED = "route_completed", _("doorverwijzing afgerond")
    HANDOVER_ISSUED = "handover_issued", _("overdracht uitgegeven")
    HANDOVER_ACKNOWLEDGED = "handover_acknowledged", _("ontvangst overdracht bevestigd")


class ReferralEvent(models.Model):
    """The readable history of a referral: who did what, when, with the old and new values."""

    id = models.BigAutoField(primary_key=True)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=30, choices=EventKind.choices)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.event} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"


class ReferralUserObjectPermission(UserObjectPermissionBase):
    """Explicit per-user grants on one referral (direct foreign key: fast, and cascades on delete)."""

    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)


class ReferralGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)
