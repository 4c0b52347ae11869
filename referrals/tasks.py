"""Thin Celery tasks of referrals: load by id, call a service; safe to run twice."""

from __future__ import annotations

import uuid

from celery import shared_task
from django.conf import settings

from referrals.handovers.services import HandoverRenderFailed, handover_render, render_stale


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(HandoverRenderFailed,),
    retry_backoff=settings.HANDOVER_RENDER_BACKOFF_SECONDS,
    retry_backoff_max=settings.HANDOVER_RENDER_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    max_retries=settings.HANDOVER_RENDER_MAX_RETRIES,
)
def render_handover(self, handover_id: str) -> str:  # type: ignore[no-untyped-def]
    """Render one handover's PDF; the last allowed try marks it failed instead of raising."""
    return handover_render(handover_id=uuid.UUID(handover_id), final=self.request.retries >= self.max_retries)


@shared_task
def render_stale_handovers() -> int:
    """Celery beat: schedule again the handovers whose rendering task was lost."""
    return render_stale()
