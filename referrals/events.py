"""Domain events that referrals publish, after the transaction commits.

Receivers (notifications) connect to ``referral_event``; referrals never import them. Each event
carries ids, never case text. The ``ReferralEvent`` row (``event_id``) commits with the change it
records, so a receiver that misses the signal (a lost task) can find the event in the table.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.dispatch import Signal

#: sent with ``event`` (an ``EventKind`` value), ``event_id`` (the ``ReferralEvent`` row), ``referral_id``,
#: ``actor_id``, ``route_id`` (or None)
#: and ``handover_id`` (or None: set for ``handover_issued`` and ``handover_acknowledged``)
referral_event = Signal()


def publish_after_commit(
    *,
    event: str,
    event_id: int,
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
            event_id=event_id,
            referral_id=referral_id,
            actor_id=actor_id,
            route_id=route_id,
            handover_id=handover_id,
        )
    )
