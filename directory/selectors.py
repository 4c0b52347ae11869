"""Reads of the directory that grow beyond one queryset call: matching, coverage, review.

Both load what they need in a fixed number of queries, whatever the number of
services, and leave the deciding to pure functions.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from directory.matching import MatchResult, Profile, ServiceFacts, match
from directory.models import Need, Region, Regulation, Service, Viewer
from directory.vocabulary import CATEGORY_FIELDS, VICTIM_CATEGORIES


def _facts_queryset(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return queryset.select_related("organisation").prefetch_related("regions", "needs")


def service_facts(service: Service) -> ServiceFacts:
    """What matching needs of one service (its regions and needs prefetched)."""
    return ServiceFacts(
        id=service.id,
        name=service.name,
        organisation_id=service.organisation.id,
        organisation_name=service.organisation.name,
        needs=frozenset(need.code for need in service.needs.all()),
        national=service.national,
        regions=frozenset(region.code for region in service.regions.all()),
        genders=frozenset(service.genders),
        age_groups=frozenset(service.age_groups),
        nationality_groups=frozenset(service.nationality_groups),
        exploitation_forms=frozenset(service.exploitation_forms),
        languages=frozenset(service.languages),
        published=service.published and service.organisation.published,
        capacity_free=service.capacity_free,
    )


def match_services(*, viewer: Viewer, profile: Profile, need: str) -> MatchResult:
    """Run the matching over every service ``viewer`` may see that meets ``need`` (3 queries)."""
    candidates = _facts_queryset(Service.objects.restrict(viewer).filter(needs__code=need))
    return match(profile, need, (service_facts(service) for service in candidates))


@dataclass(frozen=True)
class CoverageCell:
    need: str
    region: str
    count: int
    white_spot: bool
    possible_duplication: bool
    category: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class Coverage:
    cells: list[CoverageCell]
    duplication_threshold: int
    by: str | None


def _reaches(service: ServiceFacts, region: str) -> bool:
    return service.national or region in service.regions


def _accepts(service: ServiceFacts, category: str, value: str) -> bool:
    accepted: frozenset[str] = getattr(service, CATEGORY_FIELDS[category])
    return not accepted or value in accepted


def duplication_threshold(counts: Iterable[int]) -> int:
    """Counts above this are unusually many: the upper Tukey fence (Q3 + 1.5 IQR), at least 3."""
    values = sorted(counts)
    if len(values) < 4:
        return max(3, max(values, default=0))
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return max(3, int(q3 + 1.5 * (q3 - q1)))


def coverage(*, by: str | None = None) -> Coverage:
    """Per need and region (and victim category value when ``by`` is given), how many published
    services can be reached. 0 is a white spot; above the threshold a possible duplication."""
    services = [
        service_facts(service)
        for service in _facts_queryset(Service.objects.filter(published=True, organisation__published=True))
    ]
    regions = list(Region.objects.values_list("code", flat=True))
    needs = list(Need.objects.values_list("code", flat=True))
    values: list[str | None] = [None]
    if by is not None:
        values = [value for value in VICTIM_CATEGORIES[by].values if value != "unknown"]
    raw: list[tuple[str, str, str | None, int]] = []
    for need in needs:
        offering = [service for service in services if need in service.needs]
        for region in regions:
            reaching = [service for service in offering if _reaches(service, region)]
            for value in values:
                count = sum(1 for s in reaching if value is None or by is None or _accepts(s, by, value))
                raw.append((need, region, value, count))
    threshold = duplication_threshold(count for *_, count in raw)
    cells = [
        CoverageCell(
            need=need,
            region=region,
            count=count,
            white_spot=count == 0,
            possible_duplication=count > threshold,
            category=by,
            value=value,
        )
        for need, region, value, count in raw
    ]
    return Coverage(cells=cells, duplication_threshold=threshold, by=by)


# --- Review -----------------------------------------------------------------------------------------------------------

#: An entry not checked for this long is due for review (the editors hear of published services).
REVIEW_INTERVAL = datetime.timedelta(days=365)


def review_overdue(entry: Service | Regulation, *, today: datetime.date) -> bool:
    """Has nobody checked this entry for a year? Never checked counts from its creation."""
    reviewed = entry.last_reviewed or timezone.localdate(entry.created_at)
    return reviewed <= today - REVIEW_INTERVAL
