"""Hand work to Celery after the transaction commits, without ever failing the user's request.

A task is sent only once the data it needs is committed (PITFALLS 11). When the broker cannot be
reached the send is logged and dropped here: the work itself is recorded in the database by the
caller (an outbox row, a handover in state "rendering"), and a periodic sweep sends what is still
pending once the broker is back (PITFALLS 12). So an outage of Redis or RabbitMQ delays work; it
never loses it and never turns a user's successful write into an error.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def send_now(task: Task, *args: Any, **kwargs: Any) -> bool:  # type: ignore[type-arg]
    """Send ``task`` now; False (and a warning an operator can act on) when the broker is away."""
    try:
        # retry=False: a request must not wait for a broker that is down; the sweep retries later.
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except (BrokerError, OSError) as error:
        logger.warning("broker unavailable, %s not sent now (the periodic sweep will send it): %s", task.name, error)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:  # type: ignore[type-arg]
    """Send ``task`` when (and only if) the current transaction commits."""
    transaction.on_commit(lambda: send_now(task, *args, **kwargs))
