"""One report, three forms: the JSON answer, the CSV file and the rows of the page and the PDF.

All three are made from the same published figures (``ReferralReport``), never from the raw counts.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

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
