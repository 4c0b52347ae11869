"""The main journey in a real browser, each step as the role that takes it:
signal → submit → accept → route → handover → acknowledge → close, and a report download.

Every page on the way passes axe-core's WCAG 2.1 AA rules; the coordinator accepts with the keyboard
alone. The README's screenshots are made here (docs/screenshots/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reports.formats import read_csv
from tests.browser.conftest import log_in
from tests.browser.pages import (
    README_SCREENSHOTS,
    assert_skip_link_leads_to_main,
    checked,
    tab_to,
)
from tests.conftest import Cast
from tests.factories import ServiceFactory
from tests.test_reports_api import make_referrals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "Vrouw van ongeveer 30 jaar werkte in een nagelstudio zonder loon en sliep op de werkplek."
SERVICE = "Veilige opvang Noord"


def test_a_signal_travels_to_closed_care_and_into_the_figures(page: Page, cast: Cast) -> None:
    ServiceFactory(organisation=cast.shelter_north, name=SERVICE, needs=["shelter"], regions=[cast.north])
    reference = signaller_registers_and_submits(page, cast)
    detail = coordinator_accepts_by_keyboard(page, cast, reference)
    coordinator_routes_and_gets_the_handover(page)
    provider_accepts_acknowledges_and_completes(page, cast, reference)
    coordinator_closes(page, cast, detail)
    analyst_downloads_the_figures(page, cast)


def signaller_registers_and_submits(page: Page, cast: Cast) -> str:
    log_in(page, cast["signaller"])
    page.goto("/verwijzingen/nieuw/")
    checked(page)
    page.get_by_label("Regio").select_option("north")
    page.get_by_label("Geslacht").select_option("female")
    page.get_by_label("Leeftijdsgroep").select_option("adult")
    page.get_by_label("Nationaliteit").fill("RO")
    page.get_by_label("Arbeidsuitbuiting", exact=True).check()
    page.get_by_label("Opvang", exact=True).check()
    page.get_by_label("Juridische hulp", exact=True).check()
    page.get_by_label("Urgentie").select_option("urgent")
    page.get_by_label("Toestemming").select_option("given")
    page.get_by_label("Talen (optioneel)").fill("ro, en")
    page.get_by_label("Samenvatting (geanonimiseerd)").fill(SUMMARY)
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("is opgeslagen als concept")).to_be_visible()
    checked(page)
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Verwijzing ").strip()
    page.get_by_role("button", name="Indienen bij de zorgcoördinatie").click()
    expect(page.get_by_text(f"Verwijzing {reference} is ingediend")).to_be_visible()
    checked(page)
    return reference


def coordinator_accepts_by_keyboard(page: Page, cast: Cast, reference: str) -> str:
    """The coordinator finds the signal in the work queue and accepts it without a mouse."""
    log_in(page, cast["coordinator"])
    page.goto("/verwijzingen/")
    checked(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verwijzing {reference}")
    checked(page)
    detail = page.url
    assert_skip_link_leads_to_main(page)
    tab_to(page, "Aannemen")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"U heeft verwijzing {reference} aangenomen.")).to_be_visible()
    checked(page)
    return detail


def coordinator_routes_and_gets_the_handover(page: Page) -> None:
    """The Wegwijzer panel offers the matching service for shelter; the coordinator proposes and sends it,
    and the handover document of the route is there to download."""
    page.get_by_label("Dienst voor Opvang").select_option(label=f"{SERVICE} — Opvang Noord")
    page.get_by_role("button", name="Voorstellen voor Opvang").click()
    expect(page.get_by_text("Doorverwijzing voorgesteld: Opvang bij")).to_be_visible()
    checked(page)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("De doorverwijzing naar Opvang Noord is verstuurd.")).to_be_visible()
    checked(page)
    row = page.get_by_role("row").filter(has_text=f"Doorverwijzing naar hulpverlener: {SERVICE}")
    with page.expect_download() as download:
        row.get_by_role("link", name="PDF downloaden").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    page.reload()
    checked(page)
    page.screenshot(path=README_SCREENSHOTS / "coordinator-referral.png", full_page=True)


def provider_accepts_acknowledges_and_completes(page: Page, cast: Cast, reference: str) -> None:
    log_in(page, cast["provider"])
    page.goto("/verwijzingen/")
    checked(page)
    page.get_by_role("link", name=reference).click()
    checked(page)
    page.get_by_role("button", name="Doorverwijzing aannemen").click()
    expect(page.get_by_text("U heeft de doorverwijzing aangenomen.")).to_be_visible()
    checked(page)
    row = page.get_by_role("row").filter(has_text=f"Doorverwijzing naar hulpverlener: {SERVICE}")
    row.get_by_role("button", name="Ontvangst bevestigen").click()
    expect(row).to_contain_text(f"bevestigd door {cast['provider'].username}")
    checked(page)
    page.get_by_role("button", name="Hulp afgerond").click()
    expect(page.get_by_text("De doorverwijzing is afgerond.")).to_be_visible()
    checked(page)


def coordinator_closes(page: Page, cast: Cast, detail: str) -> None:
    log_in(page, cast["coordinator"])
    page.goto(detail)
    checked(page)
    page.get_by_label("Uitkomst").select_option("support_completed")
    page.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_text("is afgesloten.")).to_be_visible()
    expect(page.locator("dl.status")).to_contain_text("Hulp afgerond")
    checked(page)


def analyst_downloads_the_figures(page: Page, cast: Cast) -> None:
    """A year of referrals in the figures; the analyst makes a table by region and quarter and takes
    the same figures away as CSV."""
    for month in (2, 5, 8, 11):
        make_referrals(cast, 60, month=month, seed=month)
    log_in(page, cast["analyst"])
    page.goto("/rapportages/")
    checked(page)
    page.get_by_label("regio", exact=True).check()
    page.get_by_label("Periode").select_option("quarter")
    page.get_by_label("Van", exact=True).fill("2025-01-01")
    page.get_by_label("Tot en met", exact=True).fill("2025-12-31")
    page.get_by_role("button", name="Tabel maken").click()
    table = page.get_by_role("table", name="Cellen")
    expect(table).to_contain_text("Noord")
    checked(page)
    page.screenshot(path=README_SCREENSHOTS / "report-builder.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download deze tabel als CSV").click()
    rows = read_csv(Path(download.value.path()).read_text(encoding="utf-8"))
    cells = [row for row in rows if row["level"] == "cell"]
    assert {row["region"] for row in cells} == {"north", "south"}
    assert {row["period"] for row in cells} == {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}
