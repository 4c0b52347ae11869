"""The report builder page (/rapportages/): who sees it, and that it shows the published figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from tests.test_reports_api import make_referrals

URL = "/rapportages/"


@pytest.fixture
def data(cast):
    make_referrals(cast, 120)
    make_referrals(cast, 3, seed=5, gender="x")


def test_the_page_shows_the_table_with_suppressed_cells_as_such(cast, client, data):
    client.force_login(cast["analyst"])
    response = client.get(URL, {"group_by": ["gender"], "period": "year", "start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 tot en met 9" in page  # the rule is on the page
    assert "niet getoond" in page
    assert "<svg" in page  # the chart, drawn on the server
    assert "format=csv" in page
    assert "group_by=gender" in page
    row = {cell["gender"]: cell for cell in response.context["report"].cells}
    assert row["x"]["suppressed"] is True
    assert AccessLog.objects.filter(user=cast["analyst"], object_type="report", channel="web").count() == 1


def test_a_screen_reader_hears_what_each_new_table_holds(cast, client, data):
    """htmx replaces the builder in place; the status line it keeps (role=status) says what changed."""
    client.force_login(cast["analyst"])
    response = client.get(URL, {"group_by": ["gender"], "period": "year", "start": "2025-01-01", "end": "2025-12-31"})
    cells = response.context["report"].cells
    hidden = sum(1 for cell in cells if cell["suppressed"])
    assert 0 < hidden < len(cells)
    status = f'<p id="report-status" class="visually-hidden" role="status">Tabel bijgewerkt: {len(cells)} cellen, '
    assert status + f"waarvan {hidden} niet getoond.</p>" in response.content.decode()

    wrong = client.get(URL, {"group_by": ["gender"], "period": "year", "start": "2025-12-31", "end": "2025-01-01"})
    assert "Geen tabel: bekijk de melding bij het formulier." in wrong.content.decode()


def test_the_header_offers_reports_to_the_analyst_only(cast, client):
    client.force_login(cast["analyst"])
    assert reverse("reports_web:builder") in client.get("/").content.decode()
    client.force_login(cast["signaller"])
    assert reverse("reports_web:builder") not in client.get("/").content.decode()


@pytest.mark.parametrize("role", ["signaller", "coordinator", "provider", "directory_editor"])
def test_other_roles_are_refused(cast, client, role):
    client.force_login(cast[role])
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_the_login(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_four_dimensions_are_refused_next_to_the_field(cast, client):
    client.force_login(cast["analyst"])
    response = client.get(URL, {"group_by": ["gender", "region", "status", "phase"], "period": "year"})
    assert response.status_code == 200
    assert "hoogstens drie" in response.content.decode()
    assert "report" not in response.context


def test_the_page_is_english_when_asked(cast, client, data):
    client.force_login(cast["analyst"])
    client.cookies["django_language"] = "en"
    page = client.get(URL, {"period": "year", "start": "2025-01-01", "end": "2025-12-31"}).content.decode()
    assert "<h1>Reports</h1>" in page
    assert "Counting" in page
    assert "Counts from 1 to 9 are not shown" in page
