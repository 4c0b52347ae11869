"""A real Celery worker renders handovers: scheduled after the commit, through a real broker.

The worker runs in a thread of this process, on its own database connection, so the test data
must be committed (a transactional test). Broker and result backend: ``TEST_CELERY_BROKER_URL``
(a Redis database of its own, so that no other worker takes these tasks).
"""

from __future__ import annotations

import os

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core.files.storage import storages
from django.db import connections

from nvm.celery import app
from referrals.handovers.storage import read, sha256
from referrals.models import Handover
from referrals.tasks import render_handover

BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/3")


def _forget_backend():
    """Celery caches the result backend and the broker connections it built from the configuration
    (an earlier test may have sent a task to the default broker); make it read them again."""
    app._backend_cache = None  # type: ignore[attr-defined]
    app._local.__dict__.pop("backend", None)  # type: ignore[attr-defined]
    if app._pool is not None:  # type: ignore[attr-defined]
        app._pool.force_close_all()  # type: ignore[attr-defined]
        app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


def _close_connections(**kwargs):
    connections.close_all()  # the worker thread's own connections, after each task


@pytest.fixture
def worker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    keys = ("task_always_eager", "broker_url", "result_backend", "task_ignore_result")
    saved = {key: app.conf[key] for key in keys}
    # Results only for this test: the second task is waited for.
    app.conf.update(task_always_eager=False, broker_url=BROKER, result_backend=BROKER, task_ignore_result=False)
    _forget_backend()
    task_postrun.connect(_close_connections, weak=False)
    app.control.purge()
    try:
        # No start-up ping: tasks sent before the worker listens wait in the broker.
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        task_postrun.disconnect(_close_connections)
        app.conf.update(saved)
        _forget_backend()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_after_the_commit_and_a_second_run_keeps_the_bytes(cast, flow, worker):
    referral = flow.accepted()  # the request commits; its on-commit hook sends the task to the broker
    handover = Handover.objects.get(referral_id=referral["id"], kind="acceptance")
    # A second task for the same handover (a redelivery): the single worker runs it after the first,
    # so waiting for its result waits for both, without sleeping.
    outcome = render_handover.apply_async(args=(str(handover.id),), ignore_result=False).get(timeout=300)
    assert outcome == "ready"
    handover.refresh_from_db()
    assert (handover.state, handover.attempts) == ("ready", 1)
    assert sha256(read(handover.document.name or "")) == handover.sha256
    _dirs, files = storages["handovers"].listdir(str(handover.referral_id))
    assert len(files) == 1
