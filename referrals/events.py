"""Domain events that referrals publish, after the transaction commits.

Receivers (notifications) connect to ``referral_event``; referrals never
import them. Each event carries ids, never case text.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.dispatch import Signal

#: sent with ``event`` (an ``EventKind`` value), ``referral_id``, ``actor_id``, ``route_id`` (or None)
#: and ``handover_id`` (or None: set for ``handover_issued`` and ``handover_acknowledged``)
referral_event = Signal()


def publish_after_commit(
    *,
    event: str,
    referral_id: uuid.UUID,
    actor_id: uuid.UUID,
    route_id: uuid.UUID | None = None,
    handover_id: uuid.UUID | None = None,
) -> None:
    """Publish when (and only if) the current transaction commits."""
    transaction.on_commit(
        lambda: referral_event.send(
            sender="referrals",
            event=event,
            referral_id=referral_id,
            actor_id=actor_id,
            route_id=route_id,
            handover_id=handover_id,
        )
    )
