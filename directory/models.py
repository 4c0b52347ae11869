"""Regions and organisations of the Wegwijzer.

Users belong to organisations, so these are the base of everything else. The
organisation whose ``coordinates_region`` is a region receives that region's
referrals; the one national coordinator (CoMensha) picks up the rest.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Viewer(Protocol):
    """Whoever asks: a signed-in user or the anonymous public."""

    @property
    def is_authenticated(self) -> bool: ...

    def has_perm(self, perm: str) -> bool: ...


slug_code = RegexValidator(
    r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
    _("Gebruik kleine letters, cijfers en enkele - of _ (bijvoorbeeld 'midden-nederland')."),
    code="invalid_code",
)

DIRECTORY_EDIT_PERMISSION = "directory.change_organisation"


def can_edit_directory(user: Viewer) -> bool:
    """Directory editors (and superusers) see unpublished entries and may change them."""
    return bool(user.is_authenticated and user.has_perm(DIRECTORY_EDIT_PERMISSION))


class Region(models.Model):
    """A police region or national unit; referrals and services are placed in regions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=50, unique=True, validators=[slug_code])
    name = models.CharField(_("naam"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    POLICE = "police", _("Politie")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Arbeidsinspectie")
    BORDER_POLICE = "border_police", _("Koninklijke Marechaussee")
    CARE_COORDINATION = "care_coordination", _("Zorgcoördinatie")
    SHELTER = "shelter", _("Opvang")
    HEALTHCARE = "healthcare", _("Zorg")
    LEGAL_AID = "legal_aid", _("Rechtshulp")
    MUNICIPALITY = "municipality", _("Gemeente")
    IMMIGRATION = "immigration", _("Immigratie")
    VICTIM_SUPPORT = "victim_support", _("Slachtofferhulp")
    NGO = "ngo", _("Maatschappelijke organisatie")
    MINISTRY = "ministry", _("Ministerie")
    OTHER = "other", _("Anders")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def restrict(self, user: Viewer) -> OrganisationQuerySet:
        """What ``user`` may see: everything for directory editors, published entries for anyone else."""
        if can_edit_directory(user):
            return self
        return self.filter(published=True)


class Organisation(models.Model):
    """An organisation in the chain: it signals, coordinates, provides care or edits the directory."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    regions = models.ManyToManyField(Region, blank=True, related_name="organisations", verbose_name=_("regio's"))
    coordinates_region = models.OneToOneField(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinator",
        verbose_name=_("coördineert regio"),
        help_text=_("Deze organisatie ontvangt de verwijzingen uit deze regio."),
    )
    is_national_coordinator = models.BooleanField(
        _("landelijk coördinator"),
        default=False,
        help_text=_("Ontvangt verwijzingen uit regio's zonder zorgcoördinator en afgewezen verwijzingen."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    published = models.BooleanField(_("gepubliceerd"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["is_national_coordinator"],
                condition=Q(is_national_coordinator=True),
                name="one_national_coordinator",
                violation_error_message=_("Er is al een landelijk coördinator."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
