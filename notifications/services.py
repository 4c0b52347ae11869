"""Every write of the notifications app: notifying, and marking as read."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification
from notifications.recipients import KINDS, recipients
from referrals.models import Referral

logger = logging.getLogger(__name__)


def notify_event(
    *,
    event: str,
    event_id: int,
    referral_id: uuid.UUID,
    actor_id: uuid.UUID,
    route_id: uuid.UUID | None = None,
    handover_id: uuid.UUID | None = None,
    **_: Any,
) -> list[Notification]:
    """One notification per recipient of a referral event, in the event's own transaction (so
    that it exists exactly when the event does). An event told twice notifies once."""
    kind = KINDS.get(event)
    if kind is None:
        return []
    referral = Referral.objects.get(pk=referral_id)
    users = recipients(event=event, referral=referral, actor_id=actor_id, route_id=route_id, handover_id=handover_id)
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            [Notification(user=user, kind=kind, referral=referral, event_id=event_id) for user in users],
            ignore_conflicts=True,
        )
    logger.info("event %s of referral %s: %d notifications", event, referral.reference, len(users))
    return created


def visible_to(user: User) -> QuerySet[Notification]:
    """A user's own notifications of referrals they still see (one that was reassigned away is
    no longer shown, so that no notification leads to a referral one may not open)."""
    return Notification.objects.of(user).filter(referral__in=Referral.objects.restrict(user))


def unread_count(user: User) -> int:
    return visible_to(user).filter(read_at__isnull=True).count()


def mark_read(*, notification: Notification, user: User) -> Notification:
    if notification.user_id != user.pk:
        raise PermissionError("a user reads only their own notifications")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: User) -> int:
    return visible_to(user).filter(read_at__isnull=True).update(read_at=timezone.now())
