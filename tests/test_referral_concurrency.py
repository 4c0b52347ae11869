"""Exactly one of many concurrent accepts wins, proven with real concurrent HTTP requests
against a live server on PostgreSQL (each request on its own thread and database connection)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connection
from knox.models import AuthToken

from accounts.models import Role
from referrals.models import Referral, ReferralEvent
from tests.factories import UserFactory

RACERS = 6


def post(url: str, token: str) -> int:
    request = urllib.request.Request(url, data=b"{}", method="POST")  # noqa: S310 (our own live server)
    request.add_header("Authorization", f"Token {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            json.load(response)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.django_db(transaction=True)
def test_exactly_one_concurrent_accept_wins(cast, flow, live_server):
    assert connection.vendor == "postgresql", "row locks are only proven on the production database"
    referral = flow.submitted()
    # Colleagues of one region: the loser still sees the referral, so it must get 409. (When
    # CoMensha wins instead, the region no longer sees it at all and gets 404: not a race result.)
    racers = [cast["coordinator"]] + [
        UserFactory(username=f"racer{n}", role=Role.COORDINATOR, organisation=cast.coordination_north)
        for n in range(RACERS - 1)
    ]
    tokens = [AuthToken.objects.create(user=user)[1] for user in racers]
    url = f"{live_server.url}/api/v1/referrals/{referral['id']}/accept/"
    barrier = threading.Barrier(len(racers))
    statuses: list[int] = []
    lock = threading.Lock()

    def accept(token: str) -> None:
        barrier.wait(timeout=30)
        status = post(url, token)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=accept, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200] + [409] * (len(racers) - 1)
    stored = Referral.objects.get(pk=referral["id"])
    assert stored.status == "accepted"
    assert ReferralEvent.objects.filter(referral=stored, event="accepted").count() == 1
    assert stored.history.filter(status="accepted").count() == 1
    assert stored.handovers.filter(kind="acceptance").count() == 1
