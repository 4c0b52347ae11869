"""The yearly monitor as PDF (Dutch): the main tables of the year, a trend and bar charts, and the
disclosure rule on its first page. Every figure is a published figure of ``reports.services``,
the same as the API and the CSV give for the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory.vocabulary import NeedCode
from referrals.handovers.document import FONTS
from reports import charts, services
from reports.dimensions import DIMENSIONS
from reports.disclosure import Rule
from reports.formats import pdf_of

#: The one-dimension tables of the monitor, in the order of the public monitors.
TABLES = ("signalling_kind", "exploitation_form", "age_group", "gender", "nationality_group", "region")


@dataclass
class Row:
    label: str
    count: int | None
    median: float | None = None


@dataclass
class MonitorTable:
    title: str
    rows: list[Row]
    total: int | None
    chart: str = ""


def _one_dimension(code: str, year: int, rule: Rule) -> MonitorTable:
    query = services.make_query([code], "year", date(year, 1, 1), date(year, 12, 31))
    report = services.referral_report(query, rule)
    labels = report.dimensions[code]
    rows = [Row(labels[cell[code]], cell["count"], cell["median_hours_to_acceptance"]) for cell in report.cells]
    title = str(DIMENSIONS[code].label).capitalize()
    chart = charts.as_image(
        charts.bar_chart(
            [row.label for row in rows], [row.count for row in rows], title=title, suppressed=_("niet getoond")
        ),
        title,
    )
    return MonitorTable(title=title, rows=rows, total=report.total, chart=chart)


def monitor_context(year: int) -> dict[str, Any]:
    rule = services.rule()
    monthly = services.referral_report(services.make_query([], "month", date(year, 1, 1), date(year, 12, 31)), rule)
    months = [cell["period"] for cell in monthly.cells]
    title = _("Ingediende verwijzingen per maand")
    trend = charts.as_image(
        charts.trend_chart(
            months, [cell["count"] for cell in monthly.cells], title=title, suppressed=_("niet getoond")
        ),
        title,
    )
    needs_query = services.make_query([], "year", date(year, 1, 1), date(year, 12, 31))
    need_labels = dict(NeedCode.choices)
    needs = [
        row | {"label": str(need_labels.get(row["need"], row["need"]))}
        for row in services.needs_report(needs_query, rule)
    ]
    return {
        "year": year,
        "rule": services.rule_text(rule),
        "unit": services.unit_text(),
        "threshold": rule.threshold,
        "made_at": timezone.localtime(),
        "months": monthly.cells,
        "total": monthly.total,
        "trend": trend,
        "tables": [_one_dimension(code, year, rule) for code in TABLES],
        "needs": needs,
        "fonts": FONTS.as_uri(),
    }


def monitor_html(year: int) -> str:
    with translation.override("nl"):
        return render_to_string("reports/monitor.html", monitor_context(year))


def monitor_pdf(year: int) -> bytes:
    """The monitor of ``year`` as an archival PDF (PDF/A-3u, A4)."""
    return pdf_of(monitor_html(year))
