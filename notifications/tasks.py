"""Thin Celery tasks of notifications: load by id, call a service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from notifications import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(services.DeliveryFailed,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=settings.NOTIFICATION_MAX_RETRIES,
)
def deliver_email(self, delivery_id: int) -> str:  # type: ignore[no-untyped-def]
    """E-mail one notification, at most once; the last allowed try marks it failed."""
    return services.deliver(delivery_id=delivery_id, final=self.request.retries >= self.max_retries)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def fan_out_event(event_id: int) -> int:
    """The notifications of one referral event, once."""
    return services.fan_out(event_id)


@shared_task
def sweep_deliveries() -> dict[str, int]:
    return services.sweep()


@shared_task
def send_digests() -> int:
    return services.send_digests()


@shared_task
def check_deadlines() -> int:
    return services.check_deadlines()


@shared_task
def check_reviews() -> int:
    return services.check_reviews()
