"""Domain events that referrals publish.

Receivers (notifications) connect to the signals below; referrals never import them. Each event
carries ids, never case text. ``referral_event_recorded`` is sent inside the writing transaction,
so that a receiver's rows (an outbox) commit or roll back with the event; ``referral_event`` is
sent after the commit, for work that must only happen once the event is durable.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.dispatch import Signal

#: sent with ``event`` (an ``EventKind`` value), ``event_id`` (the ``ReferralEvent`` row), ``referral_id``,
#: ``actor_id``, ``route_id`` (or None)
#: and ``handover_id`` (or None: set for ``handover_issued`` and ``handover_acknowledged``)
referral_event = Signal()
#: the same arguments, sent inside the transaction that records the event
referral_event_recorded = Signal()


def publish_after_commit(
    *,
    event: str,
    event_id: int,
    referral_id: uuid.UUID,
    actor_id: uuid.UUID,
    route_id: uuid.UUID | None = None,
    handover_id: uuid.UUID | None = None,
) -> None:
    """Tell receivers now, inside the transaction, and again when (and only if) it commits."""
    referral_event_recorded.send(
        sender="referrals",
        event=event,
        event_id=event_id,
        referral_id=referral_id,
        actor_id=actor_id,
        route_id=route_id,
        handover_id=handover_id,
    )
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
