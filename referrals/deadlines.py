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
