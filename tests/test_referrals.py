"""Referrals over the API: registration, lifecycle, routing, history, ETags, filters, access log."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from referrals.events import referral_event
from referrals.models import EventKind, Handover, Referral, ReferralEvent
from tests.factories import ServiceFactory, referral_data

AMSTERDAM = dt.timezone(dt.timedelta(hours=1))


def test_create_gives_a_draft_with_a_random_reference(flow, cast):
    body = flow.create()
    assert body["status"] == "draft"
    assert body["phase"] == "A"
    assert body["signalling_organisation"] == str(cast.police_north.pk)
    assert body["nationality_group"] == "eu"
    assert body["reference"].startswith("NVM-")
    other = flow.create()
    assert other["reference"] != body["reference"]
    referral = Referral.objects.get(pk=body["id"])
    assert referral.history.latest().history_user == cast["signaller"]
    assert [event.event for event in referral.events.all()] == ["created"]


def test_references_are_random_not_a_counter(flow):
    import re

    references = [flow.create()["reference"] for _ in range(5)]
    assert len(set(references)) == 5
    assert all(re.fullmatch(r"NVM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", ref) for ref in references)
    assert not any(ref.endswith(("-0001", "-0002")) for ref in references)


def test_only_signallers_create(cast, client_for):
    for role in ("coordinator", "national_coordinator", "provider", "directory_editor", "auditor"):
        response = client_for(cast[role]).post(reverse("referral-list"), referral_data(), format="json")
        assert response.status_code == 403, role
    assert client_for(cast["analyst"]).post(reverse("referral-list"), referral_data(), format="json").status_code == 403
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gender", "robot"),
        ("age_group", "ancient"),
        ("nationality", "Roemenië"),
        ("exploitation_forms", []),
        ("needs", ["flying"]),
        ("urgency", "yesterday"),
        ("consent", "maybe"),
        ("languages", ["Roemeens"]),
        ("region", "atlantis"),
    ],
)
def test_invalid_fields_are_named_and_nothing_is_stored(cast, client_for, field, value):
    response = client_for(cast["signaller"]).post(
        reverse("referral-list"), referral_data(**{field: value}), format="json"
    )
    assert response.status_code == 400
    assert any(name.split(".")[0] == field for name in response.json()["fields"]), response.json()
    assert Referral.objects.count() == 0


def test_identifiers_in_free_text_are_refused_without_echo(cast, client_for):
    summary = "Mevrouw Popescu, telefoon 06-12345678, werkte 14 uur per dag."
    response = client_for(cast["signaller"]).post(
        reverse("referral-list"), referral_data(summary=summary), format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "summary" in body["fields"]
    text = response.content.decode()
    assert "Popescu" not in text
    assert "06-12345678" not in text
    assert Referral.objects.count() == 0
    assert ReferralEvent.objects.count() == 0


def test_submit_assigns_the_region_coordinator_and_a_deadline(flow, cast):
    monday_morning = dt.datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(monday_morning, tick=False):
        body = flow.submitted(urgency="normal")
    assert body["status"] == "pending"
    assert body["assigned_organisation"] == str(cast.coordination_north.pk)
    assert dt.datetime.fromisoformat(body["acceptance_deadline"]) == monday_morning + dt.timedelta(days=2)


@pytest.mark.parametrize(("urgency", "hours"), [("immediate", 4), ("urgent", 24)])
def test_deadlines_of_urgent_referrals(flow, urgency, hours):
    now = dt.datetime(2026, 11, 27, 22, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(now, tick=False):
        body = flow.submitted(urgency=urgency)
    assert dt.datetime.fromisoformat(body["acceptance_deadline"]) == now + dt.timedelta(hours=hours)


def test_normal_deadline_skips_the_weekend(flow):
    friday = dt.datetime(2026, 11, 27, 16, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(friday, tick=False):
        body = flow.submitted()
    assert dt.datetime.fromisoformat(body["acceptance_deadline"]) == friday + dt.timedelta(days=4)


def test_a_region_without_coordinator_goes_to_comensha(flow, cast):
    from tests.factories import RegionFactory

    RegionFactory(code="west", name="West")
    body = flow.submitted(region_code="west")
    assert body["assigned_organisation"] == str(cast.comensha.pk)


def test_accept_assigns_the_caller_and_issues_a_handover(flow, cast):
    body = flow.accepted()
    assert body["status"] == "accepted"
    assert body["assigned_to"] == str(cast["coordinator"].pk)
    handover = Handover.objects.get(referral_id=body["id"])
    assert handover.kind == "acceptance"
    assert handover.recipient_organisation == cast.coordination_north
    assert handover.snapshot["reference"] == body["reference"]


def test_the_other_region_cannot_see_or_accept(flow, cast):
    body = flow.submitted()
    response = flow.act(cast.twins["coordinator"], body["id"], "accept")
    assert response.status_code == 404


def test_second_accept_is_a_conflict(flow, cast):
    body = flow.accepted()
    response = flow.act(cast["national_coordinator"], body["id"], "accept")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


def test_decline_sends_it_to_comensha_still_pending(flow, cast):
    body = flow.submitted()
    declined = flow.act(cast["coordinator"], body["id"], "decline", {"reason": "Geen capaciteit deze week."})
    assert declined.status_code == 200
    assert declined.json()["status"] == "pending"
    assert declined.json()["assigned_organisation"] == str(cast.comensha.pk)
    assert flow.as_role("coordinator").get(reverse("referral-detail", args=[body["id"]])).status_code == 404
    picked = flow.act(cast["national_coordinator"], body["id"], "accept")
    assert picked.status_code == 200
    assert picked.json()["assigned_organisation"] == str(cast.comensha.pk)


def test_decline_needs_a_reason(flow, cast):
    body = flow.submitted()
    response = flow.act(cast["coordinator"], body["id"], "decline", {})
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]


def test_reassign_by_the_national_coordinator_only(flow, cast):
    body = flow.accepted()
    target = {"organisation": str(cast.coordination_south.pk)}
    assert flow.act(cast["coordinator"], body["id"], "reassign", target).status_code == 403
    moved = flow.act(cast["national_coordinator"], body["id"], "reassign", target)
    assert moved.status_code == 200
    assert moved.json()["status"] == "pending"
    assert moved.json()["assigned_to"] is None
    assert flow.client(cast.twins["coordinator"]).get(reverse("referral-detail", args=[body["id"]])).status_code == 200
    assert Handover.objects.filter(referral_id=body["id"], kind="reassignment").count() == 1
    shelter = {"organisation": str(cast.shelter_north.pk)}
    again = flow.act(cast["national_coordinator"], body["id"], "reassign", shelter)
    assert again.status_code == 400
    assert "organisation" in again.json()["fields"]


def test_withdraw_phase_close_reopen(flow, cast):
    draft = flow.create()
    withdrawn = flow.act(cast["signaller"], draft["id"], "withdraw", {"reason": "Dubbele melding."})
    assert withdrawn.json()["status"] == "withdrawn"
    assert flow.act(cast["signaller"], draft["id"], "submit").status_code == 409

    body = flow.accepted()
    phased = flow.act(cast["coordinator"], body["id"], "phase", {"phase": "C"})
    assert phased.json()["phase"] == "C"
    assert flow.act(cast["coordinator"], body["id"], "phase", {"phase": "E"}).status_code == 400
    closed = flow.act(cast["coordinator"], body["id"], "close", {"outcome": "support_completed"})
    assert closed.json()["status"] == "closed"
    assert closed.json()["outcome"] == "support_completed"
    assert flow.act(cast["coordinator"], body["id"], "reopen").status_code == 403
    reopened = flow.act(cast["national_coordinator"], body["id"], "reopen")
    assert reopened.json()["status"] == "accepted"
    assert reopened.json()["outcome"] == ""
    assert flow.act(cast["national_coordinator"], body["id"], "reopen").status_code == 409


def test_signaller_sees_status_only_after_acceptance(flow, cast):
    body = flow.submitted()
    client = flow.as_role("signaller")
    assert "summary" in client.get(reverse("referral-detail", args=[body["id"]])).json()
    flow.act(cast["coordinator"], body["id"], "accept")
    seen = client.get(reverse("referral-detail", args=[body["id"]])).json()
    assert set(seen) == {"id", "reference", "status", "outcome", "created_at", "updated_at"}
    assert seen["status"] == "accepted"


def test_provider_sees_only_what_its_route_needs(flow, cast):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    referral, route = flow.routed(service)
    client = flow.as_role("provider")
    seen = client.get(reverse("referral-detail", args=[referral["id"]])).json()
    assert seen["needs"] == ["shelter"]
    assert "summary" not in seen
    assert "signalling_organisation" not in seen
    assert "nationality" not in seen
    assert flow.client(cast.twins["provider"]).get(reverse("referral-detail", args=[referral["id"]])).status_code == 404
    handover = Handover.objects.get(route_id=route["id"])
    assert handover.kind == "route"
    assert handover.snapshot["needs"] == ["shelter"]
    assert "summary" not in handover.snapshot


def test_routes_from_proposal_to_completion(flow, cast):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    referral = flow.accepted()
    coordinator = flow.as_role("coordinator")
    routes_url = reverse("referral-routes", args=[referral["id"]])
    matches = coordinator.get(reverse("referral-matches", args=[referral["id"]]), {"need": "shelter"}).json()
    assert matches["results"][0]["service"] == str(service.pk)
    proposed = coordinator.post(routes_url, {"need": "shelter", "service": str(service.pk)}, format="json")
    assert proposed.status_code == 201
    route = proposed.json()
    assert (route["status"], route["need"], route["organisation"]) == (
        "proposed",
        "shelter",
        str(cast.shelter_north.pk),
    )
    provider = flow.as_role("provider")
    assert provider.post(reverse("route-accept", args=[route["id"]])).status_code == 404  # not sent yet
    assert coordinator.post(reverse("route-send", args=[route["id"]])).json()["status"] == "sent"
    assert coordinator.post(reverse("route-accept", args=[route["id"]])).status_code == 403
    assert provider.post(reverse("route-complete", args=[route["id"]])).status_code == 409
    assert provider.post(reverse("route-accept", args=[route["id"]])).json()["status"] == "accepted"
    assert provider.post(reverse("route-complete", args=[route["id"]])).json()["status"] == "completed"
    assert [row["status"] for row in coordinator.get(routes_url).json()] == ["completed"]
    events = [event.event for event in ReferralEvent.objects.filter(referral_id=referral["id"])]
    assert events[-5:] == ["route_proposed", "route_sent", "handover_issued", "route_accepted", "route_completed"]


def test_route_rules(flow, cast):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    referral = flow.submitted()
    url = reverse("referral-routes", args=[referral["id"]])
    coordinator = flow.as_role("coordinator")
    assert coordinator.post(url, {"need": "shelter", "service": str(service.pk)}, format="json").status_code == 409
    flow.act(cast["coordinator"], referral["id"], "accept")
    wrong_need = coordinator.post(url, {"need": "income", "service": str(service.pk)}, format="json")
    assert "need" in wrong_need.json()["fields"]
    wrong_service = coordinator.post(url, {"need": "legal_aid", "service": str(service.pk)}, format="json")
    assert "service" in wrong_service.json()["fields"]


def test_provider_declines_a_route_with_a_reason(flow, cast):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    referral, route = flow.routed(service)
    provider = flow.as_role("provider")
    response = provider.post(reverse("route-decline", args=[route["id"]]), {"reason": "Vol."}, format="json")
    assert response.json()["status"] == "declined"
    assert provider.get(reverse("referral-detail", args=[referral["id"]])).status_code == 404


def test_history_in_a_readable_vocabulary(flow, cast):
    body = flow.accepted()
    flow.act(cast["coordinator"], body["id"], "phase", {"phase": "B"})
    history = flow.as_role("coordinator").get(reverse("referral-history", args=[body["id"]])).json()
    events = ["created", "submitted", "accepted", "handover_issued", "phase_changed"]
    assert [row["event"] for row in history] == events
    assert history[0]["actor"]["username"] == "signaller"
    assert history[2]["actor"]["username"] == "coordinator"
    assert history[2]["changes"]["status"] == ["pending", "accepted"]
    assert history[3]["label"] == "overdracht uitgegeven"
    assert history[3]["changes"]["kind"] == "acceptance"
    assert history[4]["changes"] == {"phase": ["A", "B"]}
    stamps = [row["at"] for row in history]
    assert stamps == sorted(stamps)
    auditor = flow.as_role("auditor")
    assert auditor.get(reverse("referral-history", args=[body["id"]])).status_code == 200
    assert auditor.get(reverse("referral-detail", args=[body["id"]])).status_code == 404


def test_every_change_has_one_history_row_with_its_actor(flow, cast):
    body = flow.accepted()
    rows = Referral.objects.get(pk=body["id"]).history.order_by("history_date")
    assert [row.history_user.username for row in rows] == ["signaller", "signaller", "coordinator"]
    assert [row.status for row in rows] == ["draft", "pending", "accepted"]


def test_etag_and_if_match(flow, cast):
    body = flow.create()
    client = flow.as_role("signaller")
    url = reverse("referral-detail", args=[body["id"]])
    first = client.get(url)
    tag = first["ETag"]
    changed = client.patch(url, {"urgency": "urgent"}, format="json", HTTP_IF_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    stale = client.patch(url, {"urgency": "immediate"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert Referral.objects.get(pk=body["id"]).urgency == "urgent"


def test_noop_patch_writes_no_history(flow):
    body = flow.create()
    client = flow.as_role("signaller")
    url = reverse("referral-detail", args=[body["id"]])
    referral = Referral.objects.get(pk=body["id"])
    rows, events = referral.history.count(), referral.events.count()
    assert client.patch(url, {"urgency": "normal"}, format="json").status_code == 200
    assert (referral.history.count(), referral.events.count()) == (rows, events)


def test_patch_is_guarded_and_limited(flow, cast):
    body = flow.create()
    url = reverse("referral-detail", args=[body["id"]])
    client = flow.as_role("signaller")
    refused = client.patch(url, {"summary": "Zij heet Olga en woont op Kerkstraat 12."}, format="json")
    assert refused.status_code == 400
    assert Referral.objects.get(pk=body["id"]).summary == body["summary"]
    accepted = flow.accepted()
    late = client.patch(reverse("referral-detail", args=[accepted["id"]]), {"urgency": "urgent"}, format="json")
    assert late.status_code == 409, "a signaller edits until the referral is accepted"


def test_filters(flow, cast):
    draft = flow.create()
    pending = flow.submitted()
    accepted = flow.accepted()
    flow.act(cast["coordinator"], accepted["id"], "phase", {"phase": "B"})

    def ids(**params):
        client = flow.client_for(cast["national_coordinator"])  # a fresh token, also after time travel
        return {row["id"] for row in client.get(reverse("referral-list"), params).json()["results"]}

    assert ids() == {pending["id"], accepted["id"]}, "drafts stay with the signaller"
    assert ids(status="pending") == {pending["id"]}
    assert ids(phase="B") == {accepted["id"]}
    assert ids(region="north") == {pending["id"], accepted["id"]}
    assert ids(region="south") == set()
    assert ids(overdue="true") == set()
    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        assert ids(overdue="true") == {pending["id"]}
        assert ids(overdue="false") == {accepted["id"]}
    assert flow.as_role("national_coordinator").get(reverse("referral-list"), {"status": "lost"}).status_code == 400
    assert draft["id"] in {
        row["id"] for row in flow.as_role("signaller").get(reverse("referral-list")).json()["results"]
    }


def test_reads_land_in_the_access_log_for_auditors_only(flow, cast):
    body = flow.submitted()
    coordinator = flow.as_role("coordinator")
    coordinator.get(reverse("referral-detail", args=[body["id"]]))
    coordinator.get(reverse("referral-history", args=[body["id"]]))
    log = flow.as_role("auditor").get(reverse("audit-access"), {"referral": body["id"]})
    assert log.status_code == 200
    rows = log.json()["results"]
    assert [(row["username"], row["action"], row["channel"]) for row in rows] == [
        ("coordinator", "history", "api"),
        ("coordinator", "detail", "api"),
    ]
    for role in ("signaller", "coordinator", "national_coordinator", "provider", "analyst", "directory_editor"):
        assert flow.as_role(role).get(reverse("audit-access")).status_code == 403
    assert AccessLog.objects.filter(object_id=body["id"]).count() == 2
    assert flow.as_role("auditor").get(reverse("audit-access"), {"referral": "nope"}).status_code == 400


def submit_then_fail(referral, actor):
    from referrals import services

    with transaction.atomic():
        services.referral_submit(referral=referral, actor=actor)
        raise RuntimeError("roll back")


def test_domain_events_are_published_after_commit_only(flow, cast, django_capture_on_commit_callbacks):
    received = []

    def listener(**kwargs):
        received.append(kwargs["event"])

    referral_event.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            body = flow.create()
        assert received == ["created"]
        referral = Referral.objects.get(pk=body["id"])
        with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
            submit_then_fail(referral, cast["signaller"])
        assert callbacks == []
        assert received == ["created"]
        assert Referral.objects.get(pk=body["id"]).status == "draft"
    finally:
        referral_event.disconnect(listener)


def test_analysts_get_403_everywhere(flow, cast):
    body = flow.submitted()
    client = flow.as_role("analyst")
    assert client.get(reverse("referral-list")).status_code == 403
    assert client.get(reverse("referral-detail", args=[body["id"]])).status_code == 403
    assert client.get(reverse("referral-history", args=[body["id"]])).status_code == 403


def test_list_and_detail_queries_are_bounded(flow, cast, django_assert_max_num_queries):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    for _ in range(3):
        flow.routed(service)
    for role in ("national_coordinator", "coordinator", "signaller", "provider"):
        client = flow.as_role(role)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("referral-list")).status_code == 200
    for _ in range(12):
        flow.routed(service)
    for role in ("national_coordinator", "coordinator", "signaller", "provider"):
        client = flow.as_role(role)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("referral-list"))
        assert response.json()["count"] >= 15 or role == "signaller"
    one = Referral.objects.order_by("created_at").first()
    assert one is not None
    with django_assert_max_num_queries(10):
        flow.as_role("national_coordinator").get(reverse("referral-detail", args=[one.pk]))


def test_events_vocabulary_is_complete():
    assert {kind.value for kind in EventKind} >= {
        "submitted",
        "accepted",
        "declined",
        "reassigned",
        "withdrawn",
        "phase_changed",
        "closed",
        "reopened",
    }


def test_a_closed_referral_routes_no_longer_change(flow, cast):
    service = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north])
    referral, route = flow.routed(service)
    flow.act(cast["coordinator"], referral["id"], "close", {"outcome": "lost_contact"})
    response = flow.as_role("provider").post(reverse("route-accept", args=[route["id"]]))
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
