"""A real Celery worker for the tests: in a thread of the test process, on the broker from
``TEST_CELERY_BROKER_URL`` (a Redis database of its own, so that no other worker takes these tasks).
The worker has its own database connection, so the data it reads must be committed (a
transactional test)."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from nvm.celery import app

BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/3")
#: RabbitMQ, for the tests that also run there where it is reachable (results stay in Redis).
RABBITMQ = os.environ.get("TEST_CELERY_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


def reachable(url: str) -> bool:
    """Does anything listen at the broker's address?"""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), timeout=2):
            return True
    except OSError:
        return False


def _forget_backend():
    """Celery caches the result backend and the broker connections it built from the configuration
    (an earlier test may have sent a task to the default broker); make it read them again."""
    app._backend_cache = None  # type: ignore[attr-defined]
    app._local.__dict__.pop("backend", None)  # type: ignore[attr-defined]
    # Only forget it: kombu keeps pools per broker address, and closing one would close it for
    # the next test that uses the same address.
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


def _close_connections(**kwargs):
    connections.close_all()  # the worker thread's own connections, after each task


@pytest.fixture
def worker(request, settings):
    """A worker on ``BROKER``, or on the broker given as the fixture's parameter (``indirect``)."""
    broker = getattr(request, "param", BROKER)
    if not reachable(broker):
        pytest.skip(f"no broker listens at {urlsplit(broker).hostname}:{urlsplit(broker).port}")
    keys = ("task_always_eager", "broker_url", "result_backend", "task_ignore_result")
    # Saved before the settings change: app.conf reads through to Django's settings.
    saved = {key: app.conf[key] for key in keys}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Results only for this test: the second task is waited for.
    app.conf.update(task_always_eager=False, broker_url=broker, result_backend=BROKER, task_ignore_result=False)
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
