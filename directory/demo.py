"""Demo directory for ``seed_demo``: writes the demo Wegwijzer of ``directory.demo_data``.

Regions, organisations, services and regulations; idempotent (natural keys:
region code, organisation name, service organisation and name, regulation
code). Zeeland-West-Brabant and Limburg deliberately have no care coordinator,
as in reality: CoMensha picks their referrals up.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from directory.demo_data import (
    ORGANISATIONS,
    REGIONS,
    REGIONS_WITHOUT_COORDINATOR,
    REGULATIONS,
    SERVICES,
    DemoOrganisation,
    DemoRegulation,
    DemoService,
)
from directory.models import Need, Organisation, Region, Regulation, Service

__all__ = [
    "ORGANISATIONS",
    "REGIONS",
    "REGIONS_WITHOUT_COORDINATOR",
    "REGULATIONS",
    "SERVICES",
    "DemoOrganisation",
    "DemoRegulation",
    "DemoService",
    "seed_directory",
]


def _reviewed(today: datetime.date, days_ago: int | None) -> datetime.date | None:
    return None if days_ago is None else today - datetime.timedelta(days=days_ago)


def _seed_organisations(regions: dict[str, Region]) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for demo in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            name=demo.name,
            defaults={
                "kind": demo.kind,
                "coordinates_region": regions[demo.coordinates_region] if demo.coordinates_region else None,
                "is_national_coordinator": demo.is_national_coordinator,
                "description": demo.description,
                "email": demo.email,
                "phone": demo.phone,
                "website": demo.website,
                "published": demo.published,
            },
        )
        organisation.regions.set([regions[code] for code in demo.regions])
        organisations[demo.key] = organisation
    return organisations


def _seed_services(regions: dict[str, Region], organisations: dict[str, Organisation], needs: dict[str, Need]) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    for demo in SERVICES:
        organisation = organisations[demo.organisation]
        total, free = demo.capacity if demo.capacity else (None, None)
        service, _ = Service.objects.update_or_create(
            organisation=organisation,
            name=demo.name,
            defaults={
                "description": demo.description,
                "national": demo.national,
                "genders": [value.value for value in demo.genders],
                "age_groups": [value.value for value in demo.age_groups],
                "nationality_groups": [value.value for value in demo.nationality_groups],
                "exploitation_forms": [value.value for value in demo.exploitation_forms],
                "languages": list(demo.languages),
                "phases": [value.value for value in demo.phases],
                "url": organisation.website,
                "published": demo.published,
                "last_reviewed": _reviewed(today, demo.reviewed_days_ago),
                "capacity_total": total,
                "capacity_free": free,
                "capacity_updated_at": now if demo.capacity else None,
            },
        )
        service.needs.set([needs[code.value] for code in demo.needs])
        service.regions.set([regions[code] for code in demo.regions])


def _seed_regulations(organisations: dict[str, Organisation], needs: dict[str, Need]) -> None:
    today = timezone.localdate()
    for demo in REGULATIONS:
        organisation = organisations[demo.organisation]
        regulation, _ = Regulation.objects.update_or_create(
            code=demo.code,
            defaults={
                "name": demo.name,
                "description": demo.description,
                "eligibility": demo.eligibility,
                "organisation": organisation,
                "url": f"{organisation.website}{demo.code}/",
                "published": demo.published,
                "last_reviewed": _reviewed(today, demo.reviewed_days_ago),
            },
        )
        regulation.needs.set([needs[code.value] for code in demo.needs])


def seed_directory() -> dict[str, Organisation]:
    """Create or update the demo Wegwijzer; returns the organisations by key."""
    regions = {code: Region.objects.update_or_create(code=code, defaults={"name": name})[0] for code, name in REGIONS}
    organisations = _seed_organisations(regions)
    needs = {need.code: need for need in Need.objects.all()}
    _seed_services(regions, organisations, needs)
    _seed_regulations(organisations, needs)
    return organisations
