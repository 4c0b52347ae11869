"""What does telling people cost on the referral write path? (``make bench``)

create + submit + accept through the services, each in its own transaction with its on-commit
hooks run, as a request would: with the notifications receiver connected (after each commit it
sends one fan-out task per notifying event to a real broker, Redis; the notifications and e-mail
deliveries are written by the worker) against the same with the receiver disconnected, rounds
alternating, side by side in one run. Goal: at most 1.2x (the request only enqueues). A third
line times the worker's part, the fan-out of the same three events, for scale. Prints a table;
asserts nothing about speed.
"""

from __future__ import annotations

import functools
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import transaction

from notifications import services as notifications
from notifications.models import EmailChoice, Preference
from nvm.celery import app
from referrals import services
from referrals.events import referral_event
from referrals.models import ReferralEvent
from tests import celery_worker
from tests.factories import referral_data

ROUNDS = 40
UID = "notifications.on_event"
BROKER = os.environ.get("BENCH_CELERY_BROKER_URL", "redis://127.0.0.1:6379/6")


@contextmanager
def _silent() -> Iterator[None]:
    """The write path with the notifications receiver disconnected."""
    receivers = referral_event.receivers[:]
    referral_event.disconnect(dispatch_uid=UID)
    try:
        yield
    finally:
        referral_event.receivers[:] = receivers
        referral_event.sender_receivers_cache.clear()


@contextmanager
def _broker() -> Iterator[None]:
    """Tasks go to a real broker (no worker takes them; they are purged afterwards)."""
    keys = ("task_always_eager", "broker_url")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(task_always_eager=False, broker_url=BROKER)
    celery_worker._forget_backend()
    try:
        yield
    finally:
        app.control.purge()
        app.conf.update(saved)
        celery_worker._forget_backend()


def _write_path(cast, run_hooks: Callable[..., Any]) -> str:
    data = referral_data()
    data["region"] = cast.north
    with run_hooks(execute=True):
        referral = services.referral_create(actor=cast["signaller"], data=data)
    with run_hooks(execute=True):
        services.referral_submit(referral=referral, actor=cast["signaller"])
    with run_hooks(execute=True):
        services.referral_accept(referral=referral, actor=cast["coordinator"])
    return str(referral.pk)


def _fan_out(events: list[int]) -> None:
    with transaction.atomic():
        for event_id in events:
            notifications.fan_out(event_id)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@pytest.mark.django_db
def test_notifying_on_the_referral_write_path(cast, capsys, settings, django_capture_on_commit_callbacks):
    if not celery_worker.reachable(BROKER):
        pytest.skip("no Redis to send the tasks to")
    for user in [*cast.users.values(), *cast.twins.values()]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
        Preference.objects.create(user=user, deadlines=EmailChoice.AT_ONCE, others=EmailChoice.AT_ONCE)
    quiet, told, fanned = [], [], []
    with _broker():
        settings.CELERY_TASK_ALWAYS_EAGER = False  # handovers too are only enqueued, as in production
        _write_path(cast, django_capture_on_commit_callbacks)  # warm up
        for _round in range(ROUNDS):
            with _silent():
                quiet.append(_timed(lambda: _write_path(cast, django_capture_on_commit_callbacks)))
            referral_id = ""

            def write() -> None:
                nonlocal referral_id
                referral_id = _write_path(cast, django_capture_on_commit_callbacks)

            told.append(_timed(write))
            events = list(ReferralEvent.objects.filter(referral_id=referral_id).values_list("pk", flat=True))
            fanned.append(_timed(functools.partial(_fan_out, events)))
    off, on, worker = (statistics.median(samples) * 1000 for samples in (quiet, told, fanned))
    with capsys.disabled():
        print(f"\nnotifications: create + submit + accept, median of {ROUNDS} rounds (goal <= 1.2)\n")
        print(f"{'what':<58}{'median ms':>10}{'ratio':>8}")
        print(f"{'requests, notifications receiver disconnected':<58}{off:>10.1f}{1:>8.2f}")
        print(f"{'requests, fan-out tasks sent to Redis after each commit':<58}{on:>10.1f}{on / off:>8.2f}")
        print(f"{'(the worker: fanning out the three events)':<58}{worker:>10.1f}{worker / off:>8.2f}")
