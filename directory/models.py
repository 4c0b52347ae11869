"""Regions and organisations of the Wegwijzer.

Users belong to organisations, so these are the base of everything else. The
organisation whose ``coordinates_region`` is a region receives that region's
referrals; the one national coordinator (CoMensha) picks up the rest.
"""

from __future__ import annotations

import uuid
from typing import Protocol, TypeVar

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.vocabulary import NEED_LABELS_EN, NeedCode

_M = TypeVar("_M", bound=models.Model)


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


class PublishedQuerySet(models.QuerySet[_M]):
    """Directory entries that anyone may see once published; editors see drafts too."""

    published_filter = Q(published=True)

    def restrict(self, user: Viewer) -> PublishedQuerySet[_M]:
        if can_edit_directory(user):
            return self
        return self.filter(self.published_filter)


class OrganisationQuerySet(PublishedQuerySet["Organisation"]):
    """Organisations: editors see all, anyone else the published ones."""


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
    description = models.TextField(_("omschrijving"), blank=True)
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


class Need(models.Model):
    """A support need ("hulpvraag") from the fixed taxonomy in ``vocabulary.NeedCode``.

    Rows exist so that services can refer to needs and the HSDS export can give
    each term a stable id; the codes and labels are fixed by a data migration."""

    id = models.UUIDField(primary_key=True, editable=False)
    code = models.CharField(_("code"), max_length=50, unique=True, choices=NeedCode.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language (Dutch unless English was chosen)."""
        return str(NeedCode(self.code).label)

    @property
    def label_en(self) -> str:
        return NEED_LABELS_EN[self.code]


#: Namespace of the stable ids of fixed vocabulary (needs, victim categories) in every database.
NVM_NAMESPACE = uuid.UUID("6f1c5a52-8d0e-4c55-9a7e-1f0b8d4f2a10")


def vocabulary_id(kind: str, code: str) -> uuid.UUID:
    """The stable id of a vocabulary term, e.g. ``vocabulary_id("need", "shelter")``."""
    return uuid.uuid5(NVM_NAMESPACE, f"{kind}:{code}")


class ServiceQuerySet(PublishedQuerySet["Service"]):
    # A published service of an unpublished organisation stays hidden.
    published_filter = Q(published=True, organisation__published=True)


class Service(models.Model):
    """What an organisation offers: the needs it meets, where, and for whom (HSDS ``service``).

    An empty eligibility list means "no restriction". ``national`` services are
    reachable from every region; otherwise ``regions`` is the service area."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    needs = models.ManyToManyField(Need, related_name="services", verbose_name=_("hulpvragen"))
    national = models.BooleanField(_("landelijk"), default=False)
    regions = models.ManyToManyField(Region, blank=True, related_name="services", verbose_name=_("regio's"))
    genders = models.JSONField(_("geslacht"), default=list, blank=True)
    age_groups = models.JSONField(_("leeftijdsgroepen"), default=list, blank=True)
    nationality_groups = models.JSONField(_("nationaliteitsgroepen"), default=list, blank=True)
    exploitation_forms = models.JSONField(_("uitbuitingsvormen"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    phases = models.JSONField(_("fasen"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    published = models.BooleanField(_("gepubliceerd"), default=False)
    last_reviewed = models.DateField(_("laatst nagekeken"), null=True, blank=True)
    capacity_total = models.PositiveIntegerField(_("plaatsen totaal"), null=True, blank=True)
    capacity_free = models.PositiveIntegerField(_("plaatsen vrij"), null=True, blank=True)
    capacity_updated_at = models.DateTimeField(_("capaciteit bijgewerkt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[needs, regions])

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        permissions = [("view_coverage", _("Mag de dekking van de Wegwijzer zien"))]
        indexes = [models.Index(fields=["published", "national"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_free__isnull=True)
                | Q(capacity_total__isnull=True)
                | Q(capacity_free__lte=models.F("capacity_total")),
                name="service_free_places_within_total",
                violation_error_message=_("Er kunnen niet meer plaatsen vrij zijn dan er in totaal zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class Regulation(models.Model):
    """A legal arrangement a victim may rely on: B8 permit, reflection period, COSM, Schadefonds, ...

    It says what it is, who qualifies and which needs it concerns, and which
    organisation is responsible for it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=50, unique=True, validators=[slug_code])
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("wat het is"))
    eligibility = models.TextField(_("wie komt in aanmerking"))
    needs = models.ManyToManyField(Need, blank=True, related_name="regulations", verbose_name=_("hulpvragen"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="regulations",
        verbose_name=_("verantwoordelijke organisatie"),
    )
    url = models.URLField(_("meer informatie"), blank=True)
    published = models.BooleanField(_("gepubliceerd"), default=False)
    last_reviewed = models.DateField(_("laatst nagekeken"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet["Regulation"].as_manager()
    history = HistoricalRecords(m2m_fields=[needs])

    class Meta:
        ordering = ["name"]
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")

    def __str__(self) -> str:
        return self.name
