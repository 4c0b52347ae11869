"""The fixed cast of the test suite and API clients that log in with real tokens.

Two regions, ``north`` and ``south``, each with a care coordinator; one user
per role at "our" side and an other-organisation twin for the roles whose view
depends on their organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Role, User
from directory.models import Organisation, OrganisationKind, Region
from tests.factories import OrganisationFactory, RegionFactory, UserFactory

#: the ``worker`` fixture: a real Celery worker in a thread (tests/celery_worker.py)
pytest_plugins = ["tests.celery_worker"]

ROLES = [role.value for role in Role]
#: every role, and "staff" for a user who manages accounts without a case role
EVERYONE = {*ROLES, "staff"}


@dataclass
class Cast:
    north: Region
    south: Region
    comensha: Organisation
    coordination_north: Organisation
    coordination_south: Organisation
    police_north: Organisation
    police_south: Organisation
    shelter_north: Organisation
    shelter_south: Organisation
    ministry: Organisation
    victim_support: Organisation
    users: dict[str, Any]
    twins: dict[str, Any]
    staff: User

    def __getitem__(self, role: str) -> User:
        user: User = self.users[role]
        return user


def _organisations() -> dict[str, Any]:
    north = RegionFactory(code="north", name="Noord")
    south = RegionFactory(code="south", name="Zuid")
    org = OrganisationFactory
    return {
        "north": north,
        "south": south,
        "comensha": org(name="CoMensha", kind=OrganisationKind.CARE_COORDINATION, is_national_coordinator=True),
        "coordination_north": org(
            name="Zorgcoördinatie Noord", kind=OrganisationKind.CARE_COORDINATION, coordinates_region=north
        ),
        "coordination_south": org(
            name="Zorgcoördinatie Zuid", kind=OrganisationKind.CARE_COORDINATION, coordinates_region=south
        ),
        "police_north": org(name="Politie Noord", kind=OrganisationKind.POLICE),
        "police_south": org(name="Politie Zuid", kind=OrganisationKind.POLICE),
        "shelter_north": org(name="Opvang Noord", kind=OrganisationKind.SHELTER),
        "shelter_south": org(name="Opvang Zuid", kind=OrganisationKind.SHELTER),
        "ministry": org(name="Ministerie", kind=OrganisationKind.MINISTRY, published=False),
        "victim_support": org(name="Slachtofferhulp", kind=OrganisationKind.VICTIM_SUPPORT),
    }


@pytest.fixture(autouse=True)
def _audit_heads_file(settings, tmp_path):
    """Each test records the audit chain's head in a file of its own (the database is rolled back)."""
    settings.AUDIT_HEADS_FILE = tmp_path / "audit-heads.log"


@pytest.fixture
def cast(db: None) -> Cast:
    places = _organisations()
    home = {
        Role.SIGNALLER: "police_north",
        Role.COORDINATOR: "coordination_north",
        Role.NATIONAL_COORDINATOR: "comensha",
        Role.PROVIDER: "shelter_north",
        Role.ANALYST: "ministry",
        Role.DIRECTORY_EDITOR: "victim_support",
        Role.AUDITOR: "comensha",
    }
    twin_home = {
        Role.SIGNALLER: "police_south",
        Role.COORDINATOR: "coordination_south",
        Role.PROVIDER: "shelter_south",
    }
    users: dict[str, Any] = {
        role: UserFactory(username=role, role=role, organisation=places[home[role]]) for role in home
    }
    twins: dict[str, Any] = {
        role: UserFactory(username=f"other_{role}", role=role, organisation=places[where])
        for role, where in twin_home.items()
    }
    staff = UserFactory(username="staff", role="", organisation=None, is_staff=True)
    return Cast(users=users, twins=twins, staff=staff, **places)


@pytest.fixture
def client_for(db: None):
    """``client_for(user)`` gives an APIClient that sends a real knox token of that user."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            _, token = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def flow(cast, client_for):
    """Walk referrals through their lifecycle over the API (see tests/referral_flow.py)."""
    from tests.referral_flow import Flow

    return Flow(cast, client_for)
