"""Every write to a handover, and the verification of a file (which only reads stored hashes).

* ``issue_handover``: inside the transaction of the service that moved responsibility: freeze
  the snapshot, record the row, the ``handover_issued`` event, and schedule the rendering.
* ``handover_render``: the task's work: render once, store the bytes and their SHA-256, and
  claim the row with a compare-and-set under its lock (a handover that has bytes keeps them).
* ``handover_acknowledge``: a member of the recipient organisation, once.
* ``handover_reissue``: a new version that supersedes the old one (docs/decisions/0009).
* ``handover_for_file``: which ready handover, if any, has exactly these bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from directory.models import Organisation
from nvm.enqueue import send_now
from nvm.errors import Conflict, DomainError, Forbidden, TransitionNotAllowed
from referrals.events import publish_after_commit
from referrals.handovers.document import render_html, render_pdf
from referrals.handovers.snapshot import published_regulations, snapshot
from referrals.handovers.storage import discard, sha256, store
from referrals.models import (
    EventKind,
    Handover,
    HandoverKind,
    HandoverState,
    Referral,
    ReferralEvent,
    Route,
    RouteStatus,
    Status,
)

logger = logging.getLogger(__name__)

#: Who acknowledges for the recipient organisation: the roles that work with referrals there.
ACKNOWLEDGING_ROLES = frozenset({Role.COORDINATOR, Role.NATIONAL_COORDINATOR, Role.PROVIDER})
#: Who may re-issue (and then only for a referral they handle; CoMensha for all).
REISSUING_ROLES = frozenset({Role.COORDINATOR, Role.NATIONAL_COORDINATOR})


class HandoverRenderFailed(Exception):
    """One try at rendering failed; the task retries it. Carries the kind of error, never case text."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class FileTooLarge(DomainError):
    status_code = 413
    code = "too_large"


def _name(user: User) -> str:
    return user.get_full_name() or user.username


# --- Issuing ------------------------------------------------------------------------


def issue_handover(
    *,
    referral: Referral,
    route: Route | None,
    kind: str,
    issuer: Organisation | None,
    recipient: Organisation | None,
    actor: User,
    supersedes: Handover | None = None,
) -> Handover:
    """Record a handover inside the caller's transaction; it is rendered after the commit.

    A new version when one of the same kind exists for the referral and route."""
    if recipient is None or issuer is None:
        raise ValueError("a handover needs an issuing and a recipient organisation")
    previous = Handover.objects.filter(referral=referral, route=route, kind=kind).aggregate(latest=Max("version"))
    handover = Handover(
        referral=referral,
        route=route,
        kind=kind,
        version=(previous["latest"] or 0) + 1,
        supersedes=supersedes,
        snapshot=snapshot(
            referral=referral,
            route=route,
            kind=kind,
            issuer=issuer,
            recipient=recipient,
            issued_by=_name(actor),
            regulations=published_regulations(),
        ),
        issued_by=actor,
        issuing_organisation=issuer,
        recipient_organisation=recipient,
    )
    handover._history_user = actor  # type: ignore[attr-defined]
    handover.save()
    changes = {"handover": str(handover.id), "kind": kind, "version": handover.version, "recipient": str(recipient.id)}
    if supersedes is not None:
        changes["supersedes"] = str(supersedes.id)
    _event(handover, actor, EventKind.HANDOVER_ISSUED, changes)
    schedule_render(handover.id)
    return handover


def _event(handover: Handover, actor: User, event: str, changes: dict[str, object]) -> None:
    record = ReferralEvent.objects.create(referral_id=handover.referral_id, actor=actor, event=event, changes=changes)
    publish_after_commit(
        event=event,
        event_id=record.id,
        referral_id=handover.referral_id,
        actor_id=actor.id,
        route_id=handover.route_id,
        handover_id=handover.id,
    )
    logger.info("handover %s (v%s) %s by user %s", handover.id, handover.version, event, actor.pk)


def schedule_render(handover_id: uuid.UUID) -> None:
    """Render after the commit. If the broker is down, the row stays ``rendering`` and the periodic
    sweep (``render_stale``) schedules it again: the row itself is the outbox."""

    def enqueue() -> None:
        from referrals.tasks import render_handover

        if settings.CELERY_TASK_ALWAYS_EAGER:
            _render_eagerly(render_handover, handover_id)
        else:
            send_now(render_handover, str(handover_id))  # a broker that is down: the sweep sends it later

    transaction.on_commit(enqueue, robust=True)


def _render_eagerly(task: Any, handover_id: uuid.UUID) -> None:
    """In-process (``make run``): the task's tries run at once, one after the other. Celery's eager
    mode raises a retry into the caller (with ``task_eager_propagates``) instead of retrying."""
    from celery.exceptions import Retry

    for tries in range(task.max_retries + 1):
        try:
            task.apply(args=[str(handover_id)], retries=tries, throw=True)
        except Retry:
            continue
        return


# --- Rendering ----------------------------------------------------------------------


def handover_render(*, handover_id: uuid.UUID, final: bool) -> str:
    """Render and store one handover's document; its state afterwards.

    Idempotent: a handover that already has its bytes keeps them. A failed try records its kind
    and raises ``HandoverRenderFailed`` (the task retries), except the ``final`` one, which marks
    the handover failed."""
    handover = Handover.objects.select_related("supersedes").filter(pk=handover_id).first()
    if handover is None:
        return "gone"  # erased before it was rendered
    if handover.state != HandoverState.RENDERING or handover.sha256:
        return handover.state
    try:
        pdf = render_pdf(render_html(handover), identifier=handover.id.hex.encode("ascii"))
        digest = sha256(pdf)
        name = store(handover, pdf, digest)
    except Exception as error:
        kind = type(error).__name__
        state = _failed_try(handover_id, kind, final=final)
        if final:
            return state
        raise HandoverRenderFailed(kind) from error
    return _claim(handover_id, name=name, digest=digest, size=len(pdf))


@transaction.atomic
def _claim(handover_id: uuid.UUID, *, name: str, digest: str, size: int) -> str:
    """Compare-and-set under the row lock: the first stored document wins, a later one is discarded."""
    handover = Handover.objects.select_for_update().get(pk=handover_id)
    if handover.sha256 or handover.state != HandoverState.RENDERING:
        discard(name)
        return handover.state
    handover.document.name = name
    handover.sha256 = digest
    handover.size = size
    handover.state = HandoverState.READY
    handover.rendered_at = timezone.now()
    handover.attempts += 1
    handover.last_error = ""
    handover._history_user = None  # type: ignore[attr-defined]
    handover.save(update_fields=["document", "sha256", "size", "state", "rendered_at", "attempts", "last_error"])
    return handover.state


@transaction.atomic
def _failed_try(handover_id: uuid.UUID, kind: str, *, final: bool) -> str:
    handover = Handover.objects.select_for_update().get(pk=handover_id)
    if handover.state != HandoverState.RENDERING:
        return handover.state
    handover.attempts += 1
    handover.last_error = kind[:100]
    fields = ["attempts", "last_error"]
    if final:
        handover.state = HandoverState.FAILED
        fields.append("state")
        # ids and the kind of error only: the log never carries case text
        logger.error(
            "handover %s of referral %s FAILED to render after %d tries (%s). Fix the cause, then run "
            "`manage.py render_handovers --failed` to try again.",
            handover.id,
            handover.referral_id,
            handover.attempts,
            kind,
        )
    else:
        logger.warning("handover %s: rendering try %d failed (%s); retrying", handover.id, handover.attempts, kind)
    handover._history_user = None  # type: ignore[attr-defined]
    handover.save(update_fields=fields)
    return handover.state


def render_stale(*, now: dt.datetime | None = None) -> int:
    """Schedule again the handovers whose rendering never started (a task lost between the commit
    and the broker); run by celery beat. The number scheduled."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=settings.HANDOVER_RENDER_STALE_MINUTES)
    stale = list(
        Handover.objects.filter(state=HandoverState.RENDERING, attempts=0, issued_at__lt=cutoff)
        .order_by("issued_at")
        .values_list("id", flat=True)[:500]
    )
    for handover_id in stale:
        schedule_render(handover_id)
    return len(stale)


@transaction.atomic
def handover_retry(*, handover_ids: Iterable[uuid.UUID]) -> int:
    """An operator's second chance for failed handovers: rendering again from the first try."""
    count = 0
    for handover in Handover.objects.select_for_update().filter(pk__in=list(handover_ids), state=HandoverState.FAILED):
        handover.state = HandoverState.RENDERING
        handover.attempts = 0
        handover._history_user = None  # type: ignore[attr-defined]
        handover.save(update_fields=["state", "attempts"])
        schedule_render(handover.id)
        count += 1
    return count


# --- Acknowledging and re-issuing ------------------------------------------------------


def _lock(handover: Handover, actor: User) -> Handover:
    try:
        return Handover.objects.restrict(actor).select_for_update(of=("self",)).get(pk=handover.pk)
    except Handover.DoesNotExist:
        raise Http404 from None


@transaction.atomic
def handover_acknowledge(*, handover: Handover, actor: User) -> Handover:
    """A member of the recipient organisation confirms receipt of the document: once, who and when."""
    handover = _lock(handover, actor)
    if actor.organisation_id != handover.recipient_organisation_id or actor.role not in ACKNOWLEDGING_ROLES:
        raise Forbidden(_("Alleen de ontvangende organisatie bevestigt de ontvangst van een overdracht."))
    if handover.acknowledged_at is not None:
        raise Conflict(_("De ontvangst van deze overdracht is al bevestigd."))
    if Handover.objects.filter(supersedes=handover).exists():
        raise TransitionNotAllowed(_("Deze versie is vervangen; bevestig de ontvangst van de nieuwste versie."))
    if handover.state != HandoverState.READY:
        raise TransitionNotAllowed(_("Het document is nog niet klaar; bevestig de ontvangst als u het heeft."))
    handover.acknowledged_at = timezone.now()
    handover.acknowledged_by = actor
    handover._history_user = actor  # type: ignore[attr-defined]
    handover.save(update_fields=["acknowledged_at", "acknowledged_by"])
    _event(
        handover, actor, EventKind.HANDOVER_ACKNOWLEDGED, {"handover": str(handover.id), "version": handover.version}
    )
    return handover


@transaction.atomic
def handover_reissue(*, handover: Handover, actor: User) -> Handover:
    """A new version, from the referral as it is now, to the same recipient (docs/decisions/0009).

    CoMensha, or a coordinator of the organisation handling the referral; only the newest version
    of a handover that still stands. The new version is issued by the organisation handling the
    referral now, so an earlier issuer that no longer handles it does not see the new content."""
    if actor.role not in REISSUING_ROLES:
        raise Forbidden(_("Alleen de zorgcoördinatie die de verwijzing behandelt of CoMensha geeft opnieuw uit."))
    try:
        referral = (
            Referral.objects.restrict(actor)
            .select_for_update(of=("self",))
            .select_related("region", "signalling_organisation")
            .get(pk=handover.referral_id)
        )
    except Referral.DoesNotExist:
        raise Forbidden(_("U behandelt deze verwijzing niet (meer).")) from None
    handover = _lock(handover, actor)
    if actor.role == Role.COORDINATOR and referral.assigned_organisation_id != actor.organisation_id:
        raise Forbidden(_("U behandelt deze verwijzing niet (meer)."))
    if Handover.objects.filter(supersedes=handover).exists():
        raise Conflict(_("Er is al een nieuwere versie van deze overdracht."))
    _require_current(handover, referral)
    return issue_handover(
        referral=referral,
        route=handover.route,
        kind=handover.kind,
        issuer=referral.assigned_organisation,
        recipient=handover.recipient_organisation,
        actor=actor,
        supersedes=handover,
    )


def _require_current(handover: Handover, referral: Referral) -> None:
    """A re-issue shows the referral as it is now: only to a recipient still entitled to it."""
    if referral.status in {Status.CLOSED, Status.WITHDRAWN}:
        raise TransitionNotAllowed(_("De verwijzing is afgesloten; haar overdrachten worden niet opnieuw uitgegeven."))
    if handover.kind == HandoverKind.ROUTE:
        route = handover.route
        if route is None or route.status not in {RouteStatus.SENT, RouteStatus.ACCEPTED}:
            raise TransitionNotAllowed(_("Deze doorverwijzing loopt niet meer."))
    elif handover.recipient_organisation_id != referral.assigned_organisation_id:
        raise TransitionNotAllowed(_("De verwijzing ligt niet meer bij de ontvanger van deze overdracht."))


# --- Verifying a file -------------------------------------------------------------------


def refuse_too_large(size: int) -> None:
    """413 for a file larger than the check reads (``HANDOVER_VERIFY_MAX_MB``)."""
    if size > settings.HANDOVER_VERIFY_MAX_BYTES:
        limit = settings.HANDOVER_VERIFY_MAX_BYTES // (1024 * 1024)
        raise FileTooLarge(_("Het bestand is groter dan %(limit)s MB.") % {"limit": limit}, field="file")


def handover_for_file(chunks: Iterable[bytes], *, size: int) -> Handover | None:
    """The ready handover whose stored bytes are exactly these, if any. Reads stored hashes only."""
    refuse_too_large(size)
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return Handover.objects.filter(sha256=digest.hexdigest(), size=size, state=HandoverState.READY).first()
