"""The published directory as Open Referral HSDS 3.0 objects (services, organizations, taxonomies).

Pure projections from our models to the dictionaries of the HSDS read API; the
views in ``directory.api.hsds_views`` choose what to load and call these. The
shapes follow ``tests/data/hsds-3.0`` (the official schemas), against which the
test suite validates every answer.

HSDS gives every nested object its own ``id``. We keep no rows for phones,
languages, service areas or attributes, so their ids are derived from the id of
their service or organisation (``uuid5``): the same entry gets the same ids on
every call. Our fixed vocabularies (needs and victim categories) are published
as HSDS taxonomies; a service points at their terms through ``attributes``. An
eligibility dimension without restriction ("all") produces no attribute.
"""

from __future__ import annotations

import functools
import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf.locale import LANG_INFO
from django.db import models
from django.utils import translation

from directory.models import Organisation, Service, vocabulary_id
from directory.vocabulary import CATEGORY_FIELDS, CATEGORY_TITLES, NEED_LABELS_EN, VICTIM_CATEGORIES, NeedCode

#: An HSDS object as JSON: its shape is given by the official schemas, not by a Python type.
HsdsObject = dict[str, Any]

HSDS_VERSION = "3.0.1"
#: Our HSDS profile: plain HSDS 3.0 plus our taxonomies, described at ``/hsds/profile``.
PROFILE_NAME = "nvm-wegwijzer"

# The HSDS export speaks the language of the data it carries, which is Dutch,
# whatever language the caller's browser prefers.
_DATA_LANGUAGE = "nl"

_TAXONOMY_DESCRIPTIONS: dict[str, str] = {
    "need": "Hulpvragen van (mogelijke) slachtoffers van mensenhandel in de NVM-Wegwijzer.",
    "gender": "Geslacht van het slachtoffer waarvoor een dienst bedoeld is.",
    "age_group": "Leeftijdsgroep van het slachtoffer waarvoor een dienst bedoeld is.",
    "nationality_group": "Nationaliteitsgroep van het slachtoffer waarvoor een dienst bedoeld is.",
    "exploitation_form": "Vorm van uitbuiting waarvoor een dienst bedoeld is.",
}


# --- taxonomies ----------------------------------------------------------------


@dataclass(frozen=True)
class Taxonomy:
    """One of our fixed vocabularies, published as an HSDS taxonomy."""

    name: str
    #: "need" or a victim category ("gender", ...): the kind of its terms' vocabulary ids
    dimension: str
    description: str

    @property
    def id(self) -> uuid.UUID:
        return vocabulary_id("taxonomy", self.name)


@dataclass(frozen=True)
class Term:
    """A term of one of our taxonomies: a need or a victim category value."""

    taxonomy: Taxonomy
    code: str
    name: str
    description: str

    @property
    def id(self) -> uuid.UUID:
        # For needs this is Need.id: the data migration uses the same vocabulary ids.
        return vocabulary_id(self.taxonomy.dimension, self.code)


@dataclass(frozen=True)
class Vocabulary:
    """All our taxonomies and their terms, with look-ups by id and by (dimension, code)."""

    taxonomies: tuple[Taxonomy, ...]
    terms: tuple[Term, ...]

    @functools.cached_property
    def by_code(self) -> dict[tuple[str, str], Term]:
        return {(term.taxonomy.dimension, term.code): term for term in self.terms}

    @functools.cached_property
    def terms_by_id(self) -> dict[uuid.UUID, Term]:
        return {term.id: term for term in self.terms}

    @functools.cached_property
    def taxonomies_by_id(self) -> dict[uuid.UUID, Taxonomy]:
        return {taxonomy.id: taxonomy for taxonomy in self.taxonomies}

    def term(self, dimension: str, code: str) -> Term | None:
        return self.by_code.get((dimension, code))


def _taxonomy_name(dimension: str) -> str:
    return "nvm-needs" if dimension == "need" else "nvm-" + dimension.replace("_", "-")


def _need_terms(taxonomy: Taxonomy) -> list[Term]:
    return [
        Term(taxonomy=taxonomy, code=code.value, name=str(code.label), description=NEED_LABELS_EN[code.value])
        for code in NeedCode
    ]


def _category_terms(taxonomy: Taxonomy, choices: type[models.TextChoices]) -> list[Term]:
    title = CATEGORY_TITLES[taxonomy.dimension]
    # "unknown" describes a person we know little about; a service never restricts to it.
    return [
        Term(taxonomy=taxonomy, code=choice.value, name=str(choice.label), description=f"{title}: {choice.label}.")
        for choice in choices
        if choice.value != "unknown"
    ]


@functools.cache
def vocabulary() -> Vocabulary:
    """Our taxonomies and terms. Fixed in code, so built once (in Dutch, the data's language)."""
    taxonomies: list[Taxonomy] = []
    terms: list[Term] = []
    with translation.override(_DATA_LANGUAGE):
        for dimension in ["need", *VICTIM_CATEGORIES]:
            taxonomy = Taxonomy(_taxonomy_name(dimension), dimension, _TAXONOMY_DESCRIPTIONS[dimension])
            taxonomies.append(taxonomy)
            if dimension == "need":
                terms.extend(_need_terms(taxonomy))
            else:
                terms.extend(_category_terms(taxonomy, VICTIM_CATEGORIES[dimension]))
    return Vocabulary(taxonomies=tuple(taxonomies), terms=tuple(terms))


def taxonomy_object(entry: Taxonomy) -> HsdsObject:
    """An HSDS ``taxonomy``."""
    return {
        "id": str(entry.id),
        "name": entry.name,
        "description": entry.description,
        "version": "1",
    }


def taxonomy_term_object(term: Term) -> HsdsObject:
    """An HSDS ``taxonomy_term``, with its taxonomy nested as ``taxonomy_detail``."""
    return {
        "id": str(term.id),
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy.id),
        "taxonomy_detail": taxonomy_object(term.taxonomy),
        "language": _DATA_LANGUAGE,
    }


# --- services --------------------------------------------------------------------


def _child_id(parent: uuid.UUID, kind: str, key: str) -> str:
    """A stable id for an object we derive from a row rather than store."""
    return str(uuid.uuid5(parent, f"{kind}:{key}"))


def _optional(**fields: str | int | None) -> HsdsObject:
    """Only the fields that have a value: HSDS strings may not be null, and "" is no valid e-mail or URI."""
    return {name: value for name, value in fields.items() if value not in (None, "")}


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _iso_datetime(value: datetime | None) -> str | None:
    # HSDS asks for millisecond accuracy in ``last_modified``.
    return value.isoformat(timespec="milliseconds") if value else None


def _restrictions(service: Service) -> list[tuple[str, list[Term]]]:
    """Per restricted victim category, the terms of the values the service accepts."""
    restricted: list[tuple[str, list[Term]]] = []
    for dimension, field in CATEGORY_FIELDS.items():
        values: list[str] = getattr(service, field)
        terms = [term for value in values if (term := vocabulary().term(dimension, value)) is not None]
        if terms:
            restricted.append((dimension, terms))
    return restricted


def eligibility_description(service: Service) -> str:
    """Who the service is for, in words (Dutch, like the rest of the data)."""
    restricted = _restrictions(service)
    if not restricted:
        return "Geen beperkingen: voor alle slachtoffers van mensenhandel."
    with translation.override(_DATA_LANGUAGE):
        parts = [
            f"{CATEGORY_TITLES[dimension]}: {', '.join(term.name for term in terms)}."
            for dimension, terms in restricted
        ]
    return "Alleen voor slachtoffers met deze kenmerken. " + " ".join(parts)


def _age_limits(service: Service) -> HsdsObject:
    # Only a service for exactly one age group has an age limit; "minor" ends at 17 in Dutch law.
    if service.age_groups == ["adult"]:
        return {"minimum_age": 18}
    if service.age_groups == ["minor"]:
        return {"maximum_age": 17}
    return {}


def _service_fields(service: Service) -> HsdsObject:
    """The one-to-one fields of an HSDS ``service``: everything but the nested lists."""
    return {
        "id": str(service.id),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "status": "active",
        "eligibility_description": eligibility_description(service),
        **_optional(
            description=service.description,
            url=service.url,
            email=service.email,
            assured_date=_iso_date(service.last_reviewed),
            last_modified=_iso_datetime(service.updated_at),
        ),
        **_age_limits(service),
    }


def _phones(owner_field: str, owner: Service | Organisation) -> list[HsdsObject]:
    if not owner.phone:
        return []
    return [{"id": _child_id(owner.id, "phone", "main"), owner_field: str(owner.id), "number": owner.phone}]


def _languages(service: Service) -> list[HsdsObject]:
    return [
        {
            "id": _child_id(service.id, "language", code),
            "service_id": str(service.id),
            "name": LANG_INFO.get(code, {}).get("name", code),
            "code": code,
        }
        for code in service.languages
    ]


def _service_areas(service: Service) -> list[HsdsObject]:
    """One area per region; a national service has the one area "Nederland" (regions prefetched)."""
    if service.national:
        areas = [("national", "Nederland", "Landelijk: bereikbaar vanuit elke regio.")]
    else:
        areas = [(region.code, region.name, f"Regio {region.name}.") for region in service.regions.all()]
    return [
        {
            "id": _child_id(service.id, "service_area", key),
            "service_id": str(service.id),
            "name": name,
            "description": description,
            # HSDS's "text" extent: a place named in words, for want of polygons of the regions.
            "extent": name,
            "extent_type": "text",
        }
        for key, name, description in areas
    ]


def _attribute(service: Service, link_type: str, term: Term) -> HsdsObject:
    return {
        "id": _child_id(service.id, "attribute", f"{term.taxonomy.dimension}:{term.code}"),
        "link_id": str(service.id),
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term_object(term),
        "value": term.code,
    }


def _attributes(service: Service) -> list[HsdsObject]:
    """The service's needs and eligibility restrictions as taxonomy terms (needs prefetched)."""
    attributes = [
        _attribute(service, "need", term)
        for need in service.needs.all()
        if (term := vocabulary().term("need", need.code)) is not None
    ]
    for _dimension, terms in _restrictions(service):
        attributes.extend(_attribute(service, "eligibility", term) for term in terms)
    return attributes


def service_list_item(service: Service) -> HsdsObject:
    """A service in a list (HSDS ``service_list``): one-to-one fields and its organization."""
    return {**_service_fields(service), "organization": organization_list_item(service.organisation)}


def service_full(service: Service, *, with_organization: bool = True) -> HsdsObject:
    """A fully nested HSDS ``service`` (organisation selected, needs and regions prefetched).

    Inside an organization the organization itself is left out: it is the parent."""
    data = {
        **_service_fields(service),
        "phones": _phones("service_id", service),
        "languages": _languages(service),
        "service_areas": _service_areas(service),
        "attributes": _attributes(service),
    }
    if with_organization:
        organisation = service.organisation
        data["organization"] = {
            **organization_list_item(organisation),
            "phones": _phones("organization_id", organisation),
        }
    return data


# --- organizations ---------------------------------------------------------------


def organization_list_item(organisation: Organisation) -> HsdsObject:
    """An organization in a list (HSDS ``organization_list``): its one-to-one fields."""
    return {
        "id": str(organisation.id),
        "name": organisation.name,
        # HSDS requires a description; the name is the least we can say.
        "description": organisation.description or organisation.name,
        **_optional(email=organisation.email, website=organisation.website),
    }


def organization_full(
    organisation: Organisation, services: Iterable[Service], *, full_services: bool = False
) -> HsdsObject:
    """A nested HSDS ``organization`` with its (published) services.

    The services are one-to-one fields only unless ``full_services`` (HSDS ``full_service``)."""
    return {
        **organization_list_item(organisation),
        "phones": _phones("organization_id", organisation),
        "services": [
            service_full(entry, with_organization=False) if full_services else _service_fields(entry)
            for entry in services
        ],
    }


# --- lists ---------------------------------------------------------------------------


def page(*, contents: Sequence[HsdsObject], total_items: int, page_number: int, per_page: int) -> HsdsObject:
    """HSDS's ``Page`` envelope around one page of ``contents``.

    An empty list still has one (empty) page, so ``page_number`` never exceeds ``total_pages``."""
    total_pages = max(1, math.ceil(total_items / per_page))
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": total_items == 0,
        "contents": list(contents),
    }


def root(openapi_url: str, profile_url: str) -> HsdsObject:
    """What the API's root says about itself."""
    return {"version": HSDS_VERSION, "profile": profile_url, "openapi_url": openapi_url}


def profile() -> HsdsObject:
    """What our profile adds to HSDS 3.0, for the systems that read this export."""
    return {
        "name": PROFILE_NAME,
        "hsds_version": HSDS_VERSION,
        "description": (
            "The Wegwijzer Mensenhandel of the Dutch national referral mechanism (NVM): published "
            "organisations and services only. Support needs and victim categories are HSDS taxonomies; "
            "a service links to them through attributes. An eligibility taxonomy without an attribute "
            "on a service means the service is open to every value of it."
        ),
        "taxonomies": [taxonomy_object(entry) for entry in vocabulary().taxonomies],
        "attribute_link_types": ["need", "eligibility"],
        "service_areas": "one per police region served, named after it; 'Nederland' for national services",
    }
