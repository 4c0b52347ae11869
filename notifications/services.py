"""Every write of the notifications app: notifying (in-app and the e-mail outbox), delivering,
the digest, the deadline checks, and marking as read.

Notifications and their deliveries are written in the transaction of what caused them; e-mail
goes out from Celery tasks sent after the commit (``nvm.enqueue``), and a periodic sweep sends what
is still pending, so an outage of the broker delays an e-mail but never loses one.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from directory.models import Service
from notifications.models import (
    Delivery,
    DeliveryState,
    EmailChoice,
    FanOut,
    Kind,
    Notification,
    Preference,
    Reminder,
)
from notifications.recipients import KINDS, deadline_recipients, directory_editors, recipients
from notifications.words import link, message, subject
from referrals.deadlines import deadline_state
from referrals.models import Referral, ReferralEvent, Status

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The e-mail could not be sent this time; the task retries with backoff."""


# --- notifying ---------------------------------------------------------------------------------------------------


def on_event(*, event: str, event_id: int, **_: Any) -> None:
    """After a referral event has committed: hand its fan-out to a worker. The request only enqueues;
    the event row is the outbox, and the sweep fans out any event whose task was lost."""
    if event in KINDS:
        from notifications.tasks import fan_out_event
        from nvm.enqueue import send_now

        send_now(fan_out_event, event_id)


def fan_out(event_id: int) -> int:
    """The notifications (and e-mail deliveries) of one referral event, once: the ``FanOut`` row is
    written with them, so a second run (a retry, the sweep) finds it and does nothing."""
    record = ReferralEvent.objects.select_related("referral").filter(pk=event_id).first()
    kind = KINDS.get(record.event) if record is not None else None
    if record is None or kind is None:
        return 0
    try:
        with transaction.atomic():
            FanOut.objects.create(event_id=event_id)
            users = recipients(
                event=record.event,
                referral=record.referral,
                actor_id=record.actor_id,
                route_id=_id(record.changes.get("route")),
                handover_id=_id(record.changes.get("handover")),
            )
            notifications = _notify(
                users, kind=kind, subject={"referral": record.referral}, cause={"event_id": event_id}
            )
    except IntegrityError:
        return 0  # fanned out already
    logger.info(
        "event %s of referral %s: %d notifications", record.event, record.referral.reference, len(notifications)
    )
    return len(notifications)


def _id(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _notify(users: Iterable[User], *, kind: str, subject: dict[str, Any], cause: dict[str, Any]) -> list[Notification]:
    """Notifications and their e-mail deliveries (in the caller's transaction: the event's, or a
    reminder's), and the sending of the immediate ones after the commit. Users come with their
    preference (``select_related("notification_preference")``) where they have one."""
    users = list(users)
    if not users:
        return []
    notifications = Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, **subject, **cause) for user in users]
    )
    deliveries = []
    for notification, user in zip(notifications, users, strict=True):
        choice = _preference(user).choice_for(kind)
        if choice != EmailChoice.NONE and user.email:
            deliveries.append(Delivery(notification=notification, digest=choice == EmailChoice.DIGEST))
    at_once = [delivery.pk for delivery in Delivery.objects.bulk_create(deliveries) if not delivery.digest]
    if at_once:
        transaction.on_commit(lambda: _send(at_once))
    return notifications


def _preference(user: User) -> Preference:
    try:
        preference: Preference = user.notification_preference
    except Preference.DoesNotExist:
        return Preference(user=user)
    return preference


def _send(delivery_ids: Iterable[int]) -> None:
    from notifications.tasks import deliver_email
    from nvm.enqueue import send_now

    for delivery_id in delivery_ids:
        send_now(deliver_email, delivery_id)


# --- delivering --------------------------------------------------------------------------------------------------


def deliver(*, delivery_id: int, final: bool = False) -> str:
    """Send one e-mail at most once: claim the row (pending → sending) or leave it to whoever has."""
    claimed = Delivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING, digest=False).update(
        state=DeliveryState.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related(
        "notification__user", "notification__referral", "notification__service"
    ).get(pk=delivery_id)
    _fault("after_claim")
    notification = delivery.notification
    try:
        _email(notification.user, [notification], digest=False)
    except Exception as error:  # the mail server: any failure is retried, then shown as failed
        state = DeliveryState.FAILED if final else DeliveryState.PENDING
        Delivery.objects.filter(pk=delivery_id).update(state=state, last_error=type(error).__name__[:100])
        logger.warning(
            "e-mail of notification %s %s: %s",
            notification.pk,
            "failed for good" if final else "will be retried",
            error,
        )
        if final:
            return "failed"
        raise DeliveryFailed(str(error)) from error
    Delivery.objects.filter(pk=delivery_id).update(state=DeliveryState.SENT, sent_at=timezone.now())
    _fault("after_send")
    return "sent"


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Celery beat: free the claims of workers that died, and send what is still pending."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.NOTIFICATION_CLAIM_MINUTES)
    freed = Delivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=stale).update(
        state=DeliveryState.PENDING
    )
    if freed:
        logger.warning("%d e-mail deliveries were claimed by a worker that stopped; sending them again", freed)
    pending = list(Delivery.objects.filter(state=DeliveryState.PENDING, digest=False).values_list("pk", flat=True))
    _send(pending)
    # Events whose fan-out task was lost (the broker was away when they committed).
    since = now - timedelta(days=settings.NOTIFICATION_SWEEP_DAYS)
    lost = list(
        ReferralEvent.objects.filter(event__in=list(KINDS), at__gte=since, at__lt=now - timedelta(seconds=30))
        .exclude(pk__in=FanOut.objects.values("event_id"))
        .values_list("pk", flat=True)
    )
    if lost:
        from notifications.tasks import fan_out_event
        from nvm.enqueue import send_now

        logger.warning("%d referral events were not fanned out yet (a lost task); fanning them out now", len(lost))
        for event_id in lost:
            send_now(fan_out_event, event_id)
    return {"freed": freed, "sent": len(pending), "events": len(lost)}


def send_digests() -> int:
    """Celery beat, daily: one e-mail per user with everything waiting for the digest."""
    users = User.objects.filter(
        pk__in=Delivery.objects.filter(state=DeliveryState.PENDING, digest=True).values("notification__user")
    )
    sent = 0
    for user in users:
        now = timezone.now()
        mine = Delivery.objects.filter(state=DeliveryState.PENDING, digest=True, notification__user=user)
        if not mine.update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1):
            continue  # another digest run took them
        claimed = Delivery.objects.filter(
            state=DeliveryState.SENDING, digest=True, notification__user=user, claimed_at=now
        )
        notifications = [
            d.notification for d in claimed.select_related("notification__referral", "notification__service")
        ]
        try:
            _email(user, notifications, digest=True)
        except Exception as error:  # the mail server: try again at the next run
            claimed.update(state=DeliveryState.PENDING, last_error=type(error).__name__[:100])
            logger.warning("digest for user %s not sent, will be tried again: %s", user.pk, error)
            continue
        claimed.update(state=DeliveryState.SENT, sent_at=timezone.now())
        sent += 1
    return sent


def _email(user: User, notifications: list[Notification], *, digest: bool) -> None:
    """Plain text and HTML, in the user's language: what happened, the reference, a link. Nothing else."""
    with translation.override(_preference(user).language):
        items = [{"text": message(n), "url": settings.SITE_URL + link(n)} for n in notifications]
        context = {"items": items, "digest": digest, "site": settings.SITE_URL}
        title = subject(notifications[0], digest=digest)
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    mail = EmailMultiAlternatives(subject=title, body=text, to=[user.email])
    mail.attach_alternative(html, "text/html")
    mail.send()


def _fault(point: str) -> None:
    """Fault injection for the crash tests: a worker started with NOTIFICATION_FAULT=<point>
    kills itself there, as a power cut would. Never set in production."""
    if point == settings.NOTIFICATION_FAULT:
        import os
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


# --- deadlines -----------------------------------------------------------------------------------------------------


def check_deadlines(now: datetime | None = None) -> int:
    """Celery beat: remind the assigned organisation at three quarters of the acceptance time, and
    escalate to CoMensha once it has passed. Each reminder is a unique row: whichever check
    inserts it first sends it, so running the check twice or at once reminds once."""
    now = now or timezone.now()
    waiting = list(
        Referral.objects.filter(status=Status.PENDING, acceptance_deadline__isnull=False, submitted_at__isnull=False)
    )
    due: list[tuple[Referral, str, datetime]] = []
    for referral in waiting:
        deadline = referral.acceptance_deadline
        state = deadline_state(referral.submitted_at, deadline, now)
        if state and deadline is not None:
            which = Kind.DEADLINE_PASSED if state == "overdue" else Kind.DEADLINE_APPROACHING
            due.append((referral, which, deadline))
    # Reminders sent before, in one query: an overdue referral is not tried again on every run.
    sent = set(
        Reminder.objects.filter(referral__in=[referral for referral, _kind, _deadline in due]).values_list(
            "referral_id", "kind", "deadline"
        )
    )
    count = 0
    for referral, kind, deadline in due:
        if (referral.pk, kind, deadline) in sent:
            continue
        users = deadline_recipients(referral, overdue=kind == Kind.DEADLINE_PASSED)
        if _remind(users, kind=kind, subject={"referral": referral}, deadline=deadline):
            count += 1
            logger.info("referral %s: %s reminder sent", referral.reference, kind)
    return count


def check_reviews(now: datetime | None = None) -> int:
    """Celery beat, daily: tell the directory editors of every published service not reviewed for
    twelve months (once per service and review date, however often the check runs)."""
    now = now or timezone.now()
    year_ago = timezone.localdate(now) - timedelta(days=365)
    sent = set(Reminder.objects.filter(kind=Kind.DIRECTORY_REVIEW).values_list("service_id", "deadline"))
    editors = directory_editors()
    count = 0
    for service in Service.objects.filter(published=True):
        reviewed = service.last_reviewed or timezone.localdate(service.created_at)
        due = datetime.combine(reviewed + timedelta(days=365), time.min, tzinfo=timezone.get_current_timezone())
        if reviewed > year_ago or (service.pk, due) in sent:
            continue
        if _remind(editors, kind=Kind.DIRECTORY_REVIEW, subject={"service": service}, deadline=due):
            count += 1
    if count:
        logger.info("%d directory services not reviewed for twelve months; editors told", count)
    return count


def _remind(users: list[User], *, kind: str, subject: dict[str, Any], deadline: datetime) -> bool:
    """One reminder row and its notifications, or nothing when another check inserted it first."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(kind=kind, deadline=deadline, **subject)
            _notify(users, kind=kind, subject=subject, cause={"reminder": reminder})
    except IntegrityError:
        return False  # another check sent this reminder
    return True


# --- reading -------------------------------------------------------------------------------------------------------


def visible_to(user: User) -> QuerySet[Notification]:
    """A user's own notifications of referrals they still see (one that was reassigned away is
    no longer shown, so that no notification leads to a referral one may not open)."""
    about_referrals = Q(referral__in=Referral.objects.restrict(user))
    return Notification.objects.of(user).filter(about_referrals | Q(referral__isnull=True, service__isnull=False))


def unread_count(user: User) -> int:
    return visible_to(user).filter(read_at__isnull=True).count()


def preference_of(user: User) -> Preference:
    """The user's e-mail preference (the defaults when they never chose)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def set_preference(*, user: User, **choices: str) -> Preference:
    preference = preference_of(user)
    for name, value in choices.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    logger.info("user %s changed their e-mail preferences", user.pk)
    return preference


def mark_read(*, notification: Notification, user: User) -> Notification:
    if notification.user_id != user.pk:
        raise PermissionError("a user reads only their own notifications")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: User) -> int:
    return visible_to(user).filter(read_at__isnull=True).update(read_at=timezone.now())
