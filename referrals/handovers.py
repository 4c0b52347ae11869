"""Handovers: a record of every transfer of responsibility, with a frozen snapshot.

This module freezes the snapshot and creates the record. Rendering the
snapshot to a PDF with WeasyPrint and storing its SHA-256 is the seam left for
the handover-document work: it will fill ``Handover.sha256`` (and the file)
from ``Handover.snapshot``, never by re-reading the live referral.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from accounts.models import User
from directory.models import Organisation
from referrals.models import Handover, Referral, Route

_PROFILE = (
    "reference",
    "gender",
    "age_group",
    "nationality",
    "nationality_group",
    "exploitation_forms",
    "urgency",
    "consent",
    "languages",
    "phase",
    "status",
)


def snapshot(referral: Referral, route: Route | None) -> dict[str, Any]:
    """What the recipient receives. A route's recipient gets only the profile and its own need."""
    data: dict[str, Any] = {name: getattr(referral, name) for name in _PROFILE}
    data["region"] = referral.region.code
    if route is None:
        data["needs"] = list(referral.needs)
        data["summary"] = referral.summary
    else:
        data["needs"] = [route.need]
        data["route"] = {"id": str(route.id), "need": route.need, "service": route.service.name}
    return data


def issue_handover(
    *, referral: Referral, route: Route | None, kind: str, recipient: Organisation | None, actor: User
) -> Handover:
    """Record a handover (a new version when one of the same kind exists), inside the caller's transaction."""
    if recipient is None:
        raise ValueError("a handover needs a recipient organisation")
    previous = Handover.objects.filter(referral=referral, route=route, kind=kind).aggregate(latest=Max("version"))
    handover = Handover(
        referral=referral,
        route=route,
        kind=kind,
        version=(previous["latest"] or 0) + 1,
        snapshot=snapshot(referral, route),
        issued_by=actor,
        recipient_organisation=recipient,
    )
    handover._history_user = actor  # type: ignore[attr-defined]
    handover.save()
    return handover
