"""Demo directory for ``seed_demo``: writes the demo Wegwijzer of ``directory.demo_data``.

Regions, organisations, services and regulations; idempotent (natural keys:
region code, organisation name, service organisation and name, regulation
code). Zeeland-West-Brabant and Limburg deliberately have no care coordinator,
as in reality: CoMensha picks their referrals up.
"""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db import models
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

_M = TypeVar("_M", bound=models.Model)

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


def _upsert(model: type[_M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[_M, list[str]]:
    """Create the row, or change only the fields that differ; returns it and the changed fields.

    Unlike ``update_or_create`` this saves nothing when nothing changed, so seeding again
    writes no history rows."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        return model._default_manager.create(**lookup, **values), list(values)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        automatic = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        row.save(update_fields=[*changed, *automatic])
    return row, changed


def _reviewed(today: datetime.date, days_ago: int | None) -> datetime.date | None:
    return None if days_ago is None else today - datetime.timedelta(days=days_ago)


def _seed_organisations(regions: dict[str, Region]) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for demo in ORGANISATIONS:
        organisation, _ = _upsert(
            Organisation,
            {"name": demo.name},
            {
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
        service, changed = _upsert(
            Service,
            {"organisation": organisation, "name": demo.name},
            {
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
            },
        )
        if demo.capacity and {"capacity_total", "capacity_free"} & set(changed):
            service.capacity_updated_at = now
            service.save(update_fields=["capacity_updated_at"])
        service.needs.set([needs[code.value] for code in demo.needs])
        service.regions.set([regions[code] for code in demo.regions])


def _seed_regulations(organisations: dict[str, Organisation], needs: dict[str, Need]) -> None:
    today = timezone.localdate()
    for demo in REGULATIONS:
        organisation = organisations[demo.organisation]
        regulation, _ = _upsert(
            Regulation,
            {"code": demo.code},
            {
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
    regions = {code: _upsert(Region, {"code": code}, {"name": name})[0] for code, name in REGIONS}
    organisations = _seed_organisations(regions)
    needs = {need.code: need for need in Need.objects.all()}
    _seed_services(regions, organisations, needs)
    _seed_regulations(organisations, needs)
    return organisations
