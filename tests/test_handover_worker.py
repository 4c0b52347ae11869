"""A real Celery worker renders handovers: scheduled after the commit, through a real broker.

The worker runs in a thread of this process, on its own database connection, so the test data
must be committed (a transactional test). Broker and result backend: ``TEST_CELERY_BROKER_URL``
(a Redis database of its own, so that no other worker takes these tasks).
"""

from __future__ import annotations

import pytest
from django.core.files.storage import storages

from referrals.handovers.storage import read, sha256
from referrals.models import Handover
from referrals.tasks import render_handover


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
