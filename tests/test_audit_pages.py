"""The auditor's pages under /audit/: the access log, the history search and the audit-chain check.
Auditors only; the check runs the same verification as ``/api/v1/audit/verify/``."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessLog
from audit.models import Entry
from referrals.models import ReferralEvent

PAGES = ["audit_web:access_log", "audit_web:history", "audit_web:chain"]
NOT_AUDITORS = ["signaller", "coordinator", "national_coordinator", "provider", "analyst", "directory_editor", "staff"]


@pytest.fixture
def auditor(client, cast):
    client.force_login(cast["auditor"])
    return client


# --- who may ------------------------------------------------------------------------------------------------------


def test_every_page_answers_the_auditor(auditor):
    for name in PAGES:
        assert auditor.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize("role", NOT_AUDITORS)
def test_everyone_else_is_refused(client, cast, role):
    client.force_login(cast.staff if role == "staff" else cast[role])
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "Geen toegang" in response.content.decode()
    assert client.post(reverse("audit_web:chain"), {"start": "start"}).status_code == 403


def test_the_anonymous_are_sent_to_log_in(client):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_menu_offers_audit_to_auditors_only(client, cast):
    client.force_login(cast["auditor"])
    assert reverse("audit_web:access_log") in client.get(reverse("wegwijzer:index")).content.decode()
    client.force_login(cast["coordinator"])
    assert reverse("audit_web:access_log") not in client.get(reverse("wegwijzer:index")).content.decode()


# --- the access log -----------------------------------------------------------------------------------------------


def _read(flow, role, referral):
    response = flow.as_role(role).get(reverse("referral-detail", args=[referral["id"]]))
    assert response.status_code == 200


def test_the_access_log_filters_by_user_and_reference_newest_first(auditor, cast, flow):
    first, second = flow.accepted(), flow.accepted()
    _read(flow, "coordinator", first)
    _read(flow, "national_coordinator", second)
    _read(flow, "coordinator", second)
    rows = auditor.get(reverse("audit_web:access_log")).context["rows"]
    assert [entry.pk for entry, _ in rows] == list(
        AccessLog.objects.order_by("-at", "-id").values_list("pk", flat=True)
    )
    by_reference = auditor.get(reverse("audit_web:access_log"), {"reference": second["reference"].lower()})
    assert {reference for _, reference in by_reference.context["rows"]} == {second["reference"]}
    assert second["reference"] in by_reference.content.decode()
    by_user = auditor.get(reverse("audit_web:access_log"), {"username": "national_coordinator"}).context["rows"]
    assert [(entry.user.username, reference) for entry, reference in by_user] == [
        ("national_coordinator", second["reference"])
    ]


def test_the_access_log_filters_by_date(auditor, cast, flow):
    _read(flow, "coordinator", flow.accepted())
    today = AccessLog.objects.latest("id").at.date()
    assert auditor.get(reverse("audit_web:access_log"), {"date_from": today.isoformat()}).context["rows"]
    none = auditor.get(reverse("audit_web:access_log"), {"date_to": "2000-01-01"})
    assert none.context["rows"] == []
    assert "Niets gevonden." in none.content.decode()


def test_a_wrong_period_is_an_error_next_to_its_field(auditor):
    response = auditor.get(reverse("audit_web:access_log"), {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'aria-invalid="true"' in body
    assert 'id="id_date_to_error"' in body


def _queries(client, name):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["audit_web:access_log", "audit_web:history"])
def test_the_lists_read_in_a_fixed_number_of_queries(auditor, cast, flow, name):
    for _ in range(3):
        _read(flow, "coordinator", flow.accepted())
    _queries(auditor, name)  # warm the caches that every first request fills
    few = _queries(auditor, name)
    assert 3 <= AccessLog.objects.count() < 30
    while AccessLog.objects.count() < 30:
        _read(flow, "coordinator", flow.accepted())
    assert _queries(auditor, name) == few


# --- the history search -------------------------------------------------------------------------------------------


def test_the_history_search_finds_events_by_reference_actor_and_kind(auditor, cast, flow):
    draft = flow.create()
    first, second = flow.accepted(), flow.submitted()
    rows = auditor.get(reverse("audit_web:history")).context["rows"]
    references = {event.referral.reference for event, _ in rows}
    assert references == {first["reference"], second["reference"]}  # drafts are no auditor's business
    assert draft["reference"] not in references
    accepted = auditor.get(reverse("audit_web:history"), {"event": "accepted"}).context["rows"]
    assert [(event.referral.reference, event.actor.username) for event, _ in accepted] == [
        (first["reference"], "coordinator")
    ]
    by_actor = auditor.get(reverse("audit_web:history"), {"actor": "coordinator"}).context["rows"]
    assert {event.actor.username for event, _ in by_actor} == {"coordinator"}
    assert "accepted" in {event.event for event, _ in by_actor}
    by_reference = auditor.get(reverse("audit_web:history"), {"reference": second["reference"]})
    events = [event for event, _ in by_reference.context["rows"]]
    expected = ReferralEvent.objects.filter(referral_id=second["id"]).order_by("-at", "-id")
    assert [event.pk for event in events] == list(expected.values_list("pk", flat=True))
    body = by_reference.content.decode()
    assert reverse("referrals_web:history", args=[second["id"]]) in body


def test_the_history_search_shows_no_changes_and_reads_nothing_into_the_log(auditor, cast, flow):
    flow.accepted()
    before = AccessLog.objects.count()
    body = auditor.get(reverse("audit_web:history")).content.decode()
    assert "Wijzigingen" not in body
    assert AccessLog.objects.count() == before


# --- the audit chain ----------------------------------------------------------------------------------------------


def test_the_chain_check_reports_an_intact_chain(auditor, flow):
    flow.accepted()
    response = auditor.post(reverse("audit_web:chain"), {"start": "start"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "De keten is intact." in body
    result = response.context["result"]
    assert result.valid
    assert result.checked == Entry.objects.count()
    api = flow.as_role("auditor").get(reverse("audit-verify")).json()
    assert (api["valid"], api["checked"]) == (result.valid, result.checked)


def test_the_chain_check_names_the_row_that_broke(auditor, flow):
    referral = flow.accepted()
    event = ReferralEvent.objects.filter(referral_id=referral["id"], event="accepted").get()
    entry = Entry.objects.get(source="referrals.referralevent", object_pk=str(event.pk))
    with connection.cursor() as cursor:
        # Tamper like an administrator with full rights: the append-only trigger off (inside the
        # test's transaction, so it comes back when the test ends), as tests/test_audit_chain.py does.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute('ALTER TABLE "referrals_referralevent" DISABLE TRIGGER audit_append_only')
        cursor.execute("UPDATE referrals_referralevent SET changes = '{}' WHERE id = %s", [event.pk])
    response = auditor.post(reverse("audit_web:chain"), {"start": "start"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "De keten is verbroken." in body
    assert f"Het eerste item dat niet klopt is nummer {entry.seq}" in body
    assert "de vastgelegde rij is na het vastleggen gewijzigd" in body
    assert "referrals.referralevent" in body
    assert response.context["result"].first_bad == entry.seq


def test_the_chain_check_needs_a_starting_point(auditor):
    response = auditor.post(reverse("audit_web:chain"), {"start": "gisteren"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
