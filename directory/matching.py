"""Which services can meet one need of one person: the Wegwijzer's question, as a pure function.

No database and no HTTP here: callers load ``ServiceFacts`` (see
``directory.selectors``) and get back the services that can help, best first,
each with the reasons it matched, and the services that were excluded, each
with every reason. No result is a white spot.

The rules:

* a service must meet the need;
* region: a national service serves every region, a regional one only its own;
* gender, age group, nationality group, exploitation form, language: a service
  with a restriction excludes a person whose known value is outside it. An
  unknown value does not exclude, but the match is then unconfirmed and ranks
  lower ("unmet preference"), as does a service with no free places;
* an unpublished service is excluded (only editors ever see those).

Ranking: regional before national, then fewer unmet preferences, then
organisation name, service name and id (stable).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.vocabulary import AgeGroup, Gender, NationalityGroup

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Profile:
    """What is known of the person. ``region=None`` means "anywhere"; empty sets mean "not known"."""

    region: str | None = None
    gender: str = Gender.UNKNOWN
    age_group: str = AgeGroup.UNKNOWN
    nationality_group: str = NationalityGroup.UNKNOWN
    exploitation_forms: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ServiceFacts:
    """What matching needs to know of one service."""

    id: uuid.UUID
    name: str
    organisation_id: uuid.UUID
    organisation_name: str
    needs: frozenset[str]
    national: bool = False
    regions: frozenset[str] = frozenset()
    genders: frozenset[str] = frozenset()
    age_groups: frozenset[str] = frozenset()
    nationality_groups: frozenset[str] = frozenset()
    exploitation_forms: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    published: bool = True
    capacity_free: int | None = None


@dataclass(frozen=True)
class Match:
    service: ServiceFacts
    score: int
    reasons: tuple[str, ...]
    unmet: tuple[str, ...]


@dataclass(frozen=True)
class Exclusion:
    service: ServiceFacts
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MatchResult:
    need: str
    profile: Profile
    results: tuple[Match, ...] = field(default=())
    excluded: tuple[Exclusion, ...] = field(default=())

    @property
    def white_spot(self) -> bool:
        return not self.results


#: Human-readable text for every reason code, for pages and API explanations.
REASONS = {
    "need": _("biedt hulp bij deze hulpvraag"),
    "region": _("werkt in de regio"),
    "national": _("werkt landelijk"),
    "gender": pgettext_lazy("reason", "geslacht"),
    "age_group": pgettext_lazy("reason", "leeftijdsgroep"),
    "nationality_group": pgettext_lazy("reason", "nationaliteitsgroep"),
    "exploitation_form": pgettext_lazy("reason", "uitbuitingsvorm"),
    "language": pgettext_lazy("reason", "taal"),
    "not_published": _("niet gepubliceerd"),
    "unconfirmed_gender": _("geslacht onbekend; de dienst is beperkt"),
    "unconfirmed_age_group": _("leeftijdsgroep onbekend; de dienst is beperkt"),
    "unconfirmed_nationality_group": _("nationaliteitsgroep onbekend; de dienst is beperkt"),
    "unconfirmed_exploitation_form": _("uitbuitingsvorm onbekend; de dienst is beperkt"),
    "unconfirmed_language": _("taal onbekend; de dienst is beperkt"),
    "no_free_places": _("op dit moment geen vrije plaatsen"),
}


def _known(values: Iterable[str]) -> frozenset[str]:
    return frozenset(value for value in values if value and value != UNKNOWN)


def _dimensions(profile: Profile, service: ServiceFacts) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """(reason, what the person is, what the service accepts) for every eligibility rule."""
    return [
        ("gender", _known([profile.gender]), service.genders),
        ("age_group", _known([profile.age_group]), service.age_groups),
        ("nationality_group", _known([profile.nationality_group]), service.nationality_groups),
        ("exploitation_form", _known(profile.exploitation_forms), service.exploitation_forms),
        ("language", _known(profile.languages), service.languages),
    ]


def serves_region(profile: Profile, service: ServiceFacts) -> bool:
    return profile.region is None or service.national or profile.region in service.regions


def exclusion_reasons(profile: Profile, service: ServiceFacts) -> tuple[str, ...]:
    """Every eligibility rule the service breaks for this person (empty: it is eligible)."""
    reasons = [] if serves_region(profile, service) else ["region"]
    for reason, person, accepted in _dimensions(profile, service):
        if accepted and person and not person & accepted:
            reasons.append(reason)
    if not service.published:
        reasons.append("not_published")
    return tuple(reasons)


def _match(profile: Profile, service: ServiceFacts) -> Match:
    reasons = ["need", "national" if service.national else "region"]
    unmet = []
    for reason, person, accepted in _dimensions(profile, service):
        if not accepted:
            continue
        if person:
            reasons.append(reason)
        else:
            unmet.append(f"unconfirmed_{reason}")
    if service.capacity_free == 0:
        unmet.append("no_free_places")
    regional = not service.national
    # Regional matches always score above national ones (at most 6 unmet preferences).
    score = (100 if regional else 50) - 8 * len(unmet)
    return Match(service=service, score=score, reasons=tuple(reasons), unmet=tuple(unmet))


def _rank(item: Match) -> tuple[bool, int, str, str, str]:
    service = item.service
    return (service.national, len(item.unmet), service.organisation_name.lower(), service.name.lower(), str(service.id))


def match(profile: Profile, need: str, services: Iterable[ServiceFacts]) -> MatchResult:
    """The services that can meet ``need`` for ``profile``, best first, and the excluded ones."""
    results: list[Match] = []
    excluded: list[Exclusion] = []
    for service in services:
        if need not in service.needs:
            continue
        reasons = exclusion_reasons(profile, service)
        if reasons:
            excluded.append(Exclusion(service=service, reasons=reasons))
        else:
            results.append(_match(profile, service))
    results.sort(key=_rank)
    excluded.sort(
        key=lambda item: (item.service.organisation_name.lower(), item.service.name.lower(), str(item.service.id))
    )
    return MatchResult(need=need, profile=profile, results=tuple(results), excluded=tuple(excluded))


__all__ = [
    "REASONS",
    "Exclusion",
    "Match",
    "MatchResult",
    "Profile",
    "ServiceFacts",
    "exclusion_reasons",
    "match",
]
