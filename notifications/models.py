"""In-app notifications: one row per recipient and event, written in the event's transaction.

A notification names what happened and the referral's pseudonymous reference at most; its text is
made when it is shown, in the reader's language, never stored.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REFERRAL_ASSIGNED = "referral_assigned", _("Verwijzing toegewezen aan uw organisatie")
    REFERRAL_ACCEPTED = "referral_accepted", _("Verwijzing aangenomen")
    REFERRAL_DECLINED = "referral_declined", _("Verwijzing afgewezen")
    ROUTE_SENT = "route_sent", _("Doorverwijzing verstuurd")
    ROUTE_ACCEPTED = "route_accepted", _("Doorverwijzing aangenomen")
    ROUTE_DECLINED = "route_declined", _("Doorverwijzing afgewezen")
    ROUTE_COMPLETED = "route_completed", _("Doorverwijzing afgerond")
    HANDOVER_ISSUED = "handover_issued", _("Overdracht uitgegeven")
    HANDOVER_ACKNOWLEDGED = "handover_acknowledged", _("Ontvangst van een overdracht bevestigd")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def of(self, user: Any) -> NotificationQuerySet:
        """A user's own notifications, newest first: nobody reads another's."""
        return self.filter(user=user).order_by("-created_at", "-id")


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Erasing a referral (referrals.retention) erases its notifications with it.
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="+")
    event_id = models.BigIntegerField(help_text="the ReferralEvent that caused it")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]
        constraints = [
            # One notification per user and event: the same event told twice notifies once.
            models.UniqueConstraint(fields=["user", "event_id"], name="notification_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
