"""Periodic upkeep of the shared layer (thin tasks: each calls one function)."""

from __future__ import annotations

import logging

from celery import shared_task

from nvm.idempotency import purge_expired

logger = logging.getLogger(__name__)


@shared_task(name="nvm.purge_idempotency_keys", ignore_result=True)
def purge_idempotency_keys() -> int:
    """Idempotency keys live a day; then their stored answers go."""
    deleted = purge_expired()
    if deleted:
        logger.info("purged %d expired idempotency keys", deleted)
    return deleted
