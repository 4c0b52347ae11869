"""The Open Referral HSDS 3.0 read API: public, published entries only, valid against the official schemas.

Every answer is checked against the response schema that HSDS's own
``openapi.json`` gives for its path (the ``Page`` envelope with ``service_list``,
``organization_list``, ``taxonomy`` or ``taxonomy_term`` items), and every
service and organization also against ``service.json`` and ``organization.json``.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from rest_framework.test import APIClient

from directory.models import Need, Service, vocabulary_id
from directory.vocabulary import NeedCode
from tests.factories import OrganisationFactory, RegionFactory, ServiceFactory

HSDS = Path(__file__).resolve().parent / "data" / "hsds-3.0"
# Where HSDS's openapi.json says its schemas live; we resolve them to our copies.
SPEC = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI = "urn:hsds:openapi"


# --- the official schemas -----------------------------------------------------------


JSON = dict[str, Any]


def _load(name: str) -> JSON:
    loaded: JSON = json.loads((HSDS / name).read_text())
    return loaded


def _registry() -> Registry:
    resources = [(OPENAPI, _load("openapi.json"))]
    resources += [(f"{SPEC}{path.name}", _load(f"objects/{path.name}")) for path in (HSDS / "objects").glob("*.json")]
    resources += [
        (f"{SPEC}compiled/{name}", _load(name))
        for name in ("service.json", "service_list.json", "organization.json", "organization_list.json")
    ]
    # The schemas name no $schema; openapi.json's jsonSchemaDialect says Draft 2020-12.
    return Registry().with_resources(
        (uri, Resource.from_contents(contents, default_specification=DRAFT202012)) for uri, contents in resources
    )


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    # RFC 3339 demands a time zone.
    return "T" in value and datetime.fromisoformat(value).tzinfo is not None


def _format_checker() -> FormatChecker:
    """Draft 2020-12 formats, with "uri" and "date-time" checked without the optional packages."""
    checker = FormatChecker()
    checker.checks("uri", raises=ValueError)(_is_uri)
    checker.checks("date-time", raises=ValueError)(_is_datetime)
    return checker


REGISTRY = _registry()
FORMATS = _format_checker()


def schema_errors(instance: object, schema: JSON) -> list[str]:
    """Where and why ``instance`` does not match ``schema``, formats included."""
    validator_class = validator_for(schema, default=Draft202012Validator)
    validator = validator_class(schema, registry=REGISTRY, format_checker=FORMATS)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(instance)]


def assert_valid(instance: object, schema: JSON) -> None:
    assert schema_errors(instance, schema) == []


def response_schema(path: str) -> JSON:
    """The 200 response schema of ``path`` in HSDS's openapi.json."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {"$ref": f"{OPENAPI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"}


def assert_valid_response(path: str, body: object) -> None:
    assert_valid(body, response_schema(path))


def assert_valid_service(body: JSON) -> None:
    assert_valid(body, _load("service.json"))


def assert_valid_organization(body: JSON) -> None:
    assert_valid(body, _load("organization.json"))


def test_the_schemas_catch_mistakes():
    """Guard against a check that passes everything (an unresolved $ref, formats not asserted)."""
    broken = {
        "id": "not-a-uuid",
        "name": "Dienst",
        "status": "open",
        "email": "geen-adres",
        "url": "geen uri",
        "last_modified": "2025-03-01T10:00:00",
        "organization": {"id": str(uuid.uuid4()), "name": "Zonder omschrijving"},
    }
    errors = " ".join(schema_errors(broken, _load("service.json")))
    for path in ("['id']", "['status']", "['email']", "['url']", "['last_modified']", "['organization']"):
        assert path in errors, path
    page_errors = " ".join(schema_errors({"total_items": "3", "contents": [broken]}, response_schema("/services")))
    assert "['total_items']" in page_errors
    assert "['contents', 0, 'id']" in page_errors


# --- the directory --------------------------------------------------------------------


def url(name: str, *args: object) -> str:
    return reverse(f"hsds-{name}", args=[str(arg) for arg in args])


@pytest.fixture
def public() -> APIClient:
    return APIClient()


@pytest.fixture
def directory(cast):
    """A small published directory like the demo's, plus drafts that must stay hidden."""
    cast.shelter_north.phone = "+31 20 555 0101"
    cast.shelter_north.website = "https://opvang-noord.example.org"
    cast.shelter_north.save()
    shelter = ServiceFactory(
        organisation=cast.shelter_north,
        name="Categorale opvang Noord",
        needs=["shelter", "safety"],
        regions=[cast.north],
        genders=["female"],
        age_groups=["adult"],
        languages=["nl", "en", "ro"],
        phone="+31 20 555 0102",
        email="opvang@example.org",
        url="https://opvang-noord.example.org/aanmelden",
        last_reviewed=date(2025, 3, 1),
    )
    legal = ServiceFactory(
        organisation=cast.victim_support,
        name="Juridisch advies",
        description="",
        needs=["legal_aid", "compensation"],
        national=True,
        nationality_groups=["non_eu"],
        exploitation_forms=["sexual", "labour"],
    )
    minors = ServiceFactory(
        organisation=cast.shelter_south,
        name="Beschermde opvang minderjarigen",
        needs=["child_protection", "shelter"],
        regions=[cast.north, cast.south],
        age_groups=["minor"],
    )
    draft = ServiceFactory(organisation=cast.shelter_north, name="Concept", needs=["shelter"], published=False)
    of_hidden_organisation = ServiceFactory(organisation=cast.ministry, name="Van een verborgen organisatie")
    return {
        "shelter": shelter,
        "legal": legal,
        "minors": minors,
        "draft": draft,
        "of_hidden_organisation": of_hidden_organisation,
        "cast": cast,
    }


def _all_contents(client: APIClient, list_url: str, **params) -> list[JSON]:
    body = client.get(list_url, {"per_page": 200, **params}).json()
    assert body["total_pages"] == 1
    contents: list[JSON] = body["contents"]
    return contents


def _ids(contents: list[JSON]) -> set[str]:
    return {item["id"] for item in contents}


# --- without login --------------------------------------------------------------------


def test_every_endpoint_answers_without_login(directory, public):
    shelter, organisation = directory["shelter"], directory["cast"].shelter_north
    taxonomy_id = vocabulary_id("taxonomy", "nvm-needs")
    need_id = Need.objects.get(code="shelter").id
    urls = [
        url("root"),
        url("service-list"),
        url("service-detail", shelter.id),
        url("organization-list"),
        url("organization-detail", organisation.id),
        url("taxonomy-list"),
        url("taxonomy-detail", taxonomy_id),
        url("taxonomy-term-list"),
        url("taxonomy-term-detail", need_id),
    ]
    stale_token = APIClient()
    stale_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for path in urls:
        for client in (public, stale_token):
            assert client.get(path).status_code == 200, path
        # HSDS names its paths without a trailing slash, the rest of our API with one: both answer.
        assert path == url("root") or not path.endswith("/")
        assert public.get(path.rstrip("/") + "/").status_code == 200, path


def test_root_names_version_profile_and_openapi(public):
    body = public.get(url("root")).json()
    assert_valid_response("/", body)
    assert body["version"].startswith("3.0.")
    assert body["openapi_url"] == "http://testserver/api/v1/schema/?format=json"
    assert body["profile"] == "http://testserver/api/v1/directory/hsds/profile"
    openapi = public.get(body["openapi_url"]).json()
    assert "/api/v1/directory/hsds/services/" in openapi["paths"]


# --- services ---------------------------------------------------------------------------


def test_services_validate_against_hsds(directory, public):
    body = public.get(url("service-list"), {"per_page": 200}).json()
    assert_valid_response("/services", body)
    full = public.get(url("service-list"), {"per_page": 200, "full": "true"}).json()
    assert_valid_response("/services", full)
    for service in full["contents"]:
        assert_valid_service(service)
        detail = public.get(url("service-detail", service["id"])).json()
        assert_valid_response("/services/{id}", detail)
        assert_valid_service(detail)
        assert detail == {**service, "organization": detail["organization"]}
    assert len(full["contents"]) == 3


def test_service_in_hsds_terms(directory, public):
    shelter = directory["shelter"]
    body = public.get(url("service-detail", shelter.id)).json()
    assert body["organization_id"] == str(shelter.organisation_id)
    assert body["organization"]["id"] == str(shelter.organisation_id)
    assert body["organization"]["phones"][0]["number"] == "+31 20 555 0101"
    assert body["status"] == "active"
    assert body["assured_date"] == "2025-03-01"
    assert body["minimum_age"] == 18
    assert "maximum_age" not in body
    assert body["phones"] == [
        {"id": body["phones"][0]["id"], "service_id": str(shelter.id), "number": "+31 20 555 0102"}
    ]
    assert [(language["code"], language["name"]) for language in body["languages"]] == [
        ("nl", "Dutch"),
        ("en", "English"),
        ("ro", "Romanian"),
    ]
    assert [area["name"] for area in body["service_areas"]] == ["Noord"]
    assert "Geslacht: Vrouw" in body["eligibility_description"]
    attributes = {(a["link_type"], a["value"]) for a in body["attributes"]}
    assert attributes == {("need", "shelter"), ("need", "safety"), ("eligibility", "female"), ("eligibility", "adult")}
    for attribute in body["attributes"]:
        assert attribute["link_id"] == str(shelter.id)
        assert attribute["link_entity"] == "service"
        assert attribute["taxonomy_term"]["id"] == attribute["taxonomy_term_id"]
    need_terms = {a["value"]: a["taxonomy_term_id"] for a in body["attributes"] if a["link_type"] == "need"}
    assert need_terms["shelter"] == str(Need.objects.get(code="shelter").id)


def test_national_and_unrestricted_services(directory, public):
    legal = public.get(url("service-detail", directory["legal"].id)).json()
    assert [area["name"] for area in legal["service_areas"]] == ["Nederland"]
    assert "description" not in legal  # empty stays out: HSDS strings may not be null
    # Gender and age are unrestricted: no attribute, no age limits.
    eligibility = {a["value"] for a in legal["attributes"] if a["link_type"] == "eligibility"}
    assert eligibility == {"non_eu", "sexual", "labour"}
    assert "minimum_age" not in legal
    assert "maximum_age" not in legal
    minors = public.get(url("service-detail", directory["minors"].id)).json()
    assert minors["maximum_age"] == 17
    assert sorted(area["name"] for area in minors["service_areas"]) == ["Noord", "Zuid"]


def test_nested_ids_are_stable_and_unique(directory, public):
    first = public.get(url("service-list"), {"full": "true"}).json()["contents"]
    again = public.get(url("service-list"), {"full": "true"}).json()["contents"]
    assert first == again
    nested = [
        item["id"]
        for service in first
        for kind in ("phones", "languages", "service_areas", "attributes")
        for item in service[kind]
    ]
    assert len(nested) == len(set(nested)) > 10


# --- organizations -----------------------------------------------------------------------


def test_organizations_validate_against_hsds(directory, public):
    body = public.get(url("organization-list"), {"per_page": 200}).json()
    assert_valid_response("/organizations", body)
    full = public.get(url("organization-list"), {"per_page": 200, "full": "true", "full_service": "true"}).json()
    assert_valid_response("/organizations", full)
    for organization in full["contents"]:
        assert_valid_organization(organization)
    for organization in body["contents"]:
        for params in ({}, {"full_service": "true"}):
            detail = public.get(url("organization-detail", organization["id"]), params).json()
            assert_valid_response("/organizations/{id}", detail)
            assert_valid_organization(detail)


def test_organization_in_hsds_terms(directory, public):
    organisation = directory["cast"].shelter_north
    body = public.get(url("organization-detail", organisation.id)).json()
    assert body["description"] == organisation.name  # required by HSDS; ours is empty
    assert body["website"] == "https://opvang-noord.example.org"
    assert body["phones"][0]["organization_id"] == str(organisation.id)
    assert [service["name"] for service in body["services"]] == ["Categorale opvang Noord"]
    full = public.get(url("organization-detail", organisation.id), {"full_service": "true"}).json()
    assert full["services"][0]["attributes"]


# --- only what is published -----------------------------------------------------------------


def test_unpublished_entries_are_not_found(directory, public):
    cast = directory["cast"]
    hidden_services = [directory["draft"], directory["of_hidden_organisation"]]
    for service in hidden_services:
        assert public.get(url("service-detail", service.id)).status_code == 404
    response = public.get(url("organization-detail", cast.ministry.id))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    listed = _ids(_all_contents(public, url("service-list")))
    assert listed == {str(directory[key].id) for key in ("shelter", "legal", "minors")}
    assert str(cast.ministry.id) not in _ids(_all_contents(public, url("organization-list")))
    nested = public.get(url("organization-detail", cast.shelter_north.id)).json()["services"]
    assert str(directory["draft"].id) not in _ids(nested)
    with_services = _all_contents(public, url("organization-list"), full="true")
    assert str(directory["draft"].id) not in {s["id"] for o in with_services for s in o["services"]}


def test_a_directory_editor_sees_no_drafts_here_either(directory, client_for):
    # Editors see drafts in the directory API; HSDS is the public's view, whoever asks.
    editor = client_for(directory["cast"]["directory_editor"])
    assert editor.get(url("service-detail", directory["draft"].id)).status_code == 404


def test_unknown_and_malformed_ids_are_not_found(db, public):
    for name in ("service-detail", "organization-detail", "taxonomy-detail", "taxonomy-term-detail"):
        assert public.get(url(name, uuid.uuid4())).status_code == 404, name
        assert public.get(url(name, "not-a-uuid")).status_code == 404, name


# --- the Page envelope ---------------------------------------------------------------------------


def test_page_numbers_across_two_pages(directory, public):
    first = public.get(url("service-list"), {"per_page": 2}).json()
    second = public.get(url("service-list"), {"per_page": 2, "page": 2}).json()
    for body in (first, second):
        assert_valid_response("/services", body)
    assert {key: first[key] for key in first if key != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert {key: second[key] for key in second if key != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    assert len(_ids(first["contents"]) | _ids(second["contents"])) == 3
    assert public.get(url("service-list"), {"per_page": 2, "page": 3}).status_code == 404


def test_an_empty_list_is_one_empty_page(db, public):
    body = public.get(url("service-list")).json()
    assert_valid_response("/services", body)
    assert body == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "twee"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "201"}, "per_page"),
        ({"per_page": "1.5"}, "per_page"),
    ],
)
def test_bad_page_parameters_are_refused(db, public, params, field):
    for name in ("service-list", "organization-list", "taxonomy-list", "taxonomy-term-list"):
        response = public.get(url(name), params)
        assert response.status_code == 400, name
        body = response.json()
        assert body["code"] == "invalid"
        assert list(body["fields"]) == [field]


def test_fifty_per_page_unless_asked(db, public):
    OrganisationFactory.create_batch(51)
    body = public.get(url("organization-list")).json()
    assert (body["size"], body["total_pages"]) == (50, 2)
    assert public.get(url("organization-list"), {"per_page": 200}).json()["size"] == 51
    terms = public.get(url("taxonomy-term-list"), {"per_page": 20, "page": 2}).json()
    assert (terms["total_items"], terms["size"], terms["total_pages"], terms["last_page"]) == (29, 9, 2, True)


# --- taxonomies ------------------------------------------------------------------------------------


TAXONOMIES = ["nvm-needs", "nvm-gender", "nvm-age-group", "nvm-nationality-group", "nvm-exploitation-form"]


def test_taxonomies_are_our_vocabularies(db, public):
    body = public.get(url("taxonomy-list")).json()
    assert_valid_response("/taxonomies", body)
    assert [t["name"] for t in body["contents"]] == TAXONOMIES
    assert [t["id"] for t in body["contents"]] == [str(vocabulary_id("taxonomy", name)) for name in TAXONOMIES]
    for taxonomy in body["contents"]:
        detail = public.get(url("taxonomy-detail", taxonomy["id"])).json()
        assert_valid_response("/taxonomies/{id}", detail)
        assert detail == taxonomy


def test_every_need_is_a_taxonomy_term(db, public):
    needs_id = str(vocabulary_id("taxonomy", "nvm-needs"))
    body = public.get(url("taxonomy-term-list"), {"taxonomy_id": needs_id}).json()
    assert_valid_response("/taxonomy_terms", body)
    terms = {term["code"]: term for term in body["contents"]}
    assert len(terms) == 16
    for need in Need.objects.all():
        term = terms[need.code]
        assert term["id"] == str(need.id)
        assert term["taxonomy_id"] == needs_id
        assert term["name"] == str(NeedCode(need.code).label)
        assert term["description"] == need.label_en
    detail = public.get(url("taxonomy-term-detail", terms["shelter"]["id"])).json()
    assert_valid_response("/taxonomy_terms/{id}", detail)
    assert detail == terms["shelter"]


def test_victim_categories_are_taxonomy_terms_without_unknown(db, public):
    contents = _all_contents(public, url("taxonomy-term-list"))
    by_taxonomy: dict[str, set[str]] = {}
    for term in contents:
        by_taxonomy.setdefault(term["taxonomy"], set()).add(term["code"])
    assert by_taxonomy["nvm-gender"] == {"female", "male", "x"}
    assert by_taxonomy["nvm-age-group"] == {"minor", "adult"}
    assert by_taxonomy["nvm-nationality-group"] == {"nl", "eu", "non_eu"}
    assert by_taxonomy["nvm-exploitation-form"] == {"sexual", "labour", "criminal", "organ_removal", "other"}
    female = next(term for term in contents if term["code"] == "female")
    assert female["id"] == str(vocabulary_id("gender", "female"))


def test_term_names_stay_dutch_for_an_english_caller(db, public):
    body = public.get(url("taxonomy-term-detail", vocabulary_id("need", "shelter")), HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["name"] == "Opvang"
    assert body["language"] == "nl"


# --- filters -------------------------------------------------------------------------------------------


def _service_ids(client: APIClient, **params) -> set[str]:
    return _ids(_all_contents(client, url("service-list"), **params))


def test_services_by_taxonomy_term(directory, public):
    shelter, legal, minors = directory["shelter"], directory["legal"], directory["minors"]
    assert _service_ids(public, taxonomy_term_id=vocabulary_id("need", "shelter")) == {str(shelter.id), str(minors.id)}
    assert _service_ids(public, taxonomy_term_id=vocabulary_id("need", "legal_aid")) == {str(legal.id)}
    # An eligibility term selects the services restricted to it, as their attributes say.
    assert _service_ids(public, taxonomy_term_id=vocabulary_id("gender", "female")) == {str(shelter.id)}
    assert _service_ids(public, taxonomy_term_id=vocabulary_id("age_group", "minor")) == {str(minors.id)}
    assert _service_ids(public, taxonomy_term_id=uuid.uuid4()) == set()


def test_services_by_taxonomy(directory, public):
    shelter, legal = directory["shelter"], directory["legal"]
    restricted_by_gender = _service_ids(public, taxonomy_id=vocabulary_id("taxonomy", "nvm-gender"))
    assert restricted_by_gender == {str(shelter.id)}
    with_needs = _service_ids(public, taxonomy_id=vocabulary_id("taxonomy", "nvm-needs"))
    assert len(with_needs) == 3
    assert _service_ids(public, taxonomy_id=vocabulary_id("taxonomy", "nvm-exploitation-form")) == {str(legal.id)}


def test_services_by_organization_and_search(directory, public):
    cast = directory["cast"]
    assert _service_ids(public, organization_id=cast.shelter_north.id) == {str(directory["shelter"].id)}
    assert _service_ids(public, organization_id=cast.ministry.id) == set()
    assert _service_ids(public, search="juridisch") == {str(directory["legal"].id)}


def test_services_modified_after(directory, public):
    legal = directory["legal"]
    Service.objects.filter(pk=legal.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    everything = {str(directory[key].id) for key in ("shelter", "legal", "minors")}
    assert _service_ids(public, modified_after="2019-12-31T23:00:00Z") == everything
    assert _service_ids(public, modified_after="2020-01-02") == everything - {str(legal.id)}
    response = public.get(url("service-list"), {"modified_after": "gisteren"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["modified_after"]


def test_instants_beyond_a_timestamp_filter_as_everything_and_nothing(directory, public):
    everything = {str(directory[key].id) for key in ("shelter", "legal", "minors")}
    assert _service_ids(public, modified_after="0001-01-01T00:00:00+01:00") == everything
    assert _service_ids(public, modified_after="9999-12-31T23:59:59-01:00") == set()


def test_taxonomy_terms_by_taxonomy(db, public):
    gender_id = str(vocabulary_id("taxonomy", "nvm-gender"))
    contents = _all_contents(public, url("taxonomy-term-list"), taxonomy_id=gender_id)
    assert {term["taxonomy_id"] for term in contents} == {gender_id}
    assert len(contents) == 3


@pytest.mark.parametrize("name", ["taxonomy_term_id", "taxonomy_id", "organization_id"])
def test_malformed_filter_ids_are_refused(db, public, name):
    response = public.get(url("service-list"), {name: "kaas"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [name]


# --- queries ------------------------------------------------------------------------------------------


def _make_services(count: int) -> None:
    north, south = RegionFactory(code="north"), RegionFactory(code="south")
    for n in range(count):
        ServiceFactory(
            organisation=OrganisationFactory(phone="+31 20 000 0000"),
            needs=["shelter", "legal_aid"],
            regions=[north, south],
            genders=["female"],
            languages=["nl", "en"],
            phone=f"+31 20 000 {n:04d}",
        )


QUERY_CEILINGS = [
    ("service-list", {}, 2),
    ("service-list", {"full": "true"}, 4),
    ("service-list", {"taxonomy_term_id": str(vocabulary_id("gender", "female"))}, 3),
    ("organization-list", {}, 2),
    ("organization-list", {"full": "true", "full_service": "true"}, 5),
]


@pytest.mark.parametrize(("name", "params", "ceiling"), QUERY_CEILINGS)
def test_list_queries_do_not_grow_with_the_directory(db, public, django_assert_max_num_queries, name, params, ceiling):
    counts = []
    for added, total in ((3, 3), (27, 30)):
        _make_services(added)
        with django_assert_max_num_queries(ceiling), CaptureQueriesContext(connection) as queries:
            body = public.get(url(name), {**params, "per_page": 200}).json()
        assert body["total_items"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_detail_queries_are_few(directory, public, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        public.get(url("service-detail", directory["shelter"].id))
    with django_assert_max_num_queries(4):
        public.get(url("organization-detail", directory["cast"].shelter_north.id), {"full_service": "true"})


def test_the_profile_is_served_and_names_our_taxonomies(client, db):
    root = client.get("/api/v1/directory/hsds/").json()
    assert root["profile"].endswith("/api/v1/directory/hsds/profile")
    profile = client.get(root["profile"].replace("http://testserver", "")).json()
    assert profile["hsds_version"] == root["version"]
    assert {item["name"] for item in profile["taxonomies"]} >= {"nvm-needs", "nvm-gender", "nvm-age-group"}
