"""The dimensions a report may group by, each a database expression with a fixed set of values.

They follow the public Dutch monitors (CoMensha, the Nationaal Rapporteur), so that figures can be
compared. Every dimension has exactly one value per referral, so a table's cells add up to its
margins: a referral with several exploitation forms counts once, as ``multiple``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory.models import OrganisationKind, Region
from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NationalityGroup, Phase
from referrals.models import Outcome, Status

#: Organisation kinds in the categories of the monitors; the rest is ``other``.
SIGNALLING_KINDS: dict[str, tuple[str, ...]] = {
    "police": (OrganisationKind.POLICE,),
    "royal_marechaussee": (OrganisationKind.BORDER_POLICE,),
    "labour_inspectorate": (OrganisationKind.LABOUR_INSPECTORATE,),
    "care_coordination": (OrganisationKind.CARE_COORDINATION,),
    "ngo": (OrganisationKind.NGO, OrganisationKind.VICTIM_SUPPORT, OrganisationKind.SHELTER),
}
SIGNALLING_LABELS: dict[str, Promise] = {
    "police": _("Politie"),
    "royal_marechaussee": _("Koninklijke Marechaussee"),
    "labour_inspectorate": _("Arbeidsinspectie"),
    "care_coordination": _("Zorgcoördinatie"),
    "ngo": _("Maatschappelijke organisatie"),
    "other": _("Overig"),
}


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise
    expression: Callable[[], models.Expression | F]
    values: Callable[[], list[tuple[str, str]]]  # (code, label), in display order

    def codes(self) -> list[str]:
        return [code for code, _label in self.values()]


def _choices(choices: type[models.TextChoices], *extra: tuple[str, Promise]) -> Callable[[], list[tuple[str, str]]]:
    return lambda: (
        [(str(value), str(label)) for value, label in choices.choices] + [(code, str(label)) for code, label in extra]
    )


def _exploitation_form() -> models.Expression:
    return Case(
        When(Q(second_form__isnull=False), then=Value("multiple")),
        When(Q(first_form__isnull=True), then=Value(ExploitationForm.UNKNOWN.value)),
        default=F("first_form"),
        output_field=models.CharField(),
    )


def _signalling_kind() -> models.Expression:
    return Case(
        *(When(signalling_organisation__kind__in=kinds, then=Value(code)) for code, kinds in SIGNALLING_KINDS.items()),
        default=Value("other"),
        output_field=models.CharField(),
    )


def _outcome() -> models.Expression:
    return Coalesce(NullIf(F("outcome"), Value("")), Value("none"), output_field=models.CharField())


DIMENSIONS: dict[str, Dimension] = {
    dimension.code: dimension
    for dimension in (
        Dimension(
            "region",
            _("regio"),
            lambda: F("region__code"),
            lambda: list(Region.objects.order_by("name").values_list("code", "name")),
        ),
        Dimension(
            "exploitation_form",
            _("uitbuitingsvorm"),
            _exploitation_form,
            _choices(ExploitationForm, ("multiple", _("Meer dan één vorm"))),
        ),
        Dimension("gender", _("geslacht"), lambda: F("gender"), _choices(Gender)),
        Dimension("age_group", _("minderjarig/meerderjarig"), lambda: F("age_group"), _choices(AgeGroup)),
        Dimension("nationality_group", _("nationaliteit"), lambda: F("nationality_group"), _choices(NationalityGroup)),
        Dimension(
            "signalling_kind",
            _("soort signalerende organisatie"),
            _signalling_kind,
            lambda: [(code, str(label)) for code, label in SIGNALLING_LABELS.items()],
        ),
        Dimension("status", _("status"), lambda: F("status"), _choices(Status)),
        Dimension("phase", _("fase"), lambda: F("phase"), _choices(Phase)),
        Dimension("outcome", _("uitkomst"), _outcome, _choices(Outcome, ("none", _("Nog geen uitkomst")))),
    )
}


def annotate_dimensions(queryset: models.QuerySet[models.Model], codes: Sequence[str]) -> models.QuerySet[models.Model]:
    """``queryset`` with one annotation ``dim_<code>`` per dimension."""
    if "exploitation_form" in codes:
        queryset = queryset.annotate(first_form=KT("exploitation_forms__0"), second_form=KT("exploitation_forms__1"))
    annotated: models.QuerySet[models.Model] = queryset.annotate(
        **{f"dim_{code}": DIMENSIONS[code].expression() for code in codes}
    )
    return annotated
