"""The directory API of the Wegwijzer: services, regulations, needs, match and coverage."""

from __future__ import annotations

from django.urls import reverse

from directory.models import Need, Regulation, Service
from directory.vocabulary import NeedCode
from tests.conftest import EVERYONE
from tests.contract import APIContract
from tests.factories import OrganisationFactory, RegulationFactory, ServiceFactory

NOT_EDITORS = sorted(EVERYONE - {"directory_editor", "staff"})


class TestServiceContract(APIContract):
    basename = "service"
    model = Service
    read_roles = EVERYONE
    write_roles = {"directory_editor"}

    def make(self, cast, n):
        return ServiceFactory(organisation=cast.shelter_north, needs=["shelter", "safety"], regions=[cast.north])

    def create_data(self, cast):
        return {
            "organisation": str(cast.shelter_north.pk),
            "name": "Crisisopvang",
            "description": "Opvang voor de eerste nachten.",
            "needs": ["shelter", "safety"],
            "regions": ["north"],
            "genders": ["female"],
            "age_groups": ["adult"],
            "languages": ["nl", "ro"],
            "phases": ["B"],
        }

    def update_data(self, cast, obj):
        return {"description": "Opvang voor de eerste weken."}

    def invalid_data(self, cast):
        body = self.create_data(cast)
        body["genders"] = ["unknown"]
        return body, "genders.0"


class TestRegulationContract(APIContract):
    basename = "regulation"
    model = Regulation
    lookup = "code"
    read_roles = EVERYONE
    write_roles = {"directory_editor"}

    def make(self, cast, n):
        return RegulationFactory(organisation=cast.victim_support, needs=["compensation"])

    def create_data(self, cast):
        return {
            "code": "schadefonds",
            "name": "Schadefonds Geweldsmisdrijven",
            "description": "Een tegemoetkoming voor slachtoffers van geweld.",
            "eligibility": "Slachtoffers met ernstig letsel door een opzettelijk geweldsmisdrijf.",
            "needs": ["compensation"],
            "organisation": str(cast.victim_support.pk),
        }

    def update_data(self, cast, obj):
        return {"eligibility": "Ook nabestaanden."}

    def invalid_data(self, cast):
        body = self.create_data(cast)
        body["needs"] = ["teleportation"]
        return body, "needs"


def test_needs_are_the_fixed_taxonomy_in_both_languages(cast, client_for):
    client = client_for(cast["signaller"])
    body = client.get(reverse("need-list")).json()
    assert [need["code"] for need in body] == list(NeedCode.values)
    shelter = next(need for need in body if need["code"] == "shelter")
    assert shelter == {"code": "shelter", "label": "Opvang", "label_en": "Shelter"}
    english = client.get(reverse("need-list"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert next(need for need in english if need["code"] == "shelter")["label"] == "Shelter"
    assert Need.objects.count() == len(NeedCode.values)


def test_a_service_needs_regions_or_national(cast, client_for):
    body = TestServiceContract().create_data(cast)
    body["regions"] = []
    response = client_for(cast["directory_editor"]).post(reverse("service-list"), body, format="json")
    assert response.status_code == 400
    assert "regions" in response.json()["fields"]
    body["national"] = True
    assert client_for(cast["directory_editor"]).post(reverse("service-list"), body, format="json").status_code == 201


def test_capacity_cannot_have_more_free_than_total_places(cast, client_for):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    url = reverse("service-detail", args=[service.pk])
    client = client_for(cast["directory_editor"])
    response = client.patch(url, {"capacity_total": 4, "capacity_free": 5}, format="json")
    assert response.status_code == 400
    assert "capacity_free" in response.json()["fields"]
    ok = client.patch(url, {"capacity_total": 4, "capacity_free": 1}, format="json")
    assert ok.status_code == 200
    assert ok.json()["capacity_updated_at"] is not None


def test_editorial_workflow_draft_publish_unpublish(cast, client_for):
    editor = client_for(cast["directory_editor"])
    reader = client_for(cast["coordinator"])
    created = editor.post(reverse("service-list"), TestServiceContract().create_data(cast), format="json").json()
    assert created["published"] is False
    detail = reverse("service-detail", args=[created["id"]])
    assert reader.get(detail).status_code == 404
    published = editor.post(reverse("service-publish", args=[created["id"]]))
    assert published.status_code == 200
    assert published.json()["published"] is True
    assert reader.get(detail).status_code == 200
    assert editor.post(reverse("service-unpublish", args=[created["id"]])).json()["published"] is False
    assert reader.get(detail).status_code == 404
    history = Service.objects.get(pk=created["id"]).history.order_by("history_date")
    assert [row.published for row in history][-2:] == [True, False]
    assert {row.history_user for row in history} == {cast["directory_editor"]}


def test_publishing_twice_writes_one_history_row(cast, client_for):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], published=False)
    editor = client_for(cast["directory_editor"])
    editor.post(reverse("service-publish", args=[service.pk]))
    rows = service.history.count()
    editor.post(reverse("service-publish", args=[service.pk]))
    assert service.history.count() == rows


def test_only_editors_publish(cast, client_for):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    regulation = RegulationFactory(organisation=cast.victim_support)
    organisation = OrganisationFactory()
    for role in NOT_EDITORS:
        client = client_for(cast[role])
        for url in (
            reverse("service-unpublish", args=[service.pk]),
            reverse("regulation-unpublish", args=[regulation.code]),
            reverse("organisation-unpublish", args=[organisation.pk]),
        ):
            assert client.post(url).status_code == 403, (role, url)
    service.refresh_from_db()
    assert service.published


def test_drafts_are_invisible_outside_the_editors(cast, client_for):
    draft = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], published=False)
    hidden_org = OrganisationFactory(published=False)
    of_hidden_org = ServiceFactory(organisation=hidden_org, needs=["shelter"], regions=[cast.north])
    draft_regulation = RegulationFactory(organisation=cast.victim_support, published=False)
    for role in NOT_EDITORS:
        client = client_for(cast[role])
        listed = {row["id"] for row in client.get(reverse("service-list"), {"page_size": 200}).json()["results"]}
        assert not listed & {str(draft.pk), str(of_hidden_org.pk)}, role
        assert client.get(reverse("service-detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("service-detail", args=[of_hidden_org.pk])).status_code == 404
        assert client.get(reverse("regulation-detail", args=[draft_regulation.code])).status_code == 404
        match = client.get(reverse("match"), {"need": "shelter", "region": "north"}).json()
        seen = {row["service"] for row in match["results"] + match["excluded"]}
        assert not seen & {str(draft.pk), str(of_hidden_org.pk)}, role
    editor = client_for(cast["directory_editor"])
    match = editor.get(reverse("match"), {"need": "shelter", "region": "north"}).json()
    assert {row["service"]: row["reasons"] for row in match["excluded"]} == {
        str(draft.pk): ["not_published"],
        str(of_hidden_org.pk): ["not_published"],
    }


def test_services_filter_by_need(cast, client_for):
    shelter = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    ServiceFactory(organisation=cast.shelter_north, needs=["legal_aid"], regions=[cast.north])
    rows = client_for(cast["coordinator"]).get(reverse("service-list"), {"need": "shelter"}).json()["results"]
    assert [row["id"] for row in rows] == [str(shelter.pk)]


def test_match_endpoint(cast, client_for):
    regional = ServiceFactory(
        organisation=cast.shelter_north, name="COSM Noord", needs=["shelter"], regions=[cast.north], genders=["female"]
    )
    national = ServiceFactory(organisation=cast.victim_support, name="Landelijk", needs=["shelter"], national=True)
    men = ServiceFactory(
        organisation=cast.shelter_south, name="Mannen", needs=["shelter"], genders=["male"], national=True
    )
    response = client_for(cast["coordinator"]).get(
        reverse("match"),
        {"need": "shelter", "region": "north", "gender": "female", "age_group": "adult", "nationality_group": "non_eu"},
    )
    assert response.status_code == 200
    body = response.json()
    assert [row["service"] for row in body["results"]] == [str(regional.pk), str(national.pk)]
    first = body["results"][0]
    assert first["organisation"] == str(cast.shelter_north.pk)
    assert first["reasons"] == ["need", "region", "gender"]
    assert isinstance(first["score"], int)
    assert body["excluded"] == [
        {
            "service": str(men.pk),
            "service_name": "Mannen",
            "organisation": str(cast.shelter_south.pk),
            "organisation_name": cast.shelter_south.name,
            "reasons": ["gender"],
            "explanation": ["geslacht"],
        }
    ]
    assert body["white_spot"] is False


def test_match_reports_a_white_spot(cast, client_for):
    body = client_for(cast["coordinator"]).get(reverse("match"), {"need": "debt_counselling", "region": "south"}).json()
    assert body["results"] == []
    assert body["white_spot"] is True


def test_match_refuses_bad_input(cast, client_for):
    client = client_for(cast["coordinator"])
    response = client.get(reverse("match"), {"need": "flying", "region": "atlantis", "gender": "robot"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"need", "region", "gender"}
    response = client.get(reverse("match"), {"need": "shelter", "region": "north", "language": "Roemeens"})
    assert "language" in response.json()["fields"]
    assert client_for(None).get(reverse("match"), {"need": "shelter", "region": "north"}).status_code == 401


def test_match_queries_do_not_grow_with_services(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast["coordinator"])
    for size in (3, 30):
        for _ in range(size):
            ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north, cast.south])
        # token lookup, region, services with their regions and needs: the same for 3 and 30
        with django_assert_max_num_queries(8):
            response = client.get(reverse("match"), {"need": "shelter", "region": "north"})
        assert len(response.json()["results"]) >= size


def test_coverage_shows_white_spots_and_duplications(cast, client_for):
    for n in range(8):
        ServiceFactory(organisation=cast.shelter_north, name=f"Opvang {n}", needs=["shelter"], regions=[cast.north])
    ServiceFactory(organisation=cast.victim_support, needs=["legal_aid"], national=True)
    ServiceFactory(organisation=cast.shelter_north, needs=["income"], regions=[cast.north], published=False)
    body = client_for(cast["analyst"]).get(reverse("coverage")).json()
    cells = {(cell["need"], cell["region"]): cell for cell in body["cells"]}
    assert cells[("shelter", "north")]["count"] == 8
    assert cells[("shelter", "north")]["possible_duplication"] is True
    assert cells[("shelter", "south")]["white_spot"] is True
    assert cells[("legal_aid", "south")]["count"] == 1
    assert cells[("income", "north")]["white_spot"] is True, "drafts do not count"
    assert body["white_spots"] == sum(1 for cell in body["cells"] if cell["white_spot"])


def test_coverage_by_victim_category(cast, client_for):
    ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], genders=["female"])
    body = client_for(cast["coordinator"]).get(reverse("coverage"), {"by": "gender"}).json()
    cells = {(cell["need"], cell["region"], cell["gender"]): cell["count"] for cell in body["cells"]}
    assert cells[("shelter", "north", "female")] == 1
    assert cells[("shelter", "north", "male")] == 0
    assert client_for(cast["coordinator"]).get(reverse("coverage"), {"by": "shoe_size"}).status_code == 400


def test_coverage_is_for_coordinators_editors_comensha_and_the_ministry(cast, client_for):
    allowed = {"coordinator", "national_coordinator", "directory_editor", "analyst"}
    for role in sorted(EVERYONE - {"staff"}):
        status = client_for(cast[role]).get(reverse("coverage")).status_code
        assert status == (200 if role in allowed else 403), role


def test_coverage_queries_are_fixed(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast["analyst"])
    for size in (3, 30):
        for _ in range(size):
            ServiceFactory(organisation=cast.shelter_north, needs=["shelter", "safety"], regions=[cast.north])
        with django_assert_max_num_queries(10):
            assert client.get(reverse("coverage")).status_code == 200
