"""The fixed value sets of NVM (API.md): support needs, victim categories and phases.

Codes never change; labels are Dutch first, with English in ``locale/``. The
referrals app uses the same sets for a referral's profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedCode(models.TextChoices):
    """Support needs (the Wegwijzer's "hulpvragen")."""

    SAFETY = "safety", _("Veiligheid")
    SHELTER = "shelter", _("Opvang")
    MEDICAL_CARE = "medical_care", _("Medische zorg")
    MENTAL_HEALTH = "mental_health", _("Psychische zorg")
    LEGAL_AID = "legal_aid", _("Juridische hulp")
    RESIDENCE_PERMIT = "residence_permit", _("Verblijfsvergunning")
    INCOME = "income", _("Inkomen")
    HOUSING = "housing", _("Huisvesting")
    EDUCATION_WORK = "education_work", _("Onderwijs en werk")
    INTERPRETER = "interpreter", _("Tolk")
    RETURN_REINTEGRATION = "return_reintegration", _("Terugkeer en herintegratie")
    COMPENSATION = "compensation", _("Schadevergoeding")
    IDENTITY_DOCUMENTS = "identity_documents", _("Identiteitsdocumenten")
    DEBT_COUNSELLING = "debt_counselling", _("Schuldhulpverlening")
    CHILD_PROTECTION = "child_protection", _("Jeugdbescherming")
    POLICE_REPORT = "police_report", _("Aangifte")


# English labels are kept next to the codes (not only in the translation
# catalogue) because the HSDS export publishes both languages at once.
NEED_LABELS_EN: dict[str, str] = {
    "safety": "Safety",
    "shelter": "Shelter",
    "medical_care": "Medical care",
    "mental_health": "Mental health care",
    "legal_aid": "Legal aid",
    "residence_permit": "Residence permit",
    "income": "Income",
    "housing": "Housing",
    "education_work": "Education and work",
    "interpreter": "Interpreter",
    "return_reintegration": "Return and reintegration",
    "compensation": "Compensation",
    "identity_documents": "Identity documents",
    "debt_counselling": "Debt counselling",
    "child_protection": "Child protection",
    "police_report": "Police report",
}


class Gender(models.TextChoices):
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    X = "x", _("X (anders)")
    UNKNOWN = "unknown", _("Onbekend")


class AgeGroup(models.TextChoices):
    MINOR = "minor", _("Minderjarig")
    ADULT = "adult", _("Meerderjarig")
    UNKNOWN = "unknown", _("Onbekend")


class NationalityGroup(models.TextChoices):
    NL = "nl", _("Nederlands")
    EU = "eu", _("EU (niet Nederlands)")
    NON_EU = "non_eu", _("Buiten de EU")
    UNKNOWN = "unknown", _("Onbekend")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Seksuele uitbuiting")
    LABOUR = "labour", _("Arbeidsuitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")
    ORGAN_REMOVAL = "organ_removal", _("Orgaanverwijdering")
    OTHER = "other", _("Andere uitbuiting")
    UNKNOWN = "unknown", _("Onbekend")


class Phase(models.TextChoices):
    """The four phases of the NVM (seed 001); not strictly sequential."""

    A = "A", _("A: identificatie")
    B = "B", _("B: zorg, ondersteuning en bescherming")
    C = "C", _("C: bestrijding")
    D = "D", _("D: hulp naar zelfstandigheid")


#: Member states of the European Union other than the Netherlands (ISO 3166-1 alpha-2).
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def nationality_group(nationality: str) -> str:
    """The nationality group of an ISO 3166-1 alpha-2 code (or ``unknown``)."""
    code = nationality.strip().upper()
    if code in {"", "UNKNOWN"}:
        return NationalityGroup.UNKNOWN
    if code == "NL":
        return NationalityGroup.NL
    return NationalityGroup.EU if code in EU_COUNTRIES else NationalityGroup.NON_EU


#: Victim categories: the profile dimensions a service may restrict, with their value sets.
VICTIM_CATEGORIES: dict[str, type[models.TextChoices]] = {
    "gender": Gender,
    "age_group": AgeGroup,
    "nationality_group": NationalityGroup,
    "exploitation_form": ExploitationForm,
}

#: The service field that holds each victim category's restriction (empty: open to all).
CATEGORY_FIELDS: dict[str, str] = {
    "gender": "genders",
    "age_group": "age_groups",
    "nationality_group": "nationality_groups",
    "exploitation_form": "exploitation_forms",
}

CATEGORY_TITLES = {
    "gender": _("Geslacht"),
    "age_group": _("Leeftijdsgroep"),
    "nationality_group": _("Nationaliteitsgroep"),
    "exploitation_form": _("Uitbuitingsvorm"),
}


# --- codes typed by people: one reading for the API, the forms and the pages ------------------

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
LANGUAGE_CODE_MESSAGE = _("Gebruik een ISO 639-taalcode in kleine letters, zoals 'nl' of 'ro'.")
NATIONALITY_MESSAGE = _("Gebruik een ISO 3166-landcode van twee letters, of 'unknown'.")

#: A validator for one language code (ISO 639-1, or 639-3 where no two-letter code exists).
language_code_validator = RegexValidator(_LANGUAGE_CODE, LANGUAGE_CODE_MESSAGE, code="invalid_language")


def language_codes(raw: str | Iterable[str]) -> list[str]:
    """Distinct lower-case language codes in the given order, from a list or a comma-separated text.

    Raises ``ValueError`` (with the message for the person typing) on a code of another shape."""
    items = raw.split(",") if isinstance(raw, str) else raw
    codes = [item.strip().lower() for item in items if item.strip()]
    if any(not _LANGUAGE_CODE.match(code) for code in codes):
        raise ValueError(str(LANGUAGE_CODE_MESSAGE))
    return list(dict.fromkeys(codes))


def nationality_code(raw: str) -> str:
    """An ISO 3166-1 alpha-2 code in upper case, or ``unknown``; ``ValueError`` otherwise."""
    value = raw.strip()
    if value.lower() == "unknown":
        return "unknown"
    if not _COUNTRY_CODE.match(value.upper()):
        raise ValueError(str(NATIONALITY_MESSAGE))
    return value.upper()
