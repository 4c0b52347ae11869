"""Regions and organisations: the contract, visibility of unpublished entries, field rules."""

from __future__ import annotations

from django.urls import reverse

from directory.models import Organisation, OrganisationKind, Region
from tests.conftest import EVERYONE
from tests.contract import APIContract
from tests.factories import OrganisationFactory, RegionFactory


class TestRegionContract(APIContract):
    basename = "region"
    model = Region
    lookup = "code"
    read_roles = EVERYONE
    write_roles = {"directory_editor"}

    def make(self, cast, n):
        return RegionFactory(code=f"contract-{n}", name=f"Contractregio {n}")

    def create_data(self, cast):
        return {"code": "nieuw-gebied", "name": "Nieuw gebied"}

    def update_data(self, cast, obj):
        return {"name": "Hernoemd gebied"}

    def invalid_data(self, cast):
        return {"code": "Not A Slug!", "name": "X"}, "code"


class TestOrganisationContract(APIContract):
    basename = "organisation"
    model = Organisation
    read_roles = EVERYONE
    write_roles = {"directory_editor"}

    def make(self, cast, n):
        organisation = OrganisationFactory(name=f"Contractorganisatie {n}")
        organisation.regions.set([cast.north, cast.south])
        return organisation

    def create_data(self, cast):
        return {"name": "Nieuwe opvang", "kind": "shelter", "regions": ["north"], "published": True}

    def update_data(self, cast, obj):
        return {"phone": "+31 20 000 0000"}

    def invalid_data(self, cast):
        return {"name": "Zonder soort", "kind": "castle", "regions": ["north"]}, "kind"


def test_unpublished_organisations_are_visible_to_editors_only(cast, client_for):
    hidden = OrganisationFactory(name="Nog niet gepubliceerd", published=False)
    url = reverse("organisation-detail", args=[hidden.pk])
    assert client_for(cast["directory_editor"]).get(url).status_code == 200
    for role in ("signaller", "coordinator", "national_coordinator", "provider", "analyst", "auditor"):
        client = client_for(cast[role])
        assert client.get(url).status_code == 404, role
        names = [row["name"] for row in client.get(reverse("organisation-list"), {"page_size": 200}).json()["results"]]
        assert hidden.name not in names


def test_organisation_fields_and_region_codes(cast, client_for):
    response = client_for(cast["directory_editor"]).post(
        reverse("organisation-list"),
        {"name": "Opvang Zuid-Oost", "kind": "shelter", "regions": ["north", "south"], "email": "a@example.org"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {
        "id",
        "name",
        "kind",
        "regions",
        "coordinates_region",
        "is_national_coordinator",
        "email",
        "phone",
        "website",
        "description",
        "published",
    }
    assert sorted(body["regions"]) == ["north", "south"]
    assert body["coordinates_region"] is None
    assert body["published"] is False


def test_unknown_region_code_is_a_field_error(cast, client_for):
    response = client_for(cast["directory_editor"]).post(
        reverse("organisation-list"), {"name": "X", "kind": "ngo", "regions": ["atlantis"]}, format="json"
    )
    assert response.status_code == 400
    assert "atlantis" in response.json()["fields"]["regions"]


def test_a_region_has_one_care_coordinator(cast, client_for):
    response = client_for(cast["directory_editor"]).post(
        reverse("organisation-list"),
        {"name": "Tweede coördinator", "kind": "care_coordination", "coordinates_region": "north"},
        format="json",
    )
    assert response.status_code == 400
    assert "coordinates_region" in response.json()["fields"]


def test_there_is_one_national_coordinator(cast, client_for):
    other = OrganisationFactory(kind=OrganisationKind.CARE_COORDINATION)
    response = client_for(cast["directory_editor"]).patch(
        reverse("organisation-detail", args=[other.pk]), {"is_national_coordinator": True}, format="json"
    )
    assert response.status_code == 400
    assert "is_national_coordinator" in response.json()["fields"]


def test_organisation_history_records_region_changes(cast, client_for):
    organisation = OrganisationFactory()
    client_for(cast["directory_editor"]).patch(
        reverse("organisation-detail", args=[organisation.pk]), {"regions": ["south"]}, format="json"
    )
    latest = organisation.history.latest()
    assert [row.region.code for row in latest.regions.all()] == ["south"]
    assert latest.history_user == cast["directory_editor"]


def test_superuser_manages_the_directory(cast, client_for):
    from tests.factories import UserFactory

    root = UserFactory(username="root", role="", organisation=None, is_staff=True, is_superuser=True)
    response = client_for(root).post(reverse("region-list"), {"code": "extra", "name": "Extra"}, format="json")
    assert response.status_code == 201
