"""The referral pages for professionals (/verwijzingen/): login, who sees what, the forms and the actions."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from directory.models import Region
from referrals import services
from referrals.models import Referral, Route
from tests.factories import ServiceFactory, UserFactory, referral_data

# Until nvm/urls.py includes referrals.web.urls (then drop this marker and tests/referral_pages_urls.py).

SUMMARY_WORD = "massagesalon"  # from the summary of tests.factories.referral_data
IDENTIFYING_SUMMARY = "Mevrouw Popescu, telefoon 06-12345678, werkte 14 uur per dag."


def list_url(query=""):
    return reverse("referrals_web:list") + query


def detail_url(referral_id):
    return reverse("referrals_web:detail", args=[referral_id])


def history_url(referral_id):
    return reverse("referrals_web:history", args=[referral_id])


def action_url(referral_id, action):
    return reverse("referrals_web:action", args=[referral_id, action])


def route_url(route_id, action):
    return reverse("referrals_web:route_action", args=[route_id, action])


def text(response):
    return response.content.decode()


def form_data(**overrides):
    """What a signaller types into the form (languages comma-separated)."""
    data = {
        "region": "north",
        "gender": "female",
        "age_group": "adult",
        "nationality": "ro",
        "exploitation_forms": ["sexual", "labour"],
        "needs": ["shelter", "legal_aid"],
        "urgency": "urgent",
        "consent": "given",
        "languages": "ro, EN",
        "summary": "Aangetroffen bij een controle; werkte 12 uur per dag.",
    }
    data.update(overrides)
    return data


def shelter_north(cast, **fields):
    defaults = {"organisation": cast.shelter_north, "needs": ["shelter"], "regions": [cast.north], "name": "Opvang N"}
    return ServiceFactory(**{**defaults, **fields})


def make_referrals(cast, count, *, submit):
    """Referrals straight through the services (faster than over the API)."""
    data = {**referral_data(), "region": Region.objects.get(code="north")}
    for _ in range(count):
        referral = services.referral_create(actor=cast["signaller"], data=dict(data))
        if submit:
            services.referral_submit(referral=referral, actor=cast["signaller"])


# --- access -------------------------------------------------------------------------


def test_every_page_requires_a_login(client, cast, flow):
    referral = flow.create()["id"]
    for url in [list_url(), reverse("referrals_web:create"), detail_url(referral), history_url(referral)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    for url in [action_url(referral, "submit"), reverse("referrals_web:propose", args=[referral])]:
        response = client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert Referral.objects.get(pk=referral).status == "draft"


@pytest.mark.parametrize("who", ["analyst", "staff"])
def test_analysts_and_accounts_without_a_case_role_get_403(client, cast, flow, who):
    referral = flow.submitted()["id"]
    client.force_login(cast.staff if who == "staff" else cast[who])
    for url in [list_url(), reverse("referrals_web:create"), detail_url(referral), history_url(referral)]:
        assert client.get(url).status_code == 403, url
    assert client.post(action_url(referral, "accept")).status_code == 403
    assert client.post(reverse("referrals_web:create"), form_data()).status_code == 403
    assert Referral.objects.get(pk=referral).status == "pending"
    assert not AccessLog.objects.filter(object_id=referral).exists()


def test_the_list_shows_exactly_the_referrals_restrict_gives(client, cast, flow):
    draft = flow.create()["reference"]
    submitted = flow.submitted()["reference"]
    twin = flow.create(user=cast.twins["signaller"], region="south")
    assert flow.act(cast.twins["signaller"], twin["id"], "submit").status_code == 200
    south = twin["reference"]
    expected = {
        cast["signaller"]: {draft, submitted},
        cast.twins["signaller"]: {south},
        cast["coordinator"]: {submitted},
        cast.twins["coordinator"]: {south},
        cast["national_coordinator"]: {submitted, south},
        cast["provider"]: set(),
        cast["directory_editor"]: set(),
        cast["auditor"]: set(),
    }
    for user, references in expected.items():
        assert set(Referral.objects.restrict(user).values_list("reference", flat=True)) == references
        client.force_login(user)
        response = client.get(list_url())
        assert response.status_code == 200, user.username
        page = text(response)
        for reference in {draft, submitted, south}:
            assert (reference in page) == (reference in references), (user.username, reference)


def test_only_a_signaller_registers(client, cast):
    client.force_login(cast["signaller"])
    assert reverse("referrals_web:create") in text(client.get(list_url()))
    client.force_login(cast["coordinator"])
    assert reverse("referrals_web:create") not in text(client.get(list_url()))
    assert client.get(reverse("referrals_web:create")).status_code == 403
    assert client.post(reverse("referrals_web:create"), form_data()).status_code == 403
    assert Referral.objects.count() == 0


# --- the list -----------------------------------------------------------------------


def test_the_list_marks_overdue_referrals_and_filters(client, cast, flow):
    late = flow.submitted()
    on_time = flow.submitted()
    draft = flow.create()
    Referral.objects.filter(pk=late["id"]).update(acceptance_deadline=timezone.now() - dt.timedelta(hours=1))

    client.force_login(cast["coordinator"])
    page = text(client.get(list_url()))
    late_row = page.split(late["reference"], 1)[1].split("</tr>", 1)[0]
    on_time_row = page.split(on_time["reference"], 1)[1].split("</tr>", 1)[0]
    assert "te laat" in late_row
    assert "te laat" not in on_time_row

    page = text(client.get(list_url("?overdue=true")))
    assert late["reference"] in page
    assert on_time["reference"] not in page
    page = text(client.get(list_url("?overdue=false&phase=A")))
    assert late["reference"] not in page
    assert on_time["reference"] in page

    client.force_login(cast["signaller"])
    page = text(client.get(list_url("?status=draft")))
    assert draft["reference"] in page
    assert late["reference"] not in page
    response = client.get(list_url("?status=bogus&page=x"))
    assert response.status_code == 200
    assert 'class="errors"' in text(response)


def test_the_list_is_paginated_newest_first(client, cast):
    make_referrals(cast, 27, submit=False)
    client.force_login(cast["signaller"])
    first = text(client.get(list_url()))
    newest = Referral.objects.order_by("-created_at").values_list("reference", flat=True)
    assert first.index(newest[0]) < first.index(newest[1])
    assert (
        first.count('href="/verwijzingen/') - first.count('href="/verwijzingen/nieuw/') == 25 + 2
    )  # rows, the sub-navigation and the site navigation
    assert "?page=2" in first
    second = text(client.get(list_url("?page=2")))
    assert newest[26] in second
    assert newest[0] not in second


@pytest.mark.parametrize("role", ["signaller", "coordinator", "national_coordinator"])
def test_the_list_reads_a_fixed_number_of_queries(client, cast, role, django_assert_max_num_queries):
    make_referrals(cast, 3, submit=True)
    client.force_login(cast[role])
    with CaptureQueriesContext(connection) as few:
        assert client.get(list_url()).status_code == 200
    make_referrals(cast, 17, submit=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(list_url()))
    assert page.count("NVM-") >= 20
    assert len(few.captured_queries) <= 8


# --- registering --------------------------------------------------------------------


def test_a_signaller_registers_a_referral_through_the_form(client, cast):
    client.force_login(cast["signaller"])
    form = client.get(reverse("referrals_web:create"))
    assert form.status_code == 200
    assert "Geen namen (ook geen voornaam), geboortedata, adressen, telefoonnummers" in text(form)

    response = client.post(reverse("referrals_web:create"), form_data())

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(referral.id)
    assert referral.status == "draft"
    assert referral.signalled_by == cast["signaller"]
    assert referral.signalling_organisation == cast.police_north
    assert referral.nationality == "RO"
    assert referral.nationality_group == "eu"
    assert referral.languages == ["ro", "en"]
    assert referral.exploitation_forms == ["sexual", "labour"]
    assert referral.needs == ["shelter", "legal_aid"]
    assert referral.urgency == "urgent"
    assert referral.history.latest().history_user == cast["signaller"]
    assert [(event.event, event.actor) for event in referral.events.all()] == [("created", cast["signaller"])]
    page = text(client.get(response["Location"]))
    assert f"Verwijzing {referral.reference} is opgeslagen als concept" in page
    assert "werkte 12 uur per dag" in page


def test_the_form_refuses_an_identifier_without_showing_it_again(client, cast):
    client.force_login(cast["signaller"])
    response = client.post(reverse("referrals_web:create"), form_data(summary=IDENTIFYING_SUMMARY))
    page = text(response)
    assert response.status_code == 200
    assert Referral.objects.count() == 0
    assert "Popescu" not in page
    assert "06-12345678" not in page
    assert "14 uur per dag" not in page
    assert "telefoonnummer" in page
    assert "niet opnieuw getoond" in page
    assert 'id="id_summary_error"' in page
    assert 'name="nationality" value="ro"' in page  # the other fields are kept, as typed


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("region", "atlantis"),
        ("gender", "robot"),
        ("nationality", "Roemenië"),
        ("exploitation_forms", []),
        ("needs", ["flying"]),
        ("consent", ""),
        ("languages", "Roemeens"),
    ],
)
def test_the_form_names_invalid_fields(client, cast, field, value):
    client.force_login(cast["signaller"])
    response = client.post(reverse("referrals_web:create"), form_data(**{field: value}))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert Referral.objects.count() == 0


# --- the detail page ----------------------------------------------------------------


def test_a_signaller_sees_the_referral_until_it_is_accepted_then_its_status(client, cast, flow):
    referral = flow.submitted()
    client.force_login(cast["signaller"])
    page = text(client.get(detail_url(referral["id"])))
    assert SUMMARY_WORD in page
    assert "Zorgcoördinatie Noord" in page
    assert history_url(referral["id"]) in page

    flow.act(cast["coordinator"], referral["id"], "accept")
    response = client.get(detail_url(referral["id"]))
    page = text(response)
    assert response.status_code == 200
    assert referral["reference"] in page
    assert "Aangenomen" in page
    assert "alleen de status en de uitkomst" in page
    assert SUMMARY_WORD not in page
    assert "Toegewezen organisatie" not in page
    assert "Meerderjarig" not in page
    # The acceptance handover is the signaller's proof of what it handed over, and to whom.
    assert "Aanname door zorgcoördinator" in page
    assert "Politie Noord → Zorgcoördinatie Noord" in page
    assert history_url(referral["id"]) not in page
    assert client.get(history_url(referral["id"])).status_code == 403


def test_a_provider_sees_the_profile_and_its_own_needs_without_the_summary(client, cast, flow):
    service = shelter_north(cast)
    referral, route = flow.routed(service)
    client.force_login(cast["provider"])
    response = client.get(detail_url(referral["id"]))
    page = text(response)
    assert response.status_code == 200
    assert SUMMARY_WORD not in page
    assert "Meerderjarig" in page
    assert "Opvang" in page
    assert "Juridische hulp" not in page  # a need of the referral, not of this provider's route
    assert "Toestemming" not in page
    assert route_url(route["id"], "accept") in page
    assert history_url(referral["id"]) not in page
    assert client.get(history_url(referral["id"])).status_code == 403
    client.force_login(cast.twins["provider"])
    assert client.get(detail_url(referral["id"])).status_code == 404


def test_detail_and_history_reads_are_logged_with_channel_web(client, cast, flow):
    referral = flow.accepted()["id"]
    client.force_login(cast["coordinator"])
    assert client.get(detail_url(referral)).status_code == 200
    assert client.get(history_url(referral)).status_code == 200
    logged = AccessLog.objects.filter(object_id=referral, channel="web").order_by("at", "id")
    assert [(entry.user, entry.action, entry.object_type) for entry in logged] == [
        (cast["coordinator"], "detail", "referral"),
        (cast["coordinator"], "history", "referral"),
    ]
    assert logged[0].ip_address == "127.0.0.1"


def test_the_history_tells_the_story_in_words(client, cast, flow):
    referral = flow.accepted()["id"]
    flow.act(cast["coordinator"], referral, "phase", {"phase": "B"})
    client.force_login(cast["coordinator"])
    page = text(client.get(history_url(referral)))
    for words in [
        "aangemaakt",
        "ingediend",
        "aangenomen",
        "fase gewijzigd",
        "Concept → Wacht op aanname",
        "A: identificatie → B: zorg, ondersteuning en bescherming",
        "Zorgcoördinatie Noord",
        ">signaller<",
        ">coordinator<",
    ]:
        assert words in page, words
    assert page.index("aangemaakt") < page.index("fase gewijzigd")
    client.force_login(cast["auditor"])
    assert client.get(history_url(referral)).status_code == 200
    assert client.get(detail_url(referral)).status_code == 404


def test_foreign_referrals_answer_404(client, cast, flow):
    referral = flow.submitted()["id"]
    client.force_login(cast.twins["coordinator"])
    for url in [detail_url(referral), history_url(referral), detail_url("00000000-0000-0000-0000-000000000000")]:
        assert client.get(url).status_code == 404, url
    for action in ["accept", "decline", "phase", "no_such_action"]:
        assert client.post(action_url(referral, action), {"reason": "x", "phase": "B"}).status_code == 404, action
    client.force_login(cast.twins["signaller"])
    assert client.get(detail_url(referral)).status_code == 404
    client.force_login(cast["coordinator"])
    assert client.post(action_url(referral, "no_such_action")).status_code == 404
    assert Referral.objects.get(pk=referral).status == "pending"
    assert not AccessLog.objects.filter(object_id=referral).exists()


# --- actions ------------------------------------------------------------------------


def test_a_coordinator_accepts_through_the_form_and_a_second_accept_is_refused(client, cast, flow):
    referral = flow.submitted()
    client.force_login(cast["coordinator"])
    assert action_url(referral["id"], "accept") in text(client.get(detail_url(referral["id"])))

    response = client.post(action_url(referral["id"], "accept"))

    assert response.status_code == 302
    assert response["Location"] == detail_url(referral["id"])
    accepted = Referral.objects.get(pk=referral["id"])
    assert accepted.status == "accepted"
    assert accepted.assigned_to == cast["coordinator"]
    assert f"U heeft verwijzing {referral['reference']} aangenomen." in text(client.get(response["Location"]))

    again = client.post(action_url(referral["id"], "accept"), follow=True)
    page = text(again)
    assert again.redirect_chain == [(detail_url(referral["id"]), 302)]
    assert 'role="alert"' in page
    assert "Dit kan niet in de status" in page
    assert Referral.objects.get(pk=referral["id"]).events.filter(event="accepted").count() == 1


def test_decline_needs_a_reason_and_then_leads_to_the_list(client, cast, flow):
    referral = flow.submitted()["id"]
    client.force_login(cast["coordinator"])
    response = client.post(action_url(referral, "decline"), {"reason": ""}, follow=True)
    assert response.redirect_chain == [(detail_url(referral), 302)]
    assert "Geef een reden." in text(response)
    assert Referral.objects.get(pk=referral).assigned_organisation == cast.coordination_north

    response = client.post(action_url(referral, "decline"), {"reason": "Geen plek in de regio."})

    assert response.status_code == 302
    assert response["Location"] == list_url()
    assert Referral.objects.get(pk=referral).assigned_organisation == cast.comensha
    assert "gaat naar de landelijk coördinator" in text(client.get(list_url()))
    assert client.get(detail_url(referral)).status_code == 404


def test_a_reason_with_an_identifier_is_refused_without_echo(client, cast, flow):
    referral = flow.create()["id"]
    client.force_login(cast["signaller"])
    response = client.post(action_url(referral, "withdraw"), {"reason": IDENTIFYING_SUMMARY}, follow=True)
    page = text(response)
    assert "telefoonnummer" in page
    assert "06-12345678" not in page
    assert "Popescu" not in page
    assert Referral.objects.get(pk=referral).status == "draft"


def test_the_lifecycle_through_the_pages(client, cast):
    client.force_login(cast["signaller"])
    client.post(reverse("referrals_web:create"), form_data())
    referral = Referral.objects.get()
    assert client.post(action_url(referral.id, "submit")).status_code == 302
    assert Referral.objects.get().status == "pending"

    client.force_login(cast["coordinator"])
    client.post(action_url(referral.id, "accept"))
    client.post(action_url(referral.id, "phase"), {"phase": "B"})
    assert Referral.objects.get().phase == "B"
    response = client.post(action_url(referral.id, "close"), {"outcome": "bogus"}, follow=True)
    assert "Uitkomst:" in text(response)
    assert Referral.objects.get().status == "accepted"
    client.post(action_url(referral.id, "close"), {"outcome": "support_completed"})
    closed = Referral.objects.get()
    assert (closed.status, closed.outcome) == ("closed", "support_completed")
    assert action_url(referral.id, "reopen") not in text(client.get(detail_url(referral.id)))

    client.force_login(cast["national_coordinator"])
    assert action_url(referral.id, "reopen") in text(client.get(detail_url(referral.id)))
    client.post(action_url(referral.id, "reopen"))
    assert Referral.objects.get().status == "accepted"
    assert [event.event for event in referral.events.all()] == [
        "created",
        "submitted",
        "accepted",
        "handover_issued",
        "phase_changed",
        "closed",
        "reopened",
    ]


def test_a_signaller_withdraws_a_draft(client, cast, flow):
    referral = flow.create()["id"]
    client.force_login(cast["signaller"])
    page = text(client.get(detail_url(referral)))
    assert action_url(referral, "submit") in page
    assert action_url(referral, "accept") not in page
    response = client.post(action_url(referral, "withdraw"), {"reason": "Dubbel geregistreerd."})
    assert response["Location"] == detail_url(referral)
    assert Referral.objects.get(pk=referral).status == "withdrawn"


def test_routes_through_the_pages(client, cast, flow):
    service = shelter_north(cast, name="Vrouwenopvang Noord")
    referral = flow.accepted()["id"]
    client.force_login(cast["coordinator"])
    page = text(client.get(detail_url(referral)))
    proposal = page.split('id="id_propose_shelter_service"', 1)[1].split("</select>", 1)[0]
    assert "Vrouwenopvang Noord — Opvang Noord" in proposal
    assert "Witte vlek" in page  # nobody offers legal aid in the north

    response = client.post(
        reverse("referrals_web:propose", args=[referral]), {"need": "shelter", "service": service.id}
    )
    assert response["Location"] == detail_url(referral)
    route = Route.objects.get()
    assert (route.need, route.status) == ("shelter", "proposed")
    page = text(client.get(detail_url(referral)))
    assert 'id="id_propose_shelter_service"' not in page  # the need has a route now
    assert route_url(route.id, "send") in page
    client.post(route_url(route.id, "send"))
    assert Route.objects.get().status == "sent"

    client.force_login(cast["provider"])
    client.post(route_url(route.id, "accept"))
    assert Route.objects.get().status == "accepted"
    response = client.post(route_url(route.id, "complete"))
    assert response["Location"] == detail_url(referral)
    assert Route.objects.get().status == "completed"
    client.force_login(cast.twins["provider"])
    assert client.post(route_url(route.id, "complete")).status_code == 404


def test_a_provider_declining_a_route_returns_to_the_list(client, cast, flow):
    _, route = flow.routed(shelter_north(cast))
    client.force_login(cast["provider"])
    response = client.post(route_url(route["id"], "decline"), {"reason": "Vol."})
    assert response["Location"] == list_url()
    assert Route.objects.get().status == "declined"


def test_csrf_is_enforced(cast, flow):
    referral = flow.submitted()["id"]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast["coordinator"])
    assert "csrfmiddlewaretoken" in text(browser.get(detail_url(referral)))
    assert browser.post(action_url(referral, "accept")).status_code == 403
    assert Referral.objects.get(pk=referral).status == "pending"


# --- accessibility ------------------------------------------------------------------


class _Controls(HTMLParser):
    """Collects the ids of visible form controls and the ``for`` of every label."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str | None] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])
        elif tag in {"input", "select", "textarea"} and attributes.get("type") not in {"hidden", "submit"}:
            self.controls.append(attributes.get("id"))


def test_every_form_control_has_a_label(client, cast, flow):
    shelter_north(cast)
    draft = flow.create()["id"]
    pending = flow.submitted()["id"]
    accepted, _ = flow.routed(shelter_north(cast, name="Tweede opvang"), send=True)
    coordinator = flow.as_role("coordinator")
    second = coordinator.post(
        reverse("referral-routes", args=[accepted["id"]]),
        {"need": "shelter", "service": str(shelter_north(cast, name="Derde opvang").pk)},
        format="json",
    ).json()
    assert coordinator.post(reverse("route-send", args=[second["id"]])).status_code == 200
    pages = {
        "signaller": [
            reverse("referrals_web:create"),
            list_url(),
            list_url("?status=bogus"),
            detail_url(draft),
        ],
        "coordinator": [detail_url(pending), detail_url(accepted["id"])],
        "provider": [list_url(), detail_url(accepted["id"])],
    }
    for role, urls in pages.items():
        client.force_login(cast[role])
        for url in urls:
            _assert_labelled(text(client.get(url)), url)
    client.force_login(cast["signaller"])
    _assert_labelled(text(client.post(reverse("referrals_web:create"), form_data(needs=[]))), "form with errors")


def _assert_labelled(page, where):
    parser = _Controls()
    parser.feed(page)
    assert parser.controls, where
    assert None not in parser.controls, where
    assert len(parser.controls) == len(set(parser.controls)), where  # ids are unique
    assert set(parser.controls) <= parser.labels, (where, set(parser.controls) - parser.labels)


# --- the work queue --------------------------------------------------------------------


def test_the_coordinators_queue_puts_the_earliest_deadline_on_top(client, cast):
    make_referrals(cast, 3, submit=True)
    waiting = list(Referral.objects.order_by("created_at"))
    # The newest one is urgent: its deadline is the earliest, so it leads the queue.
    Referral.objects.filter(pk=waiting[2].pk).update(
        acceptance_deadline=waiting[0].acceptance_deadline - dt.timedelta(hours=5)  # type: ignore[operator]
    )
    accepted = services.referral_accept(referral=waiting[1], actor=cast["coordinator"])
    client.force_login(cast["coordinator"])
    page = text(client.get(list_url()))
    order = [page.index(r.reference) for r in (waiting[2], waiting[0], accepted)]
    assert order == sorted(order)
    assert "de vroegste termijn bovenaan" in page
    client.force_login(cast["signaller"])  # a signaller follows their own: newest first
    assert "de nieuwste eerst" in text(client.get(list_url()))


def test_an_accepted_referral_shows_no_accept_before_date(client, cast):
    make_referrals(cast, 1, submit=True)
    referral = services.referral_accept(referral=Referral.objects.get(), actor=cast["coordinator"])
    client.force_login(cast["coordinator"])
    assert "Aannemen vóór" not in text(client.get(detail_url(referral.id)))
    page = text(client.get(list_url()))
    row = page[page.index(referral.reference) :].split("</tr>")[0]
    assert "<time" not in row


def test_the_count_line_is_english_in_english(client, cast):
    make_referrals(cast, 2, submit=True)
    client.cookies["django_language"] = "en"
    client.force_login(cast["coordinator"])
    assert "2 referrals; waiting for acceptance first, earliest deadline on top" in text(client.get(list_url()))
    client.force_login(cast["signaller"])
    assert "2 referrals, newest first" in text(client.get(list_url()))


@pytest.mark.parametrize(("role", "offered"), [("analyst", False), ("signaller", True), ("auditor", True)])
def test_the_menu_offers_referrals_only_to_roles_that_may_open_them(client, cast, role, offered):
    client.force_login(cast[role])
    assert (list_url() in text(client.get("/"))) is offered
    assert client.get(list_url()).status_code == (200 if offered else 403)


@pytest.mark.parametrize("role", ["coordinator", "national_coordinator"])
def test_the_queue_marks_a_referral_whose_deadline_approaches(client, cast, role):
    import time_machine

    make_referrals(cast, 1, submit=True)
    referral = Referral.objects.get()
    start, deadline = referral.submitted_at, referral.acceptance_deadline
    assert start is not None
    assert deadline is not None
    with time_machine.travel(start + (deadline - start) * 0.5):
        client.force_login(cast[role])  # at each moment: the session would have timed out
        assert "approaching-marker" not in text(client.get(list_url()))
    with time_machine.travel(start + (deadline - start) * 0.8):
        client.force_login(cast[role])
        page = text(client.get(list_url()))
        assert "approaching-marker" in page
        assert "overdue-marker" not in page
    with time_machine.travel(deadline + dt.timedelta(minutes=1)):
        client.force_login(cast[role])
        page = text(client.get(list_url()))
        assert "overdue-marker" in page
        assert "approaching-marker" not in page


def version_on_page(page):
    """The version the page's action forms were drawn from (the same for every form of one page)."""
    found = set(re.findall(r'name="version" value="(\d+)"', page))
    assert len(found) == 1, found
    return found.pop()


def test_comensha_reassigns_a_declined_referral_to_another_coordinator(client, cast, flow):
    referral = flow.submitted()["id"]
    flow.act(cast["coordinator"], referral, "decline", {"reason": "Geen plek in de regio."})
    client.force_login(cast["coordinator"])
    assert client.get(detail_url(referral)).status_code == 404  # declined: no longer theirs

    client.force_login(cast["national_coordinator"])
    page = text(client.get(detail_url(referral)))
    assert action_url(referral, "reassign") in page
    south = str(cast.coordination_south.pk)
    assert f'value="{south}"' in page
    assert f'value="{cast.comensha.pk}"' not in page  # it is CoMensha's already
    assert f'value="{cast.police_north.pk}"' not in page  # not a care coordinator

    empty = client.post(action_url(referral, "reassign"), {"version": version_on_page(page)}, follow=True)
    assert "Kies een organisatie." in text(empty)
    response = client.post(
        action_url(referral, "reassign"), {"organisation": south, "version": version_on_page(page)}, follow=True
    )
    assert "is aan een andere zorgcoördinator toegewezen" in text(response)
    moved = Referral.objects.get(pk=referral)
    assert (moved.status, moved.assigned_organisation) == ("pending", cast.coordination_south)
    assert moved.handovers.filter(kind="reassignment").count() == 1

    client.force_login(cast["coordinator"])
    assert action_url(referral, "reassign") not in text(client.get(list_url()))
    assert client.post(action_url(referral, "reassign"), {"organisation": south}).status_code == 404


def test_a_coordinator_who_loses_the_accept_race_is_told_who_won(client, cast, flow):
    referral = flow.submitted()["id"]
    colleague = UserFactory(
        username="collega",
        first_name="Ans",
        last_name="de Vries",
        role="coordinator",
        organisation=cast.coordination_north,
    )
    client.force_login(cast["coordinator"])
    stale = version_on_page(text(client.get(detail_url(referral))))

    flow.act(colleague, referral, "accept")
    response = client.post(action_url(referral, "accept"), {"version": stale}, follow=True)

    page = text(response)
    assert 'role="alert"' in page
    assert "intussen door iemand anders gewijzigd (nu: aangenomen door Ans de Vries)" in page
    assert "Uw actie is niet uitgevoerd" in page
    accepted = Referral.objects.get(pk=referral)
    assert accepted.assigned_to == colleague
    assert accepted.events.filter(event="accepted").count() == 1


def test_a_stale_form_says_so_instead_of_overwriting(client, cast, flow):
    """The phase form of a page drawn before a colleague's change is refused; a fresh page acts."""
    referral = flow.accepted()["id"]
    client.force_login(cast["coordinator"])
    stale = version_on_page(text(client.get(detail_url(referral))))
    flow.act(cast["coordinator"], referral, "phase", {"phase": "C"})

    response = client.post(action_url(referral, "phase"), {"phase": "B", "version": stale}, follow=True)
    assert "intussen door iemand anders gewijzigd (nu: aangenomen)" in text(response)
    assert Referral.objects.get(pk=referral).phase == "C"
    tampered = client.post(action_url(referral, "phase"), {"phase": "B", "version": "x1"}, follow=True)
    assert "Uw actie is niet uitgevoerd" in text(tampered)
    assert Referral.objects.get(pk=referral).phase == "C"

    fresh = version_on_page(text(client.get(detail_url(referral))))
    assert int(fresh) == int(stale) + 1
    client.post(action_url(referral, "phase"), {"phase": "B", "version": fresh})
    assert Referral.objects.get(pk=referral).phase == "B"
