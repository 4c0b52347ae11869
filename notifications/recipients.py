"""Who hears of which event: the users of the organisation concerned whose role acts on it.

Never a user who does not see the referral: every candidate is checked against the one visibility
rule (``Referral.objects.restrict``), and never the person who did it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Q

from accounts.models import Role, User
from notifications.models import Kind
from referrals.models import EventKind, Handover, Referral, Route
from referrals.querysets import viewers

#: The event kinds that notify, and what they are called.
KINDS: dict[str, Kind] = {
    EventKind.SUBMITTED: Kind.REFERRAL_ASSIGNED,
    EventKind.REASSIGNED: Kind.REFERRAL_ASSIGNED,
    EventKind.REOPENED: Kind.REFERRAL_ASSIGNED,
    EventKind.ACCEPTED: Kind.REFERRAL_ACCEPTED,
    EventKind.DECLINED: Kind.REFERRAL_DECLINED,
    EventKind.ROUTE_SENT: Kind.ROUTE_SENT,
    EventKind.ROUTE_ACCEPTED: Kind.ROUTE_ACCEPTED,
    EventKind.ROUTE_DECLINED: Kind.ROUTE_DECLINED,
    EventKind.ROUTE_COMPLETED: Kind.ROUTE_COMPLETED,
    EventKind.HANDOVER_ISSUED: Kind.HANDOVER_ISSUED,
    EventKind.HANDOVER_ACKNOWLEDGED: Kind.HANDOVER_ACKNOWLEDGED,
}

_COORDINATING = (Role.COORDINATOR, Role.NATIONAL_COORDINATOR)


def _members(organisation_id: uuid.UUID | None, roles: Iterable[str]) -> Q:
    if organisation_id is None:
        return Q(pk__in=[])
    return Q(organisation_id=organisation_id, role__in=list(roles))


def _comensha() -> Q:
    return Q(organisation__is_national_coordinator=True, role=Role.NATIONAL_COORDINATOR)


def deadline_recipients(referral: Referral, *, overdue: bool) -> list[User]:
    """Who hears of a referral's acceptance deadline: the coordinators of the organisation it waits
    for and, once the deadline has passed, CoMensha; only those who see it."""
    who = _members(referral.assigned_organisation_id, _COORDINATING)
    if overdue:
        who |= _comensha()
    return _who_see(who, referral)


def directory_editors() -> list[User]:
    return list(
        User.objects.filter(role=Role.DIRECTORY_EDITOR, is_active=True).select_related("notification_preference")
    )


def _who_see(who: Q, referral: Referral, actor_id: uuid.UUID | None = None) -> list[User]:
    users = User.objects.filter(who & viewers(referral))
    if actor_id is not None:
        users = users.exclude(pk=actor_id)
    return list(users.select_related("notification_preference").order_by("username"))


def recipients(
    *,
    event: str,
    referral: Referral,
    actor_id: uuid.UUID,
    route_id: uuid.UUID | None,
    handover_id: uuid.UUID | None,
) -> list[User]:
    """The users to notify of ``event``, each of whom sees ``referral``."""
    who = Q(pk__in=[])
    if event in (EventKind.SUBMITTED, EventKind.REASSIGNED, EventKind.REOPENED):
        who = _members(referral.assigned_organisation_id, _COORDINATING)
    elif event in (EventKind.ACCEPTED, EventKind.DECLINED):
        who = _members(referral.signalling_organisation_id, [Role.SIGNALLER]) | _comensha()
    elif event.startswith("route_") and route_id is not None:
        route = Route.objects.get(pk=route_id)
        providers = _members(route.organisation_id, [Role.PROVIDER])
        coordinators = _members(referral.assigned_organisation_id, _COORDINATING)
        who = providers if event == EventKind.ROUTE_SENT else providers | coordinators
    elif event.startswith("handover_") and handover_id is not None:
        handover = Handover.objects.get(pk=handover_id)
        if event == EventKind.HANDOVER_ISSUED:
            who = Q(organisation_id=handover.recipient_organisation_id) & ~Q(role="")
        else:
            who = Q(organisation_id=handover.issuing_organisation_id) & ~Q(role="")
    return _who_see(who, referral, actor_id)
