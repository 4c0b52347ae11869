"""The demo data: idempotent, one working login per role, and never on a live database by accident."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Role, User
from directory.models import Organisation, Region


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


def test_seed_is_idempotent_and_covers_every_role(db):
    first = seed()
    counts = (Region.objects.count(), Organisation.objects.count(), User.objects.count())
    seed()
    assert (Region.objects.count(), Organisation.objects.count(), User.objects.count()) == counts
    assert Region.objects.count() == 11
    assert {user.role for user in User.objects.all()} >= {role.value for role in Role}
    assert DEMO_PASSWORD in first
    for demo in DEMO_USERS:
        assert demo.username in first


def test_every_demo_user_gets_a_token(db, client):
    seed()
    for demo in DEMO_USERS:
        response = client.post(
            "/api/v1/auth/token/",
            {"username": demo.username, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, demo.username


def test_regions_without_coordinator_exist_and_comensha_is_national(db):
    seed()
    without = Region.objects.filter(coordinator__isnull=True).values_list("code", flat=True)
    assert {"zeeland-west-brabant", "limburg"} <= set(without)
    assert Organisation.objects.get(is_national_coordinator=True).name == "CoMensha"


def test_seed_refuses_postgresql_without_force(db):
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=io.StringIO())


def test_demo_referrals_are_made_once_through_the_services(db):
    from referrals.models import Referral

    seed()
    seed()
    referrals = Referral.objects.order_by("created_at")
    assert [referral.status for referral in referrals] == ["draft", "pending", "accepted"]
    routed = referrals.last()
    assert routed is not None
    assert routed.routes.get().status == "sent"
    assert routed.handovers.count() == 2
    assert [event.event for event in routed.events.all()] == [
        "created",
        "submitted",
        "accepted",
        "handover_issued",
        "phase_changed",
        "route_proposed",
        "route_sent",
        "handover_issued",
    ]
    provider = User.objects.get(username="hulpverlener")
    assert list(Referral.objects.restrict(provider)) == [routed]


def test_seeding_again_writes_no_history(db):
    from audit.models import Entry
    from audit.verify import verify
    from directory.models import Regulation, Service

    seed()
    models = (Region, Organisation, Service, Regulation, User)
    before = [model.history.count() for model in models]
    chained = Entry.objects.count()
    seed()
    assert [model.history.count() for model in models] == before
    assert Entry.objects.count() == chained  # nor audit chain entries
    assert verify().valid
