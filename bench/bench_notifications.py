"""What does telling people cost on the referral write path? (``make bench``)

create + submit + accept through the services, with the notifications receiver connected (each
event writes its notifications and e-mail deliveries in the same transaction; sending happens
after the commit, in Celery) against the same with it disconnected, rounds alternating, side by
side in one run. Every user of the cast has an e-mail address and wants e-mail at once, the
heaviest case. Goal: at most 1.2x. Prints a table; asserts nothing about speed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from notifications.models import EmailChoice, Notification, Preference
from referrals import services
from referrals.events import referral_event_recorded
from tests.factories import referral_data

ROUNDS = 40
UID = "notifications.notify_event"


@contextmanager
def _silent() -> Iterator[None]:
    """The write path with the notifications receiver disconnected."""
    receivers = referral_event_recorded.receivers[:]
    referral_event_recorded.disconnect(dispatch_uid=UID)
    try:
        yield
    finally:
        referral_event_recorded.receivers[:] = receivers
        referral_event_recorded.sender_receivers_cache.clear()


def _write_path(cast) -> None:
    data = referral_data()
    data["region"] = cast.north
    referral = services.referral_create(actor=cast["signaller"], data=data)
    services.referral_submit(referral=referral, actor=cast["signaller"])
    services.referral_accept(referral=referral, actor=cast["coordinator"])


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@pytest.mark.django_db
def test_notifying_on_the_referral_write_path(cast, capsys):
    for user in [*cast.users.values(), *cast.twins.values()]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
        Preference.objects.create(user=user, deadlines=EmailChoice.AT_ONCE, others=EmailChoice.AT_ONCE)
    quiet, told = [], []
    _write_path(cast)  # warm up
    for _round in range(ROUNDS):
        with _silent():
            quiet.append(_timed(lambda: _write_path(cast)))
        told.append(_timed(lambda: _write_path(cast)))
    assert Notification.objects.exists()
    off, on = statistics.median(quiet) * 1000, statistics.median(told) * 1000
    with capsys.disabled():
        print(f"\nnotifications: create + submit + accept, median of {ROUNDS} rounds (goal <= 1.2)\n")
        print(f"{'what':<58}{'median ms':>10}{'ratio':>8}")
        print(f"{'services, notifications receiver disconnected':<58}{off:>10.1f}{1:>8.2f}")
        print(f"{'services, notifications and e-mail outbox written':<58}{on:>10.1f}{on / off:>8.2f}")
