"""A worker killed in the middle of a delivery (SIGKILL, as a power cut would) leaves every e-mail
delivered exactly once after a restart: killed after the claim and before the send, and killed
after the send and before the acknowledgement.

The worker is a real ``celery worker`` process on its own Redis database, reading the test
database; it kills itself at the point named by ``NOTIFICATION_FAULT`` (notifications/services.py)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, DeliveryState, EmailChoice, Preference
from notifications.tasks import deliver_email
from nvm.celery import app
from referrals.models import ReferralEvent
from tests import celery_worker

BROKER = os.environ.get("TEST_CELERY_CRASH_BROKER_URL", "redis://127.0.0.1:6379/5")


def _start(mail_dir: Path, fault: str = "") -> subprocess.Popen[bytes]:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "NVM_TEST_MAIL_DIR": str(mail_dir),
        "NOTIFICATION_FAULT": fault,
    }
    command = [sys.executable, "-m", "celery", "-A", "nvm", "worker", "--pool=solo", "--concurrency=1"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)


@pytest.fixture
def producer():
    """The test process sends to the crash tests' broker, with results, and nothing eager."""
    keys = ("task_always_eager", "broker_url", "result_backend", "task_ignore_result")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(task_always_eager=False, broker_url=BROKER, result_backend=BROKER, task_ignore_result=False)
    celery_worker._forget_backend()
    app.control.purge()
    try:
        yield
    finally:
        app.conf.update(saved)
        celery_worker._forget_backend()


def _pending_delivery(flow, cast) -> Delivery:
    cast["signaller"].email = "signaller@example.org"
    cast["signaller"].save(update_fields=["email"])
    Preference.objects.create(user=cast["signaller"], others=EmailChoice.AT_ONCE)
    flow.accepted()  # the fan-out tasks go to the crash broker, where no worker listens yet
    app.control.purge()
    for event_id in ReferralEvent.objects.values_list("pk", flat=True):
        services.fan_out(event_id)  # as the fan-out task would; it sends the e-mail task after its commit
    app.control.purge()  # the test sends that task itself, so that it knows its id
    return Delivery.objects.get(notification__user=cast["signaller"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["after_claim", "after_send"])
def test_a_worker_killed_mid_delivery_delivers_exactly_once_after_a_restart(cast, flow, producer, tmp_path, fault):
    delivery = _pending_delivery(flow, cast)
    task_id = deliver_email.apply_async(args=(delivery.pk,), ignore_result=False).id
    dying = _start(tmp_path, fault)
    assert dying.wait(timeout=120) == -signal.SIGKILL  # it died where it was told to
    delivery.refresh_from_db()
    assert delivery.state == (DeliveryState.SENDING if fault == "after_claim" else DeliveryState.SENT)
    assert len(list(tmp_path.iterdir())) == (0 if fault == "after_claim" else 1)

    worker = _start(tmp_path)
    try:
        # The task the dead worker never acknowledged comes back; the claim on the row stops it.
        assert AsyncResult(task_id, app=app).get(timeout=120) == "skipped"
        if fault == "after_claim":
            # The sweep frees a claim older than NOTIFICATION_CLAIM_MINUTES and sends it again.
            later = timezone.now() + dt.timedelta(minutes=settings.NOTIFICATION_CLAIM_MINUTES + 1)
            assert services.sweep(now=later) == {"freed": 1, "sent": 1, "events": 0}
            sent = Delivery.objects.get(pk=delivery.pk)
            # the task the sweep sent: wait for the worker to finish it through one more, with a result
            assert deliver_email.apply_async(args=(delivery.pk,), ignore_result=False).get(timeout=120) == "skipped"
            sent.refresh_from_db()
            assert sent.state == DeliveryState.SENT
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert len(list(tmp_path.iterdir())) == 1  # exactly one e-mail
