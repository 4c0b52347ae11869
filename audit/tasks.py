"""Periodic audit work (celery beat, ``CELERY_BEAT_SCHEDULE``): thin, idempotent."""

from __future__ import annotations

from celery import shared_task

from audit.heads import record_head as record


@shared_task(acks_late=True)
def record_head() -> str:
    """Verify the whole chain and record today's head outside the database (once a day)."""
    return record().line
