"""Bad input never reaches the database, never answers 5xx, and never lands in a log (nvm/input.py).

Every kind of bad input from the robustness issue, on a representative endpoint of each app, on
PostgreSQL (which, unlike SQLite, cannot store a NUL): each answers 400, 413 or 415 in the one error
shape, stores nothing, and logs no submitted text. The marker ``ZWARTE-KAT`` stands for text a
person typed; it must appear in no log line.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from directory.models import Region
from nvm.input import MAX_DEPTH, SafeTextForm, check_structure, text_problem
from referrals.models import Referral, ReferralEvent
from tests.factories import ServiceFactory

MARKER = "ZWARTE-KAT"

REFERRAL = {
    "region": "north",
    "gender": "female",
    "age_group": "adult",
    "nationality": "RO",
    "exploitation_forms": ["sexual"],
    "needs": ["shelter"],
    "consent": "given",
    "summary": "Signaal van de politie.",
}

BAD_TEXT = {
    "nul": f"{MARKER}\x00",
    "control character": f"{MARKER}\x07",
    "escape character": f"{MARKER}\x1b[31m",
    "C1 control": f"{MARKER}\x85",
    "unpaired surrogate": f"{MARKER}\ud800",
    "over-long": MARKER * 5000,
}


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _post_raw(client, url: str, body: str | bytes, content_type: str = "application/json", **extra: Any):
    client.raise_request_exception = False
    return client.generic("POST", url, body, content_type=content_type, **extra)


def _post(client, url: str, data: Any):
    """JSON as a client library sends it: an unpaired surrogate goes as the escape ``\\ud800``."""
    return _post_raw(client, url, json.dumps(data))


def _assert_refused(response, status: int = 400, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert isinstance(body["detail"], str)
    assert isinstance(body["code"], str)
    if field is not None:
        assert any(name == field or name.startswith(f"{field}.") for name in body["fields"]), body
    assert MARKER not in json.dumps(body), "the answer echoes the refused text"
    return body


def _assert_not_logged(logs) -> None:
    for record in logs.records:
        assert MARKER not in record.getMessage(), record.getMessage()


# --- the rule itself ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value"), list(BAD_TEXT.items()))
def test_text_problem_names_each_kind(kind, value):
    assert text_problem(value) is not None, kind


@pytest.mark.parametrize("value", ["Gewoon een zin.", "Tab\tregel\nnieuwe\r\n", "Ștefan în București — 12 €", "日本語"])
def test_ordinary_text_passes(value):
    assert text_problem(value) is None


def test_structure_names_the_path_of_a_bad_string():
    assert list(check_structure({"languages": ["ro", "p\x00l"]})) == ["languages.1"]
    assert list(check_structure({"a": {"b": [{"c": "\ud800"}]}})) == ["a.b.0.c"]
    assert check_structure({"a": [1, 2.5, None, True, {"b": "ok"}]}) == {}


def test_structure_refuses_depth_without_recursion():
    deep: Any = "x"
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    assert check_structure(deep)


# --- JSON bodies: the referrals app ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value"), list(BAD_TEXT.items()))
@pytest.mark.parametrize("field", ["summary", "region", "nationality"])
def test_bad_text_in_a_referral_is_refused_and_nothing_is_stored(cast, client_for, logs, kind, value, field):
    response = _post(client_for(cast["signaller"]), reverse("referral-list"), {**REFERRAL, field: value})
    _assert_refused(response, field=field)
    assert not Referral.objects.exists()
    _assert_not_logged(logs)


@pytest.mark.parametrize(("kind", "value"), list(BAD_TEXT.items()))
def test_bad_text_inside_a_list_names_the_item(cast, client_for, kind, value):
    response = _post(client_for(cast["signaller"]), reverse("referral-list"), {**REFERRAL, "languages": ["ro", value]})
    _assert_refused(response, field="languages.1")
    assert not Referral.objects.exists()


def test_a_surrogate_escape_in_raw_json_is_refused(cast, client_for):
    body = json.dumps(REFERRAL)[:-1] + ', "languages": ["\\ud800"]}'
    _assert_refused(_post_raw(client_for(cast["signaller"]), reverse("referral-list"), body), field="languages.0")
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("duplicate keys", '{"region": "north", "region": "south", "summary": "ZWARTE-KAT"}'),
        ("deeply nested", "[" * 100_000 + "]" * 100_000),
        ("too deep for us", json.dumps({"summary": [[[[[[[[[[[[[[[[[[["ZWARTE-KAT"]]]]]]]]]]]]]]]]]]]})),
        ("not JSON", "{summary: ZWARTE-KAT"),
        ("NaN", '{"summary": NaN}'),
        ("not UTF-8", b'{"summary": "\xff\xfeZWARTE-KAT"}'),
        ("too many values", json.dumps({"languages": [0] * 20_000})),
        ("a huge number", '{"summary": ' + "9" * 5000 + "}"),
    ],
)
def test_malformed_json_is_a_400(cast, client_for, logs, name, body):
    response = _post_raw(client_for(cast["signaller"]), reverse("referral-list"), body)
    _assert_refused(response)
    assert not Referral.objects.exists()
    _assert_not_logged(logs)


@pytest.mark.parametrize(
    "change",
    [
        {"region": 12},
        {"needs": "shelter"},
        {"exploitation_forms": [["sexual"]]},
        {"summary": {"text": "x"}},
        {"urgency": None},
        {"languages": [1, 2]},
    ],
)
def test_wrong_types_are_a_400_naming_the_field(cast, client_for, change):
    response = client_for(cast["signaller"]).post(reverse("referral-list"), {**REFERRAL, **change}, format="json")
    _assert_refused(response, field=next(iter(change)))
    assert not Referral.objects.exists()


def test_a_json_array_instead_of_an_object_is_a_400(cast, client_for):
    _assert_refused(_post_raw(client_for(cast["signaller"]), reverse("referral-list"), "[1, 2, 3]"))


def test_a_body_over_the_limit_is_a_413_before_it_is_read(cast, client_for, settings):
    body = json.dumps({**REFERRAL, "summary": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    _assert_refused(_post_raw(client_for(cast["signaller"]), reverse("referral-list"), body), status=413)
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", "summary=ZWARTE-KAT"),
        ("application/x-www-form-urlencoded", "summary=ZWARTE-KAT&region=north"),
        ("multipart/form-data; boundary=xx", "--xx\r\nContent-Disposition: form-data; name=\r\n\r\nZWARTE-KAT"),
        ("multipart/form-data", "no boundary at all"),
        ("application/xml", "<referral/>"),
    ],
)
def test_other_media_types_are_a_415(cast, client_for, logs, content_type, body):
    response = _post_raw(client_for(cast["signaller"]), reverse("referral-list"), body, content_type=content_type)
    _assert_refused(response, status=415)
    assert not Referral.objects.exists()
    _assert_not_logged(logs)


def test_bad_text_in_an_action_stores_nothing(cast, flow, client_for, logs):
    referral = Referral.objects.get(pk=flow.submitted()["id"])
    response = client_for(cast["coordinator"]).post(
        reverse("referral-decline", args=[referral.id]), {"reason": f"{MARKER}\x00"}, format="json"
    )
    _assert_refused(response, field="reason")
    referral.refresh_from_db()
    assert referral.assigned_organisation == cast.coordination_north
    assert not ReferralEvent.objects.filter(referral=referral, event="declined").exists()
    _assert_not_logged(logs)


# --- query parameters -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("coordinator", "/api/v1/referrals/?region=no%00rth"),
        ("coordinator", "/api/v1/referrals/?status=%1b"),
        ("coordinator", "/api/v1/referrals/?status=robot"),
        ("coordinator", "/api/v1/referrals/?overdue=misschien"),
        ("coordinator", "/api/v1/referrals/?page=abc"),
        ("coordinator", "/api/v1/referrals/?page=0"),
        ("coordinator", "/api/v1/referrals/?page=-3"),
        ("coordinator", "/api/v1/referrals/?page=99999999999999999999"),
        ("coordinator", "/api/v1/referrals/?page_size=abc"),
        ("coordinator", "/api/v1/referrals/?page_size=0"),
        ("coordinator", "/api/v1/referrals/?page_size=201"),
        ("coordinator", "/api/v1/referrals/?page_size=%EF%BC%93"),  # a full-width digit
        ("coordinator", "/api/v1/referrals/?region=" + "x" * 101),
        ("coordinator", "/api/v1/directory/services/?need=a%00"),
        ("coordinator", "/api/v1/directory/match/?need=shelter&region=no%00rth"),
        ("coordinator", "/api/v1/directory/coverage/?by=%00"),
        ("coordinator", "/api/v1/directory/coverage/?by=robot"),
        ("coordinator", "/api/v1/directory/hsds/services/?search=a%00"),
        ("coordinator", "/api/v1/directory/hsds/services/?per_page=-1"),
        ("auditor", "/api/v1/audit/access/?referral=a%00"),
        ("auditor", "/api/v1/audit/access/?referral=not-a-uuid"),
        ("staff", "/api/v1/accounts/users/?role=%00"),
        ("staff", "/api/v1/accounts/users/?organisation=not-a-uuid"),
    ],
)
def test_bad_query_parameters_are_a_400(cast, client_for, logs, who, url):
    user = cast.staff if who == "staff" else cast[who]
    client = client_for(user)
    client.raise_request_exception = False
    _assert_refused(client.get(url))


def test_a_page_past_the_end_is_still_a_404(cast, client_for):
    response = client_for(cast["coordinator"]).get("/api/v1/referrals/?page=5")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/directory/regions/no%00rth/", "/api/v1/directory/regions/%1b/"])
def test_unstorable_text_in_a_path_is_a_404_not_a_500(cast, client_for, path):
    client = client_for(cast["directory_editor"])
    client.raise_request_exception = False
    _assert_refused(client.get(path), status=404)
    _assert_refused(client.patch(path, {"name": "Noord"}, format="json"), status=404)


# --- headers --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Token abc\x00def", "Token é" + "a" * 63, "Token " + "g" * 64, "Token " + "a" * 65, "Token", "Token a b"],
)
def test_a_malformed_token_is_a_401(db, client_for, header):
    client = client_for(None)
    client.raise_request_exception = False
    response = client.get(reverse("accounts-me"), HTTP_AUTHORIZATION=header)
    assert response.status_code in {400, 401}, response.content
    assert response.json()["code"]


@pytest.mark.parametrize("value", ["x" * 5000, "nl;q=abc, *;q=", "\x00", "🦄", "zz-ZZ, en;q=0.5, nl;q=0.9"])
def test_accept_language_never_breaks_an_answer(cast, client_for, value):
    client = client_for(cast["coordinator"])
    client.raise_request_exception = False
    response = client.get(reverse("accounts-me"), HTTP_ACCEPT_LANGUAGE=value)
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        _assert_refused(response)


@pytest.mark.parametrize("value", ["abc", '"', '"1', "W/", '"1", "2"', "\x00", "1" * 30])
def test_a_malformed_if_match_is_a_400_and_changes_nothing(cast, flow, client_for, value):
    referral = Referral.objects.get(pk=flow.create()["id"])
    client = client_for(cast["signaller"])
    client.raise_request_exception = False
    response = client.patch(
        reverse("referral-detail", args=[referral.id]), {"urgency": "urgent"}, format="json", HTTP_IF_MATCH=value
    )
    _assert_refused(response)
    referral.refresh_from_db()
    assert referral.urgency == "normal"


@pytest.mark.parametrize("value", ['"1"', "1", 'W/"1"', "*"])
def test_a_well_formed_if_match_is_accepted(cast, flow, client_for, value):
    referral = Referral.objects.get(pk=flow.create()["id"])
    response = client_for(cast["signaller"]).patch(
        reverse("referral-detail", args=[referral.id]), {"urgency": "urgent"}, format="json", HTTP_IF_MATCH=value
    )
    assert response.status_code == 200


# --- the other apps -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value"), list(BAD_TEXT.items()))
def test_bad_text_in_the_directory_is_refused(cast, client_for, logs, kind, value):
    response = _post(client_for(cast["directory_editor"]), reverse("region-list"), {"code": "west", "name": value})
    _assert_refused(response, field="name")
    assert not Region.objects.filter(code="west").exists()
    _assert_not_logged(logs)


@pytest.mark.parametrize(("kind", "value"), list(BAD_TEXT.items()))
def test_bad_text_in_accounts_is_refused(cast, client_for, logs, kind, value):
    response = _post(
        client_for(cast.staff),
        reverse("user-list"),
        {"username": value, "password": "een-lang-en-sterk-wachtwoord", "role": "", "organisation": None},
    )
    _assert_refused(response, field="username")
    assert User.objects.count() == 11
    _assert_not_logged(logs)


@pytest.mark.parametrize(("kind", "value"), list(BAD_TEXT.items()))
def test_bad_text_at_the_token_login_is_a_400(db, client_for, logs, kind, value):
    response = _post(client_for(None), reverse("auth-token"), {"username": value, "password": value})
    _assert_refused(response)
    _assert_not_logged(logs)


def test_a_route_proposal_with_a_nul_service_id_is_a_400(cast, flow, client_for):
    referral = flow.accepted()
    ServiceFactory(organisation=cast.shelter_north, needs=["shelter"])
    response = client_for(cast["coordinator"]).post(
        reverse("referral-routes", args=[referral["id"]]), {"need": "shelter", "service": "\x00"}, format="json"
    )
    _assert_refused(response, field="service")


# --- web forms ------------------------------------------------------------------------------------------------------


class _Example(SafeTextForm):
    from django import forms as _forms

    name = _forms.CharField(required=False)
    region = _forms.ModelChoiceField(queryset=Region.objects.all(), to_field_name="code", required=False)


@pytest.mark.parametrize(("kind", "value"), list(BAD_TEXT.items()))
def test_a_form_refuses_bad_text_next_to_the_field_and_drops_it(db, kind, value):
    form = _Example(data={"name": value, "region": value})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "region"}
    assert "name" not in form.data, "the refused text would be shown again"


def test_the_referral_page_form_refuses_a_control_character_next_to_the_field(cast, client):
    client.force_login(cast["signaller"])
    response = client.post(reverse("referrals_web:create"), {**REFERRAL, "summary": f"{MARKER}\x0b"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "stuurteken" in page
    assert MARKER not in page
    assert not Referral.objects.exists()


def test_the_web_login_refuses_a_nul_next_to_the_field(db, client):
    response = client.post(reverse("accounts:login"), {"username": f"{MARKER}\x00", "password": "x"})
    assert response.status_code == 200
    assert MARKER not in response.content.decode()


def test_every_form_of_ours_refuses_unstorable_text():
    """One mechanism, not a fix per form: every form class in our apps derives from SafeTextForm."""
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import accounts
    import audit
    import directory
    import referrals

    found = []
    for package in (accounts, audit, directory, referrals):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found.append(cls)
                    assert issubclass(cls, SafeTextForm), f"{cls.__module__}.{cls.__name__}"
    assert len(found) >= 5


def test_a_time_zone_postgresql_cannot_store_is_not_a_500(db, client_for):
    """ISO 8601 allows offsets up to 23:59; PostgreSQL only to 15:59 (found by the fuzzer)."""
    response = client_for(None).get("/api/v1/directory/hsds/services/?modified_after=2742-08-12T23:24:13-17:17")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "instant",
    [
        "2020-06-30T23:59:60Z",  # a leap second (found by the fuzzer: a valid date-time refused with 400)
        "2020-01-01t00:00:00z",  # RFC 3339 allows lower-case separators
        "0001-01-01T00:00:00+01:00",  # before the first instant in UTC (was an OverflowError, a 500)
        "9999-12-31T23:59:59-01:00",  # after the last one
    ],
)
def test_every_rfc3339_date_time_is_read(db, client_for, instant):
    response = client_for(None).get("/api/v1/directory/hsds/services/", {"modified_after": instant})
    assert response.status_code == 200, response.content


def test_an_object_where_a_list_of_relations_belongs_is_a_400(cast, client_for):
    response = client_for(cast["directory_editor"]).post(
        reverse("organisation-list"), {"name": "Nieuw", "kind": "ngo", "regions": {"north": 1}}, format="json"
    )
    _assert_refused(response, field="regions")


@pytest.mark.parametrize("regions", ["north", 7, True])
def test_a_scalar_where_a_list_of_relations_belongs_is_a_400(cast, client_for, regions):
    response = client_for(cast["directory_editor"]).post(
        reverse("organisation-list"), {"name": "Nieuw", "kind": "ngo", "regions": regions}, format="json"
    )
    _assert_refused(response, field="regions")


def test_an_empty_optional_parameter_is_not_given_on_the_chain_check(cast, client_for):
    """Found by the fuzzer: ``?from=`` was refused where every other endpoint reads it as absent."""
    response = client_for(cast["auditor"]).get("/api/v1/audit/verify/?from=")
    assert response.status_code == 200
    assert response.json()["valid"] is True


def test_the_schema_calls_blank_text_invalid_where_the_server_does(db, client_for):
    """The server trims white space before it checks that a text is not blank (found by the fuzzer:
    a username of one space is schema-valid but answered 400). Every request text that may not be
    blank says so in its pattern, and the server keeps to it."""
    import re

    from nvm.schema import NON_BLANK_TEXT_PATTERN, TEXT_PATTERN

    schema = client_for(None).get("/api/v1/schema/?format=json").json()
    checked = []
    for name, component in schema["components"]["schemas"].items():
        if not name.endswith("Request"):
            continue
        for field, spec in component.get("properties", {}).items():
            free_text = spec.get("pattern") in {TEXT_PATTERN, NON_BLANK_TEXT_PATTERN}
            if spec.get("type") == "string" and spec.get("minLength", 0) >= 1 and free_text:
                pattern = re.compile(spec["pattern"])
                assert pattern.search(" \t ") is None, (name, field)
                assert pattern.search("\u00a0") is None, (name, field)
                assert pattern.search(" a ") is not None, (name, field)
                checked.append(f"{name}.{field}")
    assert "TokenLoginRequest.username" in checked
    assert "ReasonRequest.reason" in checked
    response = client_for(None).post("/api/v1/auth/token/", {"username": " ", "password": "x"}, format="json")
    assert response.status_code == 400
    assert "username" in response.json()["fields"]
