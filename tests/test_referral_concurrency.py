"""Exactly one of many concurrent accepts wins, proven with real concurrent requests on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Role
from referrals.models import Referral, ReferralEvent
from tests.factories import UserFactory

RACERS = 6


@pytest.mark.django_db(transaction=True)
def test_exactly_one_concurrent_accept_wins(cast, flow):
    assert connection.vendor == "postgresql", "row locks are only proven on the production database"
    referral = flow.submitted()
    racers = [cast["coordinator"], cast["national_coordinator"]] + [
        UserFactory(username=f"racer{n}", role=Role.COORDINATOR, organisation=cast.coordination_north)
        for n in range(RACERS - 2)
    ]
    tokens = [AuthToken.objects.create(user=user)[1] for user in racers]
    barrier = threading.Barrier(len(racers))
    statuses: list[int] = []
    lock = threading.Lock()

    def accept(token: str) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=30)
            response = client.post(reverse("referral-accept", args=[referral["id"]]))
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

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
