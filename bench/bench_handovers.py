"""What do handover documents and the audit chain cost? (``make bench``)

Two side-by-side measurements, each reported as a ratio to its baseline in the same run
(absolute times on a shared 2-core machine are noise); rounds alternate between the two so
that drift hits both alike. Prints tables; asserts nothing about speed.

1. Issuing a handover (snapshot, row, event, HTML, PDF/A, SHA-256, storage, the claim under
   the row lock) against a bare WeasyPrint render of the same HTML. Goal: at most 1.2x.
2. The referral write path (create, submit, accept; through the services, and over the API as
   the signaller and the coordinator would) with the audit chain against the same path with
   the chain switched off. Goal: at most 1.3x.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest
from django.db import transaction
from django.urls import reverse

from audit.registry import suspended
from referrals import services
from referrals.handovers.document import STYLESHEET, render_html
from referrals.handovers.services import handover_render, issue_handover
from referrals.models import Handover, HandoverKind, Referral
from tests.factories import ServiceFactory, referral_data

ROUNDS = 15
WRITE_ROUNDS = 40


def _median(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _write_path(cast) -> Referral:
    """create + submit + accept, as the signaller and the coordinator would, through the services."""
    data = referral_data()
    data["region"] = cast.north
    referral = services.referral_create(actor=cast["signaller"], data=data)
    services.referral_submit(referral=referral, actor=cast["signaller"])
    return services.referral_accept(referral=referral, actor=cast["coordinator"])


@pytest.mark.django_db
def test_issuing_a_handover_against_a_bare_render(cast, capsys):
    from weasyprint import HTML

    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    referral = _write_path(cast)
    route = services.route_propose(referral=referral, actor=cast["coordinator"], need="shelter", service=service)
    services.route_act(route=route, actor=cast["coordinator"], action="send")
    html = render_html(Handover.objects.get(route=route))
    base_url = STYLESHEET.parent.as_uri() + "/"

    def bare() -> None:
        HTML(string=html, base_url=base_url).write_pdf()

    def issue() -> None:
        with transaction.atomic():
            handover = issue_handover(
                referral=referral,
                route=route,
                kind=HandoverKind.ROUTE,
                issuer=cast.coordination_north,
                recipient=cast.shelter_north,
                actor=cast["coordinator"],
            )
        assert handover_render(handover_id=handover.id, final=True) == "ready"

    bare()  # warm up: fonts, stylesheets, imports
    issue()
    bare_samples, issue_samples = [], []
    for _ in range(ROUNDS):
        bare_samples.append(_timed(bare))
        issue_samples.append(_timed(issue))
    base, ours = _median(bare_samples), _median(issue_samples)
    with capsys.disabled():
        print(f"\nhandover documents: median of {ROUNDS} rounds, ratio to a bare WeasyPrint render (goal <= 1.2)\n")
        print(f"{'what':<58}{'median ms':>10}{'ratio':>8}")
        print(f"{'bare WeasyPrint render of the same HTML':<58}{base:>10.1f}{1:>8.2f}")
        print(f"{'issue + render (PDF/A, hash, store, claim)':<58}{ours:>10.1f}{ours / base:>8.2f}")


def _over_the_api(signaller, coordinator) -> None:
    """create + submit + accept as the two people would: three requests with their tokens."""
    created = signaller.post(reverse("referral-list"), referral_data(), format="json").json()
    signaller.post(reverse("referral-submit", args=[created["id"]]))
    assert coordinator.post(reverse("referral-accept", args=[created["id"]])).status_code == 200


def _side_by_side(with_chain: Callable[[], object]) -> tuple[float, float]:
    """Median ms without and with the chain, alternating round by round."""

    def without_chain() -> None:
        with suspended():
            with_chain()

    with_chain()  # warm up
    without_chain()
    on, off = [], []
    for _ in range(WRITE_ROUNDS):
        off.append(_timed(without_chain))
        on.append(_timed(with_chain))
    return _median(off), _median(on)


@pytest.mark.django_db
def test_the_chain_on_the_referral_write_path(cast, client_for, capsys):
    services_off, services_on = _side_by_side(lambda: _write_path(cast))
    signaller, coordinator = client_for(cast["signaller"]), client_for(cast["coordinator"])
    api_off, api_on = _side_by_side(lambda: _over_the_api(signaller, coordinator))
    with capsys.disabled():
        print(f"\naudit chain: create + submit + accept, median of {WRITE_ROUNDS} rounds (goal <= 1.3)\n")
        print(f"{'what':<58}{'median ms':>10}{'ratio':>8}")
        print(f"{'services, chain switched off':<58}{services_off:>10.1f}{1:>8.2f}")
        print(f"{'services, every row chained':<58}{services_on:>10.1f}{services_on / services_off:>8.2f}")
        print(f"{'API (3 requests), chain switched off':<58}{api_off:>10.1f}{1:>8.2f}")
        print(f"{'API (3 requests), every row chained':<58}{api_on:>10.1f}{api_on / api_off:>8.2f}")
