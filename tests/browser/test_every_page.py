"""axe-core over every page of every role, in a real browser, and the narrow screen (320 px) on a few.

The pages are filled with the data of the other tests (the cast, the factories, the API flow); every
violation of every page is reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from directory.models import Service
from referrals.handovers.storage import read
from referrals.models import Handover, Referral
from tests.browser.axe import describe, violations
from tests.browser.conftest import VIEWPORT, log_in
from tests.browser.pages import assert_no_horizontal_scroll, checked
from tests.conftest import Cast
from tests.factories import RegulationFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Cases:
    """The referrals the pages show: a draft, one routed to the shelter, one declined to CoMensha."""

    draft: str
    routed: str
    declined: str
    service: Service
    regulation_code: str
    handover: Handover


@pytest.fixture
def cases(cast: Cast, flow: Any) -> Cases:
    service = ServiceFactory(
        organisation=cast.shelter_north, name="Opvang Noord", needs=["shelter"], regions=[cast.north]
    )
    regulation = RegulationFactory(organisation=cast.victim_support, needs=["compensation"])
    draft = flow.create()["id"]
    routed, _route = flow.routed(service)
    declined = flow.submitted()["id"]
    response = flow.act(cast["coordinator"], declined, "decline", {"reason": "Geen plek in de regio."})
    assert response.status_code == 200, response.content
    handover = Handover.objects.get(referral_id=routed["id"], kind="route")
    return Cases(draft, routed["id"], declined, service, regulation.code, handover)


def detail(referral: str) -> str:
    return reverse("referrals_web:detail", args=[referral])


def history(referral: str) -> str:
    return reverse("referrals_web:history", args=[referral])


def pages_by_role(cast: Cast, cases: Cases) -> dict[str, list[str]]:
    """Every page, as the role that sees it ("" is anonymous)."""
    wegwijzer = [
        reverse("wegwijzer:index"),
        reverse("wegwijzer:need", args=["shelter"]),
        reverse("wegwijzer:category", args=["gender", "female"]),
        reverse("wegwijzer:search") + "?q=opvang",
        reverse("wegwijzer:organisation", args=[cast.shelter_north.pk]),
        reverse("wegwijzer:service", args=[cases.service.pk]),
        reverse("wegwijzer:regulations"),
        reverse("wegwijzer:regulation", args=[cases.regulation_code]),
        reverse("wegwijzer:who_can_help"),
        reverse("wegwijzer:who_can_help") + "?need=shelter&region=north",
    ]
    notifications = [reverse("notifications_web:list")]
    account = reverse("accounts:account")
    return {
        "": ["/", reverse("accounts:login"), reverse("referrals_web:handover_verify"), "/bestaat-niet/", *wegwijzer],
        "signaller": [
            reverse("referrals_web:list"),
            reverse("referrals_web:create"),
            detail(cases.draft),
            detail(cases.routed),  # status only, once the coordinator has it
            *notifications,
            account,
        ],
        "coordinator": [
            "/",
            reverse("referrals_web:list"),
            detail(cases.routed),
            history(cases.routed),
            *notifications,
        ],
        "provider": [reverse("referrals_web:list"), detail(cases.routed), *notifications],
        "national_coordinator": [
            reverse("referrals_web:list"),
            detail(cases.declined),  # with the reassignment form
            history(cases.declined),
            detail(cases.routed),
        ],
        "analyst": [
            reverse("reports_web:builder"),
            reverse("reports_web:builder") + "?group_by=gender&period=year",
            account,
        ],
        "directory_editor": [
            reverse("wegwijzer:editor_index"),
            *(reverse("wegwijzer:editor_list", args=[kind]) for kind in ("organisaties", "diensten", "regelingen")),
            reverse("wegwijzer:editor_list", args=["diensten"]) + "?staat=nakijken",
            reverse("wegwijzer:editor_new", args=["diensten"]),
            reverse("wegwijzer:editor_edit", args=["diensten", cases.service.pk]),
            reverse("wegwijzer:editor_preview", args=["diensten", cases.service.pk]),
            reverse("wegwijzer:editor_edit", args=["organisaties", cast.shelter_north.pk]),
        ],
        "auditor": [
            reverse("audit_web:access_log"),
            reverse("audit_web:history"),
            reverse("audit_web:history") + f"?reference={Referral.objects.get(pk=cases.routed).reference}",
            reverse("audit_web:chain"),
            account,
        ],
    }


def test_every_page_of_every_role_passes_axe(page: Page, cast: Cast, cases: Cases) -> None:
    found: list[str] = []
    for role, urls in pages_by_role(cast, cases).items():
        if role:
            log_in(page, cast[role])
        else:
            page.context.clear_cookies()
        for url in urls:
            response = page.goto(url)
            assert response is not None
            assert response.status == (404 if url == "/bestaat-niet/" else 200), f"{role or 'anonymous'}: {url}"
            checked_at(page, role, found)
    found += states_after_input(page, cast, cases)
    assert not found, "\n\n".join(found)


def checked_at(page: Page, role: str, found: list[str]) -> None:
    result = violations(page)
    if result:
        found.append(f"as {role or 'anonymous'}: " + describe(page.url, result))


def states_after_input(page: Page, cast: Cast, cases: Cases) -> list[str]:
    """The pages in the states that input gives them: form errors, a checked document."""
    found: list[str] = []
    page.context.clear_cookies()
    page.goto(reverse("referrals_web:handover_verify"))
    document = read(cases.handover.document.name or "")
    page.get_by_label("Het PDF-bestand van de overdracht").set_input_files(
        files=FilePayload(name="overdracht.pdf", mimeType="application/pdf", buffer=document)
    )
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Dit bestand is ongewijzigd")).to_be_visible()
    checked_at(page, "", found)
    log_in(page, cast["signaller"])
    page.goto(reverse("referrals_web:create"))
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("De verwijzing is niet opgeslagen.")).to_be_visible()
    checked_at(page, "signaller", found)
    page.goto(reverse("accounts:account"))
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.get_by_text("Uw wachtwoord is niet gewijzigd.")).to_be_visible()
    checked_at(page, "signaller", found)
    return found


def test_pages_fit_a_320_pixel_screen(page: Page, cast: Cast, cases: Cases) -> None:
    """WCAG 1.4.10 Reflow: at 320 CSS pixels nothing needs horizontal scrolling, and axe still passes."""
    page.goto(reverse("wegwijzer:index"))
    assert_no_horizontal_scroll(page)
    checked(page)
    page.set_viewport_size(VIEWPORT)
    log_in(page, cast["coordinator"])
    page.goto(detail(cases.routed))
    assert_no_horizontal_scroll(page)
    checked(page)
