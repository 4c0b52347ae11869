"""How much does deciding visibility cost on the referral list? (``make bench``)

Seeds a few thousand referrals on PostgreSQL, then times, side by side in one
run, the first page (50) of the list for each case role against the same page
of an unrestricted queryset. Figures are ratios to that baseline: absolute
times on a shared 2-core machine are noise. Prints a table; asserts nothing
about speed.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral, Route, Status
from tests.factories import ServiceFactory

REFERRALS = 4000
ROUNDS = 25


def _seed(cast) -> None:
    rng = random.Random(7)
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north, cast.south])
    now = timezone.now()
    signallers = [cast["signaller"], cast.twins["signaller"]]
    rows = []
    for n in range(REFERRALS):
        north = rng.random() < 0.5
        status = rng.choice([Status.DRAFT, Status.PENDING, Status.ACCEPTED, Status.CLOSED])
        coordinator = cast["coordinator"] if north else cast.twins["coordinator"]
        rows.append(
            Referral(
                id=uuid.uuid4(),
                reference=f"NVM-B{n:03X}-{rng.randrange(16**4):04X}",
                region=cast.north if north else cast.south,
                gender="female",
                age_group="adult",
                nationality="RO",
                nationality_group="eu",
                exploitation_forms=["labour"],
                needs=["shelter"],
                consent="given",
                signalling_organisation=signallers[0 if north else 1].organisation,
                signalled_by=signallers[0 if north else 1],
                status=status,
                assigned_organisation=None if status == Status.DRAFT else coordinator.organisation,
                assigned_to=coordinator if status in {Status.ACCEPTED, Status.CLOSED} else None,
                submitted_at=None if status == Status.DRAFT else now,
            )
        )
    # Benchmark data only: bulk_create writes no history, which the benchmark does not read.
    Referral.objects.bulk_create(rows)
    routed = [row for row in rows if row.status == Status.ACCEPTED][: REFERRALS // 10]
    Route.objects.bulk_create(
        Route(
            referral=row,
            need="shelter",
            service=service,
            organisation=service.organisation,
            status="sent",
            created_by=cast["coordinator"],
        )
        for row in routed
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _median_ms(action) -> float:
    action()  # warm up
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


@pytest.mark.django_db
def test_referral_list_cost(cast, client_for, capsys):
    _seed(cast)

    def baseline() -> None:
        queryset = Referral.objects.select_related("region").order_by("-created_at")
        queryset.count()
        list(queryset[:50])

    base = _median_ms(baseline)
    lines = [
        f"{'what':<44}{'median ms':>10}{'ratio':>8}",
        f"{'unrestricted queryset, count + page of 50':<44}{base:>10.1f}{1:>8.2f}",
    ]
    for role in ("national_coordinator", "coordinator", "signaller", "provider"):
        user = cast[role]

        def restricted(user=user) -> None:
            queryset = Referral.objects.restrict(user).select_related("region").order_by("-created_at")
            queryset.count()
            list(queryset[:50])

        ms = _median_ms(restricted)
        lines.append(f"{'restrict(' + role + '), count + page':<44}{ms:>10.1f}{ms / base:>8.2f}")
    for role in ("national_coordinator", "coordinator", "provider"):
        client = client_for(cast[role])
        ms = _median_ms(lambda client=client: client.get(reverse("referral-list")))
        lines.append(f"{'GET /api/v1/referrals/ as ' + role:<44}{ms:>10.1f}{ms / base:>8.2f}")
    with capsys.disabled():
        print(f"\n{REFERRALS} referrals, median of {ROUNDS} rounds, ratio to the unrestricted queryset\n")
        print("\n".join(lines))
