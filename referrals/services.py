"""Every write to a referral or a route: keyword-only, atomic, one per action (API.md).

Each service locks the row, checks the transition table and the actor's role,
saves only what changed, records a readable event and a simple-history row
with the actor, and publishes a domain event after commit. Nothing else
assigns ``status``.

Visibility is checked before these are called (an unseen referral is a 404
in the view); the services still re-read the row through ``restrict`` under
the lock so that a task or a script cannot bypass it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from directory.models import Organisation, OrganisationKind, Service
from directory.vocabulary import nationality_group
from nvm.errors import Conflict, DomainError, Forbidden, PreconditionFailed, TransitionNotAllowed
from referrals.anonymisation import check_fields, describe
from referrals.deadlines import acceptance_deadline
from referrals.events import publish_after_commit
from referrals.handovers.services import issue_handover
from referrals.models import (
    EventKind,
    HandoverKind,
    Referral,
    ReferralEvent,
    Route,
    Status,
)
from referrals.transitions import ROUTE_TRANSITIONS, ROUTING_STATUSES, TRANSITIONS, assert_transition

logger = logging.getLogger(__name__)

#: Fields a referral's author or handler may change with PATCH.
EDITABLE_FIELDS = (
    "region",
    "gender",
    "age_group",
    "nationality",
    "exploitation_forms",
    "needs",
    "urgency",
    "consent",
    "languages",
    "summary",
)


# --- helpers ------------------------------------------------------------------


def guard_free_text(fields: dict[str, str | None]) -> None:
    """Refuse (400, nothing stored) free text that looks like a direct identifier; never echo it."""
    hits = check_fields(fields)
    if hits:
        messages = {name: describe(kinds) for name, kinds in hits.items()}
        first = next(iter(messages.values()))
        raise DomainError(first, fields=messages)


def _lock(referral: Referral, actor: User) -> Referral:
    """The referral, re-read under a row lock through the actor's visibility."""
    try:
        return Referral.objects.restrict(actor).select_for_update(of=("self",)).get(pk=referral.pk)
    except Referral.DoesNotExist:
        raise Http404 from None


def _require_role(actor: User, roles: frozenset[str]) -> None:
    if actor.role not in roles:
        raise Forbidden(_("Uw rol mag dit niet doen."))


def _require_handler(referral: Referral, actor: User) -> None:
    """A coordinator acts on referrals of their own organisation; the national coordinator on all."""
    if actor.role == Role.COORDINATOR and referral.assigned_organisation_id != actor.organisation_id:
        raise Forbidden(_("Deze verwijzing is niet aan uw organisatie toegewezen."))


def _values(referral: Referral, names: list[str]) -> dict[str, Any]:
    values = {}
    for name in names:
        value = getattr(referral, f"{name}_id" if name in _FOREIGN_KEYS else name)
        values[name] = str(value) if isinstance(value, uuid.UUID) else value
    return values


_FOREIGN_KEYS = {"region", "assigned_organisation", "assigned_to"}


def _record(
    referral: Referral,
    *,
    actor: User,
    event: str,
    before: dict[str, Any],
    route: Route | None = None,
    extra: dict[str, Any] | None = None,
) -> Referral:
    """Save what changed (one simple-history row with the actor), log the event, publish it."""
    after = _values(referral, list(before))
    changes: dict[str, Any] = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    changed_fields = [f"{name}_id" if name in _FOREIGN_KEYS else name for name in changes]
    if event == EventKind.UPDATED and not changes:
        return referral  # a no-op PATCH writes no history
    referral.version += 1
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save(update_fields=[*changed_fields, *_TIMESTAMPS_OF.get(event, []), "version", "updated_at"])
    if extra:
        changes.update(extra)
    record = ReferralEvent.objects.create(referral=referral, actor=actor, event=event, changes=changes)
    publish_after_commit(
        event=event,
        event_id=record.id,
        referral_id=referral.id,
        actor_id=actor.id,
        route_id=route.id if route else None,
    )
    # ids and codes only: the log never carries case text
    logger.info("referral %s %s by user %s (status %s)", referral.reference, event, actor.pk, referral.status)
    return referral


_TIMESTAMPS_OF: dict[str, list[str]] = {
    EventKind.SUBMITTED: ["submitted_at", "acceptance_deadline"],
    EventKind.ACCEPTED: ["accepted_at"],
    EventKind.DECLINED: ["acceptance_deadline"],
    EventKind.REASSIGNED: ["acceptance_deadline"],
    EventKind.CLOSED: ["closed_at"],
    EventKind.REOPENED: ["closed_at"],
}


def national_coordinator() -> Organisation:
    organisation = Organisation.objects.filter(is_national_coordinator=True).first()
    if organisation is None:
        raise Conflict(_("Er is geen landelijk coördinator ingesteld; neem contact op met de beheerder."))
    return organisation


def coordinator_of(region_id: uuid.UUID) -> Organisation:
    """The care coordinator of a region; CoMensha where the region has none."""
    organisation = Organisation.objects.filter(coordinates_region_id=region_id).first()
    return organisation or national_coordinator()


# --- creating and editing -------------------------------------------------------


@transaction.atomic
def referral_create(*, actor: User, data: dict[str, Any]) -> Referral:
    """A new draft referral of the actor's organisation."""
    _require_role(actor, frozenset({Role.SIGNALLER}))
    guard_free_text({"summary": data.get("summary", "")})
    referral = Referral(
        **data,
        nationality_group=nationality_group(data["nationality"]),
        signalling_organisation=actor.organisation,
        signalled_by=actor,
        status=Status.DRAFT,
    )
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save()
    record = ReferralEvent.objects.create(referral=referral, actor=actor, event=EventKind.CREATED, changes={})
    publish_after_commit(event=EventKind.CREATED, event_id=record.id, referral_id=referral.id, actor_id=actor.id)
    return referral


#: Who may change a referral's fields, and in which statuses.
EDITABLE_IN: dict[str, frozenset[str]] = {
    Role.SIGNALLER: frozenset({Status.DRAFT, Status.PENDING}),
    Role.COORDINATOR: frozenset({Status.PENDING, Status.ACCEPTED}),
    Role.NATIONAL_COORDINATOR: frozenset({Status.PENDING, Status.ACCEPTED}),
}


def _require_editor(referral: Referral, actor: User) -> None:
    """403 when the role or organisation may not edit, 409 when the status does not allow it."""
    statuses = EDITABLE_IN.get(actor.role)
    if statuses is None:
        raise Forbidden(_("Uw rol mag verwijzingen niet wijzigen."))
    _require_handler(referral, actor)
    if referral.status not in statuses:
        raise TransitionNotAllowed(_("In deze status kan de verwijzing niet meer gewijzigd worden."))


@transaction.atomic
def referral_update(
    *, referral: Referral, actor: User, data: dict[str, Any], expected_version: int | None = None
) -> Referral:
    """Change profile fields; ``expected_version`` (from If-Match) must still be current (else 412)."""
    referral = _lock(referral, actor)
    if expected_version is not None and referral.version != expected_version:
        raise PreconditionFailed(_("De verwijzing is intussen gewijzigd; haal haar opnieuw op."))
    _require_editor(referral, actor)
    if "summary" in data:
        guard_free_text({"summary": data["summary"]})
    names = [name for name in EDITABLE_FIELDS if name in data]
    if "nationality" in data:
        names.append("nationality_group")
        data = {**data, "nationality_group": nationality_group(data["nationality"])}
    before = _values(referral, names)
    for name in names:
        setattr(referral, name, data[name])
    return _record(referral, actor=actor, event=EventKind.UPDATED, before=before)


# --- lifecycle ----------------------------------------------------------------


def _begin(referral: Referral, actor: User, action: str) -> Referral:
    """Lock, then check role (403) and status (409) for a lifecycle action."""
    locked = _lock(referral, actor)
    step = TRANSITIONS[action]
    _require_role(actor, step.roles)
    assert_transition(TRANSITIONS, action, locked.status)
    return locked


def referral_expect_version(*, referral: Referral, actor: User, version: int) -> Referral:
    """Lock the referral until the caller's transaction ends and check that the copy a page was
    drawn from (its ``version``) is still current, else 412 naming what it is now. A web form sends
    the version it was drawn from, so that an action on a stale page is refused rather than taken on
    a referral the user has not seen. Call it in the transaction of the action it guards."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("referral_expect_version must run inside the action's transaction")
    locked = _lock(referral, actor)
    if locked.version == version:
        return locked
    if locked.status == Status.ACCEPTED and locked.assigned_to is not None and locked.assigned_to != actor:
        name = locked.assigned_to.get_full_name() or locked.assigned_to.username
        now = _("aangenomen door %(name)s") % {"name": name}
    else:
        now = str(locked.get_status_display()).lower()
    raise PreconditionFailed(
        _(
            "Verwijzing %(reference)s is intussen door iemand anders gewijzigd (nu: %(now)s). "
            "Uw actie is niet uitgevoerd; bekijk de nieuwe stand en kies opnieuw."
        )
        % {"reference": locked.reference, "now": now}
    )


@transaction.atomic
def referral_submit(*, referral: Referral, actor: User) -> Referral:
    """Send a draft to the care coordinator of its region (CoMensha where there is none)."""
    referral = _begin(referral, actor, "submit")
    before = _values(referral, ["status", "assigned_organisation"])
    referral.status = Status.PENDING
    referral.assigned_organisation = coordinator_of(referral.region_id)
    referral.submitted_at = timezone.now()
    referral.acceptance_deadline = acceptance_deadline(referral.urgency, referral.submitted_at)
    return _record(
        referral,
        actor=actor,
        event=EventKind.SUBMITTED,
        before=before,
        extra={"acceptance_deadline": referral.acceptance_deadline.isoformat()},
    )


@transaction.atomic
def referral_accept(*, referral: Referral, actor: User) -> Referral:
    """Take the referral on. Of two coordinators accepting at once, the second gets 409."""
    referral = _begin(referral, actor, "accept")
    _require_handler(referral, actor)
    before = _values(referral, ["status", "assigned_organisation", "assigned_to"])
    referral.status = Status.ACCEPTED
    referral.assigned_organisation = actor.organisation
    referral.assigned_to = actor
    referral.accepted_at = timezone.now()
    _record(referral, actor=actor, event=EventKind.ACCEPTED, before=before)
    issue_handover(
        referral=referral,
        route=None,
        kind=HandoverKind.ACCEPTANCE,
        issuer=referral.signalling_organisation,
        recipient=actor.organisation,
        actor=actor,
    )
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, actor: User, reason: str) -> Referral:
    """A region declines: the referral goes to the national coordinator, still pending."""
    referral = _begin(referral, actor, "decline")
    _require_handler(referral, actor)
    guard_free_text({"reason": reason})
    comensha = national_coordinator()
    if referral.assigned_organisation_id == comensha.id:
        raise TransitionNotAllowed(_("De landelijk coördinator kan een verwijzing niet aan zichzelf teruggeven."))
    before = _values(referral, ["assigned_organisation"])
    referral.assigned_organisation = comensha
    referral.acceptance_deadline = acceptance_deadline(referral.urgency)
    return _record(referral, actor=actor, event=EventKind.DECLINED, before=before, extra={"reason": reason})


@transaction.atomic
def referral_reassign(*, referral: Referral, actor: User, organisation: Organisation) -> Referral:
    """The national coordinator moves a referral to another coordinating organisation."""
    referral = _begin(referral, actor, "reassign")
    coordinates = organisation.coordinates_region_id is not None or organisation.is_national_coordinator
    if organisation.kind != OrganisationKind.CARE_COORDINATION or not coordinates:
        raise DomainError(_("Kies een organisatie die zorgcoördinatie doet."), field="organisation")
    if organisation.id == referral.assigned_organisation_id:
        raise DomainError(_("De verwijzing is al aan deze organisatie toegewezen."), field="organisation")
    before = _values(referral, ["status", "assigned_organisation", "assigned_to"])
    previous = referral.assigned_organisation
    referral.status = Status.PENDING
    referral.assigned_organisation = organisation
    referral.assigned_to = None
    referral.acceptance_deadline = acceptance_deadline(referral.urgency)
    _record(referral, actor=actor, event=EventKind.REASSIGNED, before=before)
    issue_handover(
        referral=referral,
        route=None,
        kind=HandoverKind.REASSIGNMENT,
        issuer=previous,
        recipient=organisation,
        actor=actor,
    )
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, actor: User, reason: str) -> Referral:
    """The signalling organisation withdraws a draft it will not submit."""
    referral = _begin(referral, actor, "withdraw")
    guard_free_text({"reason": reason})
    before = _values(referral, ["status"])
    referral.status = Status.WITHDRAWN
    return _record(referral, actor=actor, event=EventKind.WITHDRAWN, before=before, extra={"reason": reason})


@transaction.atomic
def referral_set_phase(*, referral: Referral, actor: User, phase: str) -> Referral:
    """Record the phase (A-D); phases are independent of the status and not strictly sequential."""
    referral = _begin(referral, actor, "phase")
    _require_handler(referral, actor)
    before = _values(referral, ["phase"])
    if referral.phase == phase:
        return referral
    referral.phase = phase
    return _record(referral, actor=actor, event=EventKind.PHASE_CHANGED, before=before)


@transaction.atomic
def referral_close(*, referral: Referral, actor: User, outcome: str) -> Referral:
    referral = _begin(referral, actor, "close")
    _require_handler(referral, actor)
    before = _values(referral, ["status", "outcome"])
    referral.status = Status.CLOSED
    referral.outcome = outcome
    referral.closed_at = timezone.now()
    return _record(referral, actor=actor, event=EventKind.CLOSED, before=before)


@transaction.atomic
def referral_reopen(*, referral: Referral, actor: User) -> Referral:
    """The national coordinator reopens a closed referral; it is accepted again by its last handler."""
    referral = _begin(referral, actor, "reopen")
    before = _values(referral, ["status", "outcome"])
    referral.status = Status.ACCEPTED
    referral.outcome = ""
    referral.closed_at = None
    return _record(referral, actor=actor, event=EventKind.REOPENED, before=before)


# --- routes -------------------------------------------------------------------


@transaction.atomic
def route_propose(*, referral: Referral, actor: User, need: str, service: Service) -> Route:
    """Propose one service of the directory for one need of an accepted referral."""
    referral = _lock(referral, actor)
    _require_role(actor, ROUTE_TRANSITIONS["send"].roles)
    _require_handler(referral, actor)
    if referral.status not in ROUTING_STATUSES:
        raise TransitionNotAllowed(_("Doorverwijzen kan pas als de verwijzing is aangenomen."))
    if need not in referral.needs:
        raise DomainError(_("Deze hulpvraag hoort niet bij de verwijzing."), field="need")
    if not service.published or not service.needs.filter(code=need).exists():
        raise DomainError(_("Deze dienst biedt geen hulp bij deze hulpvraag."), field="service")
    route = Route(referral=referral, need=need, service=service, organisation=service.organisation, created_by=actor)
    route._history_user = actor  # type: ignore[attr-defined]
    route.save()
    _record(
        referral,
        actor=actor,
        event=EventKind.ROUTE_PROPOSED,
        before={},
        route=route,
        extra={"route": str(route.id), "need": need, "service": str(service.id)},
    )
    return route


def _lock_route(route: Route, actor: User) -> Route:
    try:
        locked: Route = Route.objects.restrict(actor).select_for_update(of=("self",)).get(pk=route.pk)
        return locked
    except Route.DoesNotExist:
        raise Http404 from None


_ROUTE_EVENTS = {
    "send": EventKind.ROUTE_SENT,
    "accept": EventKind.ROUTE_ACCEPTED,
    "decline": EventKind.ROUTE_DECLINED,
    "complete": EventKind.ROUTE_COMPLETED,
}


@transaction.atomic
def route_act(*, route: Route, actor: User, action: str, reason: str = "") -> Route:
    """send (coordinator; issues a handover), accept / decline / complete (the receiving provider)."""
    route = _lock_route(route, actor)
    step = ROUTE_TRANSITIONS[action]
    _require_role(actor, step.roles)
    referral = _lock(route.referral, actor)
    if actor.role == Role.PROVIDER and route.organisation_id != actor.organisation_id:
        raise Forbidden(_("Deze doorverwijzing is niet voor uw organisatie."))
    if action == "send":
        _require_handler(referral, actor)
        if referral.status not in ROUTING_STATUSES:
            raise TransitionNotAllowed(_("Doorverwijzen kan pas als de verwijzing is aangenomen."))
    elif referral.status == Status.CLOSED:
        # A reassigned referral keeps its routes (the care goes on); a closed one is finished.
        raise TransitionNotAllowed(_("De verwijzing is afgesloten; deze doorverwijzing kan niet meer veranderen."))
    assert_transition(ROUTE_TRANSITIONS, action, route.status)
    guard_free_text({"reason": reason})  # any reason given is stored in the history, whatever the action
    if action == "decline":
        route.decline_reason = reason
    old = route.status
    route.status = step.target or route.status
    if action == "send":
        route.sent_at = timezone.now()
    route._history_user = actor  # type: ignore[attr-defined]
    route.save(update_fields=["status", "decline_reason", "sent_at", "updated_at"])
    extra: dict[str, Any] = {"route": str(route.id), "status": [old, route.status]}
    if reason:
        extra["reason"] = reason
    _record(referral, actor=actor, event=_ROUTE_EVENTS[action], before={}, route=route, extra=extra)
    if action == "send":
        issue_handover(
            referral=referral,
            route=route,
            kind=HandoverKind.ROUTE,
            issuer=referral.assigned_organisation,
            recipient=route.organisation,
            actor=actor,
        )
    return route
