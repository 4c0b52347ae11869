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
    DEADLINE_APPROACHING = "deadline_approaching", _("Aannametermijn loopt bijna af")
    DEADLINE_PASSED = "deadline_passed", _("Aannametermijn verstreken")
    DIRECTORY_REVIEW = "directory_review", _("Wegwijzer-vermelding niet nagekeken")


#: The kinds sent by e-mail at once by default; the rest goes into the daily digest.
DEADLINE_KINDS = frozenset({Kind.DEADLINE_APPROACHING, Kind.DEADLINE_PASSED})


class Reminder(models.Model):
    """One row per referral, deadline and kind of reminder: whichever check inserts it first sends
    it, so two beat or worker processes checking at once never remind twice."""

    id = models.BigAutoField(primary_key=True)
    referral = models.ForeignKey("referrals.Referral", null=True, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("directory.Service", null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    deadline = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "kind", "deadline"], name="reminder_once"),
            models.UniqueConstraint(fields=["service", "kind", "deadline"], name="service_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.referral_id or self.service_id}"


class FanOut(models.Model):
    """A referral event whose notifications have been written: the event row is the outbox (it
    commits with the referral's change), and this marks it done, in the same transaction as the
    notifications, so that fanning out twice (a retry, the sweep) notifies once."""

    event_id = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"event {self.event_id} fanned out"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def of(self, user: Any) -> NotificationQuerySet:
        """A user's own notifications, newest first: nobody reads another's."""
        return self.filter(user=user).order_by("-created_at", "-id")


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Erasing a referral (referrals.retention) erases its notifications with it. A notification is
    # about a referral, or (for directory editors) about a service of the Wegwijzer.
    referral = models.ForeignKey("referrals.Referral", null=True, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("directory.Service", null=True, on_delete=models.CASCADE, related_name="+")
    event_id = models.BigIntegerField(null=True, blank=True, help_text="the ReferralEvent that caused it")
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]
        constraints = [
            # One notification per user and event (or reminder): told twice, it notifies once.
            models.UniqueConstraint(fields=["user", "event_id"], name="notification_once_per_event"),
            models.UniqueConstraint(fields=["user", "reminder"], name="notification_once_per_reminder"),
            models.CheckConstraint(
                condition=models.Q(event_id__isnull=False) | models.Q(reminder__isnull=False),
                name="notification_has_a_cause",
            ),
            models.CheckConstraint(
                condition=models.Q(referral__isnull=False) | models.Q(service__isnull=False),
                name="notification_has_a_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class EmailChoice(models.TextChoices):
    AT_ONCE = "at_once", _("meteen")
    DIGEST = "digest", _("dagelijks overzicht")
    NONE = "none", _("geen e-mail")


class Preference(models.Model):
    """How a user wants to hear by e-mail; without a row, the defaults hold."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference", primary_key=True
    )
    deadlines = models.CharField(max_length=10, choices=EmailChoice.choices, default=EmailChoice.AT_ONCE)
    others = models.CharField(max_length=10, choices=EmailChoice.choices, default=EmailChoice.DIGEST)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    def __str__(self) -> str:
        return f"e-mail preferences of {self.user_id}"

    def choice_for(self, kind: str) -> str:
        return self.deadlines if kind in DEADLINE_KINDS else self.others


class DeliveryState(models.TextChoices):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Delivery(models.Model):
    """The e-mail outbox: one row per notification to be e-mailed, written with the notification.

    A worker claims a row (pending → sending, compare-and-set) before the e-mail goes out and marks
    it sent right after, so a retried or redelivered task never sends it twice; a periodic sweep
    sends what is still pending (the broker was away) and frees claims whose worker died."""

    id = models.BigAutoField(primary_key=True)
    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="delivery")
    digest = models.BooleanField(default=False, help_text="waits for the daily digest")
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "digest"])]

    def __str__(self) -> str:
        return f"e-mail of {self.notification_id}: {self.state}"
