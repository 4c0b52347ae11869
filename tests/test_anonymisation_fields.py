"""Every free-text field a person can type goes through the anonymisation guard, in the API and on the pages.

One test per field and door: the identifier is refused with a message that names the field and the kind
(never the text), and nothing changes. The fields: the summary (create and edit), the reason of a declined
or withdrawn referral, and the reason of a declined route.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from referrals.anonymisation import KIND_LABELS
from referrals.models import Referral, ReferralEvent, Route
from tests.factories import ServiceFactory, referral_data


def label(kind: str) -> str:
    with translation.override("nl"):
        return str(KIND_LABELS[kind])


def shelter_north(cast):
    return ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], name="Opvang N")


def events_of(referral_id) -> list[str]:
    return list(ReferralEvent.objects.filter(referral_id=referral_id).values_list("event", flat=True))


def assert_refused_in_the_api(response, field: str, kind: str, secret: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert label(kind) in body["fields"][field]
    assert secret not in response.content.decode()


def assert_refused_on_the_page(page: str, kind: str, secret: str) -> None:
    assert label(kind) in page
    assert secret not in page


# --- the API --------------------------------------------------------------------------------------------------------


def test_api_create_refuses_a_national_number_in_the_summary(cast, client_for):
    secret = "1810512358304"
    response = client_for(cast["signaller"]).post(
        reverse("referral-list"), referral_data(summary=f"CNP {secret}, werkte in de kassen."), format="json"
    )
    assert_refused_in_the_api(response, "summary", "national_id", secret)
    assert Referral.objects.count() == 0


def test_api_edit_refuses_a_passport_number_in_the_summary(flow):
    referral = flow.create()
    client = flow.as_role("signaller")
    url = reverse("referral-detail", args=[referral["id"]])
    secret = "NW3K61C89"
    response = client.patch(url, {"summary": f"Haar paspoortnummer is {secret}."}, format="json")
    assert_refused_in_the_api(response, "summary", "document_number", secret)
    assert Referral.objects.get(pk=referral["id"]).summary == referral["summary"]
    assert events_of(referral["id"]) == ["created"]


def test_api_decline_refuses_a_phone_number_in_the_reason(flow, cast):
    referral = flow.submitted()
    secret = "+40 712 302 157"
    response = flow.act(cast["coordinator"], referral["id"], "decline", {"reason": f"Zus belt vanaf {secret}."})
    assert_refused_in_the_api(response, "reason", "phone", secret)
    assert Referral.objects.get(pk=referral["id"]).assigned_organisation == cast.coordination_north
    assert events_of(referral["id"]) == ["created", "submitted"]


def test_api_withdraw_refuses_a_bare_name_in_the_reason(flow, cast):
    referral = flow.create()
    response = flow.act(cast["signaller"], referral["id"], "withdraw", {"reason": "Oksana werkte al elders."})
    assert_refused_in_the_api(response, "reason", "name", "Oksana")
    assert Referral.objects.get(pk=referral["id"]).status == "draft"
    assert events_of(referral["id"]) == ["created"]


def test_api_route_decline_refuses_an_iban_in_the_reason(flow, cast):
    _, route = flow.routed(shelter_north(cast))
    secret = "RO16RZBR3982597919074833"
    response = flow.as_role("provider").post(
        reverse("route-decline", args=[route["id"]]), {"reason": f"Loon ging naar {secret}."}, format="json"
    )
    assert_refused_in_the_api(response, "reason", "iban", secret)
    assert Route.objects.get(pk=route["id"]).status == "sent"
    assert Route.objects.get(pk=route["id"]).decline_reason == ""


# --- the pages ------------------------------------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "region": "north",
        "gender": "female",
        "age_group": "adult",
        "nationality": "ro",
        "exploitation_forms": ["sexual"],
        "needs": ["shelter"],
        "urgency": "normal",
        "consent": "given",
        "languages": "ro",
        "summary": "Werkte 12 uur per dag.",
    }
    return {**data, **overrides}


def test_page_create_refuses_a_foreign_date_of_birth_in_the_summary_next_to_the_field(client, cast):
    client.force_login(cast["signaller"])
    secret = "12.03.1998"
    response = client.post(reverse("referrals_web:create"), form_data(summary=f"Născută la {secret} in Iași."))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_summary_error"' in page
    assert_refused_on_the_page(page, "date_of_birth", secret)
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    ("action", "actor", "reason", "kind", "secret"),
    [
        ("decline", "coordinator", "Zij werd benaderd door @bella_ro98 op Instagram.", "online_account", "bella_ro98"),
        ("withdraw", "signaller", "De advertenties kwamen van 85.214.132.117.", "ip_address", "85.214.132.117"),
    ],
)
def test_page_actions_refuse_an_identifier_in_the_reason(client, cast, flow, action, actor, reason, kind, secret):
    referral = flow.submitted() if action == "decline" else flow.create()
    before = events_of(referral["id"])
    client.force_login(cast[actor])
    url = reverse("referrals_web:action", args=[referral["id"], action])
    page = client.post(url, {"reason": reason}, follow=True).content.decode()
    assert_refused_on_the_page(page, kind, secret)
    assert events_of(referral["id"]) == before


def test_page_route_decline_refuses_a_case_number_in_the_reason(client, cast, flow):
    _, route = flow.routed(shelter_north(cast))
    client.force_login(cast["provider"])
    secret = "PL1300-2023123456"
    url = reverse("referrals_web:route_action", args=[route["id"], "decline"])
    page = client.post(url, {"reason": f"Zie aangifte {secret}."}, follow=True).content.decode()
    assert_refused_on_the_page(page, "case_number", secret)
    assert Route.objects.get(pk=route["id"]).status == "sent"
