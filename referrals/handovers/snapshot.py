"""What a handover document says: a frozen snapshot of what its recipient may see, when issued.

Pure apart from reading the referral, its route and the directory's regulations once, at the
moment of issue. The document is rendered from this dictionary only, never from the live
referral, so it says what was handed over then.

* An acceptance or a reassignment goes to the organisation that will handle the referral: it
  sees the referral in full (``View.FULL``).
* A route goes to a provider: it sees the provider's field set (``View.ROUTE``, as the API's
  ``referral_body``): the profile and the one need of the route; not the exact nationality,
  the consent, the summary or who signalled it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from directory.models import Organisation, Regulation
from referrals.models import HandoverKind, Referral, Route
from referrals.querysets import View

#: Version of the snapshot's shape; the document template reads this version.
SNAPSHOT_VERSION = 1

#: The profile every recipient sees (the API's route view has the same).
PROFILE_FIELDS = (
    "phase",
    "gender",
    "age_group",
    "nationality_group",
    "exploitation_forms",
    "languages",
    "urgency",
)


def recipient_view(kind: str) -> View:
    """How much of the referral the recipient of this kind of handover may see."""
    return View.ROUTE if kind == HandoverKind.ROUTE else View.FULL


@dataclass(frozen=True)
class Eligibility:
    """Who a regulation holds for, where the directory cannot say it: it models regulations by need,
    and their eligibility as text. An empty set means any value."""

    nationality_groups: frozenset[str] = frozenset()
    age_groups: frozenset[str] = frozenset()

    def admits(self, nationality_group: str, age_group: str) -> bool:
        """``unknown`` is admitted: the document then names a regulation that may apply."""
        return _admits(self.nationality_groups, nationality_group) and _admits(self.age_groups, age_group)


def _admits(allowed: frozenset[str], value: str) -> bool:
    return not allowed or value in allowed or value == "unknown"


_NOT_DUTCH = frozenset({"eu", "non_eu"})
_OUTSIDE_EU = frozenset({"non_eu"})

#: The legal clocks and the COSM shelter hold for foreign victims only (DESIGN §10): the reflection
#: period and the B8 permit for those without a right of residence (outside the EU), COSM for adults
#: without Dutch nationality. Regulations not listed here apply by need alone.
ELIGIBILITY: dict[str, Eligibility] = {
    "bedenktijd": Eligibility(nationality_groups=_OUTSIDE_EU),
    "b8-verblijfsvergunning": Eligibility(nationality_groups=_OUTSIDE_EU),
    "voortgezet-verblijf": Eligibility(nationality_groups=_OUTSIDE_EU),
    "cosm": Eligibility(nationality_groups=_NOT_DUTCH, age_groups=frozenset({"adult"})),
}


def applicable(
    regulations: Iterable[Regulation], *, needs: Iterable[str], nationality_group: str, age_group: str
) -> list[Regulation]:
    """The regulations that concern one of ``needs`` and may hold for this person, by name."""
    wanted = set(needs)
    found = []
    for regulation in regulations:
        if not wanted & {need.code for need in regulation.needs.all()}:
            continue
        if ELIGIBILITY.get(regulation.code, Eligibility()).admits(nationality_group, age_group):
            found.append(regulation)
    return sorted(found, key=lambda regulation: regulation.name)


def published_regulations() -> list[Regulation]:
    """Every published regulation with its needs and organisation (two queries)."""
    return list(Regulation.objects.filter(published=True).select_related("organisation").prefetch_related("needs"))


def _organisation(organisation: Organisation) -> dict[str, str]:
    return {"id": str(organisation.id), "name": organisation.name}


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def snapshot(
    *,
    referral: Referral,
    route: Route | None,
    kind: str,
    issuer: Organisation,
    recipient: Organisation,
    issued_by: str,
    regulations: Iterable[Regulation],
) -> dict[str, Any]:
    """The frozen content of one handover document (JSON)."""
    view = recipient_view(kind)
    needs = [route.need] if route is not None and view is View.ROUTE else list(referral.needs)
    data: dict[str, Any] = {
        "v": SNAPSHOT_VERSION,
        "kind": kind,
        "view": view.value,
        "reference": referral.reference,
        "status": referral.status,
        "region": {"code": referral.region.code, "name": referral.region.name},
        "profile": {name: getattr(referral, name) for name in PROFILE_FIELDS},
        "needs": needs,
        "issuer": _organisation(issuer),
        "recipient": _organisation(recipient),
        "issued_by": issued_by,
    }
    if view is View.FULL:
        data.update(
            nationality=referral.nationality,
            consent=referral.consent,
            summary=referral.summary,
            signalling_organisation=referral.signalling_organisation.name,
            submitted_at=_moment(referral.submitted_at),
            accepted_at=_moment(referral.accepted_at),
            acceptance_deadline=_moment(referral.acceptance_deadline),
        )
    if route is not None:
        data["route"] = {
            "id": str(route.id),
            "need": route.need,
            "service": route.service.name,
            "organisation": route.organisation.name,
            "sent_at": _moment(route.sent_at),
        }
    data["regulations"] = [
        {
            "code": regulation.code,
            "name": regulation.name,
            "organisation": regulation.organisation.name,
            "description": regulation.description,
            "eligibility": regulation.eligibility,
        }
        for regulation in applicable(
            regulations, needs=needs, nationality_group=referral.nationality_group, age_group=referral.age_group
        )
    ]
    return data
