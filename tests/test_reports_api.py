"""The reports API (API.md "Reports") on real data in PostgreSQL: who may ask, what an answer holds,
and that JSON, CSV and PDF carry the same published figures."""

from __future__ import annotations

import io
import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy
import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AccessLog
from referrals.models import Referral, Route, Status
from reports.formats import read_csv
from tests.factories import ServiceFactory

ZONE = ZoneInfo("Europe/Amsterdam")
READERS = ["analyst", "national_coordinator", "auditor"]


def make_referrals(cast, count, *, month=3, seed=1, **fixed):
    """``count`` submitted referrals in 2025-``month``, spread over the cast's regions and kinds."""
    rng = random.Random(seed)  # noqa: S311  (test data)
    rows = []
    for i in range(count):
        submitted = datetime(2025, month, 1 + i % 27, 9, tzinfo=ZONE)
        accepted = submitted + timedelta(hours=rng.choice([2, 5, 20, 30, 70])) if i % 4 else None
        values = {
            "region": rng.choice([cast.north, cast.south]),
            "gender": rng.choice(["female", "male"]),
            "age_group": rng.choice(["adult", "adult", "minor"]),
            "nationality": "RO",
            "nationality_group": "eu",
            "exploitation_forms": rng.choice([["sexual"], ["labour"], ["labour", "criminal"], []]),
            "needs": rng.choice([["shelter"], ["shelter", "legal_aid"], ["medical_care"]]),
            "consent": "given",
            "signalling_organisation": rng.choice([cast.police_north, cast.victim_support]),
            "signalled_by": cast["signaller"],
            "status": Status.ACCEPTED if accepted else Status.PENDING,
            "submitted_at": submitted,
            "accepted_at": accepted,
            "acceptance_deadline": submitted + timedelta(hours=48),
            "assigned_organisation": cast.coordination_north,
            "assigned_to": cast["coordinator"] if accepted else None,
        }
        values.update(fixed)
        rows.append(Referral(**values))
    return Referral.objects.bulk_create(rows)


@pytest.fixture
def data(cast):
    return make_referrals(cast, 240)


def get(client, **params):
    return client.get(reverse("report-referrals"), params)


@pytest.mark.parametrize("role", ["signaller", "coordinator", "provider", "directory_editor"])
def test_only_the_reporting_roles_may_ask(cast, client_for, role):
    assert get(client_for(cast[role])).status_code == 403
    assert client_for(cast[role]).get(reverse("report-monitor"), {"year": 2025}).status_code == 403


def test_anonymous_is_refused(db, client_for):
    assert get(client_for(None)).status_code == 401


@pytest.mark.parametrize("role", READERS)
def test_a_report_answers_counts_with_every_margin_and_states_its_rule(cast, client_for, data, role):
    response = get(
        client_for(cast[role]), group_by="region,gender", period="month", **{"from": "2025-01-01", "to": "2025-06-30"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["threshold"] == 10
    assert body["rounding"] == 5
    assert "1 tot en met 9" in body["rule"]
    assert "ingediende verwijzingen" in body["unit"]
    assert (body["from"], body["to"]) == ("2025-01-01", "2025-06-30")
    march = [cell for cell in body["cells"] if cell["period"] == "2025-03"]
    assert len(march) == 2 * 4  # regions x genders, zeros included
    for cell in body["cells"]:
        assert set(cell) >= {"region", "gender", "period", "count", "suppressed"}
        assert "reference" not in cell
        assert "id" not in cell
        if cell["suppressed"]:
            assert cell["count"] is None
            assert cell["median_hours_to_acceptance"] is None
        else:
            assert cell["count"] % 5 == 0
    march_total = next(
        m for m in body["margins"] if m["period"] == "2025-03" and set(m) == {"period", "count", "suppressed"}
    )
    assert march_total["count"] == 240
    assert body["total"] == 240  # the other months are empty (0, published)


def test_a_small_cell_is_suppressed_and_its_row_cannot_give_it_away(cast, client_for, data):
    make_referrals(cast, 3, month=3, seed=9, gender="x")  # three people of gender x in March
    body = get(
        client_for(cast["analyst"]), group_by="gender", period="month", **{"from": "2025-03-01", "to": "2025-03-31"}
    ).json()
    cells = {cell["gender"]: cell for cell in body["cells"]}
    assert cells["x"] == cells["x"] | {"count": None, "suppressed": True}
    others = [cell for key, cell in cells.items() if key != "x" and cell["count"] not in (0,)]
    assert any(cell["suppressed"] for cell in others), "a second cell must be suppressed with it"


def test_medians_only_for_published_cells_with_enough_accepted(cast, client_for, data):
    body = get(client_for(cast["analyst"]), period="year", **{"from": "2025-01-01", "to": "2025-12-31"}).json()
    (cell,) = body["cells"]
    accepted = [
        (r.submitted_at, r.accepted_at, r.acceptance_deadline) for r in Referral.objects.exclude(accepted_at=None)
    ]
    hours = sorted((done - start).total_seconds() / 3600 for start, done, _deadline in accepted)  # type: ignore[operator]
    middle = len(hours) // 2
    expected = hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2
    assert cell["median_hours_to_acceptance"] == round(expected, 1)
    within = sum(1 for _start, done, deadline in accepted if done <= deadline) / 240  # type: ignore[operator,misc]
    assert cell["accepted_within_deadline"] == round(within, 2)


def test_each_cell_has_the_percentiles_of_its_own_referrals(cast, client_for):
    """The median and 90th percentile of every published cell, as ``percentile_cont`` interpolates
    them (numpy's linear method), from the referrals of that cell alone."""
    make_referrals(cast, 600, seed=4)
    body = get(client_for(cast["analyst"]), group_by="gender,age_group", period="year", **{"from": "2025-01-01"}).json()
    timed = [cell for cell in body["cells"] if cell["median_hours_to_acceptance"] is not None]
    assert len(timed) >= 3
    for cell in timed:
        hours = [
            (r.accepted_at - r.submitted_at).total_seconds() / 3600  # type: ignore[operator]
            for r in Referral.objects.filter(gender=cell["gender"], age_group=cell["age_group"]).exclude(
                accepted_at=None
            )
        ]
        assert cell["median_hours_to_acceptance"] == round(float(numpy.percentile(hours, 50)), 1)
        assert cell["p90_hours_to_acceptance"] == round(float(numpy.percentile(hours, 90)), 1)


def test_a_referral_with_several_forms_counts_once_as_multiple(cast, client_for, data):
    body = get(
        client_for(cast["analyst"]),
        group_by="exploitation_form",
        period="year",
        **{"from": "2025-01-01", "to": "2025-12-31"},
    ).json()
    counts = {cell["exploitation_form"]: cell["count"] for cell in body["cells"]}
    truth = {"sexual": 0, "labour": 0, "multiple": 0, "unknown": 0}
    for referral in Referral.objects.all():
        forms = referral.exploitation_forms
        truth["multiple" if len(forms) > 1 else forms[0] if forms else "unknown"] += 1
    for form, count in truth.items():
        assert counts[form] == 5 * ((count + 2) // 5)
    assert counts["organ_removal"] == 0


def test_a_period_has_the_same_figures_whatever_the_window(cast, client_for, data):
    make_referrals(cast, 7, month=4, seed=3)
    client = client_for(cast["analyst"])
    alone = get(client, group_by="region", period="month", **{"from": "2025-03-01", "to": "2025-03-31"}).json()
    wider = get(client, group_by="region", period="month", **{"from": "2025-02-01", "to": "2025-04-30"}).json()
    assert [c for c in wider["cells"] if c["period"] == "2025-03"] == alone["cells"]
    assert wider["total"] is None  # April's total (7) is suppressed, so no sum over the window is given


def test_csv_and_json_carry_the_same_figures(cast, client_for, data):
    client = client_for(cast["auditor"])
    params = {"group_by": "region,age_group", "period": "quarter", "from": "2025-01-01", "to": "2025-12-31"}
    body = get(client, **params).json()
    response = get(client, **params, format="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.startswith("# ")
    assert "1 tot en met 9" in text
    rows = read_csv(text)
    cells = [row for row in rows if row["level"] == "cell"]
    assert len(cells) == len(body["cells"])
    for row, cell in zip(cells, body["cells"], strict=True):
        assert (row["region"], row["age_group"], row["period"]) == (cell["region"], cell["age_group"], cell["period"])
        assert row["count"] == ("" if cell["count"] is None else str(cell["count"]))
        assert row["suppressed"] == str(cell["suppressed"]).lower()


def test_the_pdf_of_a_table_carries_the_same_figures_as_json(cast, client_for, data):
    make_referrals(cast, 3, seed=5, gender="x")  # a small cell that must be suppressed
    client = client_for(cast["analyst"])
    params = {"group_by": "gender,age_group", "period": "year", "from": "2025-01-01", "to": "2025-12-31"}
    body = get(client, **params).json()
    assert any(cell["suppressed"] for cell in body["cells"])
    assert any(not cell["suppressed"] for cell in body["cells"])
    response = get(client, **params, format="pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="nvm-verwijzingen.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Ingediende verwijzingen naar geslacht, minderjarig/meerderjarig"
    assert reader.xmp_metadata is not None
    assert re.search(r"pdfaid:part(>|=\")3", reader.xmp_metadata.stream.get_data().decode())  # PDF/A-3
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "1 tot en met 9" in text  # the rule
    lines = text.splitlines()
    labels = {dim: {v["code"]: v["label"] for v in body["dimensions"][dim]["values"]} for dim in body["group_by"]}
    for level, rows in (("cell", body["cells"]), ("margin", body["margins"])):
        for row in rows:
            names = " ".join(labels[dim][row[dim]] if dim in row else "alle" for dim in body["group_by"])
            shown = "niet getoond" if row["suppressed"] else str(row["count"])
            assert any(line.startswith(f"{names} {row['period']} {shown}") for line in lines), (level, row)
    assert f"Totaal over het hele tijdvak: {body['total']}" in text
    entry = AccessLog.objects.filter(user=cast["analyst"], object_type="report").latest("id")
    assert entry.detail.endswith("as=pdf")


def test_the_monitor_pdf_carries_the_published_figures_and_the_rule(cast, client_for, data):
    client = client_for(cast["analyst"])
    response = client.get(reverse("report-monitor"), {"year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "NVM-monitor 2025" in text
    assert "1 tot en met 9" in text
    kinds = get(client, group_by="signalling_kind", period="year", **{"from": "2025-01-01", "to": "2025-12-31"}).json()
    labels = {value["code"]: value["label"] for value in kinds["dimensions"]["signalling_kind"]["values"]}
    lines = text.splitlines()
    for cell in kinds["cells"]:  # each row of the table: the label, then the published count
        shown = "niet getoond" if cell["suppressed"] else str(cell["count"])
        assert any(line.startswith(f"{labels[cell['signalling_kind']]} {shown}") for line in lines), cell
    assert any(line.startswith(f"Totaal {kinds['total']}") for line in lines)
    assert "2025-03" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "NVM-monitor 2025"


def test_every_report_request_is_in_the_access_log(cast, client_for, data):
    get(client_for(cast["analyst"]), group_by="region", period="year", **{"from": "2025-01-01", "to": "2025-12-31"})
    entry = AccessLog.objects.get(user=cast["analyst"], object_type="report")
    assert entry.action == "report_referrals"
    assert entry.detail == "referrals group_by=region period=year from=2025-01-01 until=2026-01-01 as=json"
    logged = client_for(cast["auditor"]).get(reverse("audit-access")).json()["results"][0]
    assert logged["detail"] == entry.detail


@pytest.mark.parametrize(
    "params",
    [
        {"group_by": "region,gender,age_group,status"},
        {"group_by": "name"},
        {"group_by": "region,region"},
        {"period": "week"},
        {"from": "2025-13-01"},
        {"from": "2025-05-01", "to": "2025-04-01"},
        {"from": "2000-01-01", "to": "2025-01-01"},
        {"group_by": "reg\x00ion"},
        {"group_by": "region, gender"},
        {"group_by": "region,"},
    ],
)
def test_a_bad_question_is_a_400_naming_the_parameter(cast, client_for, params):
    response = get(client_for(cast["analyst"]), **params)
    assert response.status_code == 400
    assert set(response.json()["fields"]) & {"group_by", "period", "from", "to"}


def test_needs_count_white_spots_with_the_same_rule(cast, client_for, data):
    referral = Referral.objects.filter(needs__contains=["shelter"]).earliest("submitted_at")
    service = ServiceFactory(organisation=cast.shelter_north)
    Route.objects.create(
        referral=referral,
        need="shelter",
        service=service,
        organisation=cast.shelter_north,
        created_by=cast["coordinator"],
    )
    body = (
        client_for(cast["analyst"])
        .get(reverse("report-needs"), {"period": "year", "from": "2025-01-01", "to": "2025-12-31"})
        .json()
    )
    rows = {row["need"]: row for row in body["needs"]}
    shelter = Referral.objects.filter(needs__contains=["shelter"]).count()
    assert rows["shelter"]["count"] == 5 * ((shelter + 2) // 5)
    assert rows["shelter"]["without_route"] is None  # one routed referral: its complement would be 1
    medical = Referral.objects.filter(needs__contains=["medical_care"]).count()
    assert rows["medical_care"]["without_route"] == 5 * ((medical + 2) // 5)
    assert rows["safety"]["count"] == 0


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("report-referrals", {"format": "csv", "period": "week"}),
        ("report-monitor", {"format": "pdf", "year": "1900"}),
    ],
)
def test_an_error_is_json_whatever_the_format_asked(cast, client_for, url, params):
    response = client_for(cast["analyst"]).get(reverse(url), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "invalid"
    refused = client_for(cast["signaller"]).get(reverse(url), params)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/json"
