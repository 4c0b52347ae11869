"""One report, three forms: the JSON answer, the CSV file, and the labelled rows of the page and
the PDF.

All are made from the same published figures (``ReferralReport``), never from the raw counts.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from referrals.handovers.document import FONTS, local_only_fetcher
from reports.dimensions import DIMENSIONS
from reports.services import ReferralReport, rule_text, unit_text

MEASURES = (
    "median_hours_to_acceptance",
    "p90_hours_to_acceptance",
    "accepted_within_deadline",
    "declined",
    "reassigned",
)


def referral_body(report: ReferralReport) -> dict[str, Any]:
    return {
        "unit": unit_text(),
        "threshold": report.rule.threshold,
        "rounding": report.rule.rounding,
        "rule": rule_text(report.rule),
        "group_by": list(report.query.group_by),
        "period": report.query.period,
        "from": report.first_day.isoformat(),
        "to": report.last_day.isoformat(),
        "dimensions": {
            code: {"values": [{"code": value, "label": label} for value, label in values.items()]}
            for code, values in report.dimensions.items()
        },
        "cells": report.cells,
        "margins": report.margins,
        "total": report.total,
    }


def referral_csv(report: ReferralReport) -> str:
    """The cells and margins as CSV (``*`` stands for "all" in a margin), after two comment lines
    that state the counting unit and the disclosure rule."""
    out = io.StringIO()
    out.write(f"# {_('Eenheid')}: {unit_text()}\n")
    out.write(f"# {_('Onthullingsbeheersing')}: {rule_text(report.rule)}\n")
    writer = csv.writer(out, lineterminator="\n")
    dims = list(report.query.group_by)
    writer.writerow(["level", *dims, "period", "count", "suppressed", *MEASURES])
    for level, rows in (("cell", report.cells), ("margin", report.margins)):
        for row in rows:
            writer.writerow(
                [
                    level,
                    *(row.get(dim, "*") for dim in dims),
                    row["period"],
                    "" if row["count"] is None else row["count"],
                    "true" if row["suppressed"] else "false",
                    *("" if row.get(name) is None else row[name] for name in MEASURES),
                ]
            )
    writer.writerow(
        [
            "total",
            *("*" for _dim in dims),
            "*",
            "" if report.total is None else report.total,
            "",
            *("" for _m in MEASURES),
        ]
    )
    return out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    """The rows of a file made by ``referral_csv`` (for tests and for anyone checking a file)."""
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def labelled(cell: dict[str, Any], dims: list[str], labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A cell or margin with ``values``: the label of each dimension's value, "alle" in a margin;
    a measure that a margin does not carry is None."""
    values = [labels[dim].get(cell[dim], cell[dim]) if dim in cell else _("alle") for dim in dims]
    return dict.fromkeys(MEASURES) | cell | {"values": values}


def pdf_of(html: str) -> bytes:
    """An archival PDF (PDF/A-3u) of a report's HTML, with the vendored fonts and nothing fetched."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=FONTS.as_uri() + "/", url_fetcher=local_only_fetcher()).write_pdf(
        pdf_variant="pdf/a-3u"
    )
    return pdf


def referral_pdf(report: ReferralReport) -> bytes:
    """The table as a PDF (Dutch, A4): the rule, the cells and the margins with their measures."""
    with translation.override("nl"):
        dims = list(report.query.group_by)
        names = [str(DIMENSIONS[dim].label) for dim in dims]
        title = _("Ingediende verwijzingen")
        if names:
            title = _("Ingediende verwijzingen naar %(dimensions)s") % {"dimensions": ", ".join(names)}
        periods = {"month": _("maand"), "quarter": _("kwartaal"), "year": _("jaar")}
        sections = [{"title": _("Cellen"), "rows": [labelled(cell, dims, report.dimensions) for cell in report.cells]}]
        if dims:
            margins = [labelled(margin, dims, report.dimensions) for margin in report.margins]
            sections.append({"title": _("Totalen en subtotalen"), "rows": margins})
        context = {
            "title": title,
            "columns": [name.capitalize() for name in names],
            "sections": sections,
            "total": report.total,
            "unit": unit_text(),
            "rule": rule_text(report.rule),
            "first_day": report.first_day,
            "last_day": report.last_day,
            "period_label": periods[report.query.period],
            "made_at": timezone.localtime(),
            "fonts": FONTS.as_uri(),
        }
        return pdf_of(render_to_string("reports/table.html", context))
