"""When a pending referral must have been accepted, from its urgency."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` plus ``days`` working days (Monday to Friday), at the same local time."""
    local = timezone.localtime(start)
    added = 0
    while added < days:
        local += dt.timedelta(days=1)
        if local.weekday() < 5:
            added += 1
    return local


def acceptance_deadline(urgency: str, now: dt.datetime | None = None) -> dt.datetime:
    """immediate: 4 hours, urgent: 24 hours, normal: 2 working days (settings change them)."""
    now = now or timezone.now()
    if urgency == "immediate":
        return now + dt.timedelta(hours=settings.ACCEPT_IMMEDIATE_HOURS)
    if urgency == "urgent":
        return now + dt.timedelta(hours=settings.ACCEPT_URGENT_HOURS)
    return add_working_days(now, settings.ACCEPT_NORMAL_WORKING_DAYS)


#: A pending referral is "approaching its deadline" once this share of its acceptance time has passed.
APPROACHING_AT = 0.75


def deadline_state(submitted_at: dt.datetime | None, deadline: dt.datetime | None, now: dt.datetime) -> str:
    """``"overdue"``, ``"approaching"`` (three quarters of the time gone) or ``""``, for a referral
    waiting for acceptance: the one rule for the reminders and for the marks in the work queue."""
    if submitted_at is None or deadline is None:
        return ""
    if deadline <= now:
        return "overdue"
    if submitted_at + (deadline - submitted_at) * APPROACHING_AT <= now:
        return "approaching"
    return ""
