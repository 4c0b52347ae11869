"""Writes with an ``Idempotency-Key``: a repeat answers as the first time and creates nothing twice
(nvm/idempotency.py, API.md "Writes accept an Idempotency-Key header")."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from knox.models import AuthToken

from nvm.models import IdempotencyKey
from referrals.models import Referral, ReferralEvent
from tests.factories import referral_data

KEY = "7f1c2e94-5b1a-4f1e-9d7c-0a5e3c2b1d00"


def create(client, key: str = KEY, **overrides):
    return client.post(reverse("referral-list"), referral_data(**overrides), format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_repeated_create_answers_the_first_answer_and_creates_one(cast, client_for):
    client = client_for(cast["signaller"])
    first = create(client)
    second = create(client)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert second["ETag"] == first["ETag"]
    assert Referral.objects.count() == 1
    assert ReferralEvent.objects.filter(event="created").count() == 1


def test_the_same_key_with_another_body_is_a_422_and_creates_nothing(cast, client_for):
    client = client_for(cast["signaller"])
    create(client)
    response = create(client, summary="Een ander signaal.")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.json()["fields"]
    assert Referral.objects.count() == 1


def test_keys_belong_to_one_user(cast, client_for):
    create(client_for(cast["signaller"]))
    response = create(client_for(cast.twins["signaller"]), region="south")
    assert response.status_code == 201
    assert Referral.objects.count() == 2


def test_a_refused_request_leaves_no_key_behind(cast, client_for):
    client = client_for(cast["signaller"])
    refused = create(client, region="nowhere")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    # The client corrects the request and tries again with the same key.
    assert create(client, region="north").status_code == 201


def test_a_repeated_action_is_replayed_not_refused(cast, flow, client_for):
    referral = flow.create()
    client = client_for(cast["signaller"])
    url = reverse("referral-submit", args=[referral["id"]])
    first = client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="submit-1")
    second = client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="submit-1")
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert ReferralEvent.objects.filter(referral_id=referral["id"], event="submitted").count() == 1
    # Without the key a second submit is what it always was: not allowed in this status.
    assert client.post(url, {}, format="json").status_code == 409


def test_a_key_is_forgotten_after_its_lifetime(cast, client_for, settings):
    client = client_for(cast["signaller"])
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        create(client)
    later = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC) + dt.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        client = client_for(cast["signaller"])
        response = create(client, summary="Een nieuw signaal, dagen later.")
    assert response.status_code == 201
    assert Referral.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.parametrize("key", ["", "met spatie", "x" * 256, "é"])
def test_a_malformed_key_is_a_400(cast, client_for, key):
    response = create(client_for(cast["signaller"]), key=key)
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_every_post_endpoint_but_the_login_takes_a_key():
    """The schema documents the header on every POST; every view behind one must honour it."""
    from django.urls import get_resolver
    from rest_framework.views import APIView

    from nvm.idempotency import IdempotentWritesMixin

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    checked = set()
    for callback in views(get_resolver().url_patterns):
        cls = getattr(callback, "cls", None)
        if cls is None or not issubclass(cls, APIView) or cls.__module__.startswith(("rest_framework", "drf_")):
            continue
        actions = getattr(callback, "actions", None) or {}
        posts = "post" in actions or (not actions and hasattr(cls, "post"))
        # nvm.schema.IDEMPOTENCY_EXEMPT: logging in and out, and checking a file (which changes nothing).
        if posts and cls.__name__ not in {"TokenLoginView", "LogoutView", "HandoverVerifyView"}:
            checked.add(cls)
            assert issubclass(cls, IdempotentWritesMixin), cls
    assert len(checked) >= 5


def _post(url: str, token: str, body: dict[str, Any], key: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")  # noqa: S310 (live server)
    request.add_header("Authorization", f"Token {token}")
    request.add_header("Content-Type", "application/json")
    request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status), json.load(response)
    except urllib.error.HTTPError as error:
        return int(error.code), json.load(error)


@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_create_one_referral(cast, live_server):
    """Two (and more) repeats of one request at the same moment, each on its own connection."""
    assert connection.vendor == "postgresql"
    token = AuthToken.objects.create(user=cast["signaller"])[1]
    url = f"{live_server.url}{reverse('referral-list')}"
    barrier = threading.Barrier(4)
    answers: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()

    def send() -> None:
        barrier.wait(timeout=30)
        answer = _post(url, token, referral_data(), "gelijktijdig-1")
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [status for status, _ in answers] == [201] * 4
    assert len({body["id"] for _, body in answers}) == 1
    assert Referral.objects.count() == 1
    assert ReferralEvent.objects.filter(event="created").count() == 1


def test_the_hourly_task_forgets_expired_keys(cast, client_for, settings):
    from nvm.tasks import purge_idempotency_keys

    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        create(client_for(cast["signaller"]))
        create(client_for(cast.twins["signaller"]), key="ander", region="south")
    with time_machine.travel(start + dt.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS - 1), tick=False):
        assert purge_idempotency_keys.delay().get() == 0
    with time_machine.travel(start + dt.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS + 1), tick=False):
        assert purge_idempotency_keys.delay().get() == 2
    assert not IdempotencyKey.objects.exists()
    assert Referral.objects.count() == 2
