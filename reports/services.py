"""Reports as the ministry sees them: the aggregate queries with disclosure control applied.

Nothing here returns a row-level record or a reference; every count that leaves passes
``reports.disclosure`` first. Each period is protected on its own, so a period's figures are the
same in every answer that contains it, whatever the window asked for.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, record_access
from directory.vocabulary import NeedCode
from reports.dimensions import DIMENSIONS
from reports.disclosure import Key, Rule, full_table, protect
from reports.queries import Query, need_cells, referral_cells, route_counts

PERIODS = ("month", "quarter", "year")
MAX_DIMENSIONS = 3
MAX_PERIODS = 120
MAX_CELLS = 100_000


class ReportError(ValueError):
    """A report that cannot be made as asked; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def rule() -> Rule:
    return Rule(threshold=settings.REPORT_THRESHOLD, rounding=settings.REPORT_ROUNDING)


def rule_text(current: Rule) -> str:
    return _(
        "Aantallen van 1 tot en met %(below)s worden niet getoond (primaire onderdrukking). Waar een "
        "niet getoond aantal uit totalen, subtotalen of andere cellen te berekenen zou zijn, wordt ook "
        "een ander aantal niet getoond (secundaire onderdrukking), gecontroleerd met het lineaire "
        "programma van een aanvaller. Getoonde aantallen zijn afgerond op een veelvoud van %(rounding)s. "
        "Mediaan, 90e percentiel en aandelen staan alleen bij getoonde cellen, de tijden alleen als "
        "minstens %(threshold)s verwijzingen zijn aangenomen. Elke periode wordt apart beschermd."
    ) % {"below": current.threshold - 1, "rounding": current.rounding, "threshold": current.threshold}


def unit_text() -> str:
    return _("ingediende verwijzingen, geteld in de periode van indiening (één per verwijzing)")


# --- the access log ----------------------------------------------------------------------------------------------

#: The access log names a report by a stable id derived from the table asked for.
REPORT_NAMESPACE = uuid.UUID("5f0e8a52-7c1d-4f59-9b3e-2a6f1f0c9d41")


def describe(kind: str, query: Query, output: str) -> str:
    """The access log's words for a table: which one, over which window, in which form."""
    start, end = query.start.date().isoformat(), query.end.date().isoformat()
    dims = ",".join(query.group_by) or "-"
    return f"{kind} group_by={dims} period={query.period} from={start} until={end} as={output}"


def log_report(*, user: User, action: str, detail: str, channel: str, ip: str | None) -> None:
    """Every report asked for, by whom and which table, in the access log (and so in the audit chain)."""
    record_access(
        user=user,
        object_type="report",
        object_id=uuid.uuid5(REPORT_NAMESPACE, detail),
        action=action,
        channel=channel,
        ip=ip,
        detail=detail,
    )


# --- the window --------------------------------------------------------------------------------------------------


def period_start(day: date, period: str) -> date:
    if period == "year":
        return date(day.year, 1, 1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def next_period(day: date, period: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_label(day: date, period: str) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def make_query(group_by: Sequence[str], period: str, first: date | None, last: date | None) -> Query:
    """The query for a window from the period containing ``first`` to the one containing ``last``
    (whole periods only; by default the current year)."""
    if len(group_by) > MAX_DIMENSIONS:
        raise ReportError("group_by", _("Kies hoogstens drie dimensies."))
    unknown = [code for code in group_by if code not in DIMENSIONS]
    if unknown:
        raise ReportError("group_by", _("Onbekende dimensie: %(codes)s.") % {"codes": ", ".join(unknown)})
    if len(set(group_by)) != len(group_by):
        raise ReportError("group_by", _("Noem elke dimensie maar één keer."))
    if period not in PERIODS:
        raise ReportError("period", _("Kies month, quarter of year."))
    today = timezone.localdate()
    last = last or today
    first = first or date(last.year, 1, 1)
    if first > last:
        raise ReportError("from", _("De begindatum ligt na de einddatum."))
    start, end = period_start(first, period), next_period(period_start(last, period), period)
    if len(buckets(start, end, period)) > MAX_PERIODS:
        raise ReportError("from", _("Kies hoogstens %(count)s perioden.") % {"count": MAX_PERIODS})
    zone = timezone.get_current_timezone()
    return Query(
        group_by=tuple(group_by),
        period=period,
        start=datetime.combine(start, time.min, tzinfo=zone),
        end=datetime.combine(end, time.min, tzinfo=zone),
    )


def buckets(start: date, end: date, period: str) -> list[date]:
    days, day = [], start
    while day < end:
        days.append(day)
        day = next_period(day, period)
    return days


def _bucket_day(value: Any) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# --- the referral table ----------------------------------------------------------------------------------------------


@dataclass
class ReferralReport:
    query: Query
    rule: Rule
    dimensions: dict[str, dict[str, str]]  # code → value code → label
    cells: list[dict[str, Any]] = field(default_factory=list)
    margins: list[dict[str, Any]] = field(default_factory=list)
    total: int | None = None

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.query.start).date()

    @property
    def last_day(self) -> date:
        return date.fromordinal(timezone.localtime(self.query.end).date().toordinal() - 1)


def referral_report(query: Query, current: Rule | None = None) -> ReferralReport:
    current = current or rule()
    values = {code: DIMENSIONS[code].values() for code in query.group_by}
    value_codes = [[code for code, _label in values[dim]] for dim in query.group_by]
    days = buckets(timezone.localtime(query.start).date(), timezone.localtime(query.end).date(), query.period)
    size = len(days) * len(list(itertools.product(*value_codes)))
    if size > MAX_CELLS:
        raise ReportError("group_by", _("Deze tabel heeft te veel cellen; kies minder dimensies of perioden."))
    rows: dict[date, dict[Key, dict[str, Any]]] = {day: {} for day in days}
    for row in referral_cells(query):
        found_key: Key = tuple(str(row[f"dim_{code}"]) for code in query.group_by)
        rows.setdefault(_bucket_day(row["bucket"]), {})[found_key] = row
    report = ReferralReport(query=query, rule=current, dimensions={code: dict(values[code]) for code in query.group_by})
    # Cells first, then margins; each in the order of the dimensions' values (as the monitors list them).
    position: dict[str | None, int] = {None: -1}
    for codes in value_codes:
        position.update({code: i for i, code in enumerate(codes)})
    period_totals: list[int | None] = []
    for day in days:
        label = period_label(day, query.period)
        found = rows.get(day, {})
        table = protect(full_table(value_codes, {key: row["count"] for key, row in found.items()}), current)
        for key in sorted(table.counts, key=lambda key: (key.count(None), [position[value] for value in key])):
            cell = _named(query.group_by, key) | {"period": label}
            count = table.published(key, current)
            cell |= {"count": count, "suppressed": count is None}
            if None not in key:
                report.cells.append(cell | _measures(found.get(key), count, current))
            else:
                report.margins.append(cell)
            if key == (None,) * len(query.group_by):
                period_totals.append(count)
    report.total = None if None in period_totals else sum(count or 0 for count in period_totals)
    return report


def _named(group_by: Sequence[str], key: Key) -> dict[str, Any]:
    return {code: value for code, value in zip(group_by, key, strict=True) if value is not None}


def _measures(row: dict[str, Any] | None, count: int | None, current: Rule) -> dict[str, Any]:
    """The measures of a published cell; none for a suppressed or empty one."""
    empty = {
        "median_hours_to_acceptance": None,
        "p90_hours_to_acceptance": None,
        "accepted_within_deadline": None,
        "declined": None,
        "reassigned": None,
    }
    if row is None or count is None or not row["count"]:
        return empty
    n = row["count"]
    timed = row["accepted"] >= current.threshold
    return {
        "median_hours_to_acceptance": _one_decimal(row["median_hours"]) if timed else None,
        "p90_hours_to_acceptance": _one_decimal(row["p90_hours"]) if timed else None,
        "accepted_within_deadline": round(row["within_deadline"] / n, 2),
        "declined": round(row["declined"] / n, 2),
        "reassigned": round(row["reassigned"] / n, 2),
    }


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


# --- needs and routes ----------------------------------------------------------------------------------------------


def needs_report(query: Query, current: Rule | None = None) -> list[dict[str, Any]]:
    """Per period and need: referrals asking for it, those for which no route was made (the white
    spots), and routes per referral. Needs overlap (a referral has several), so these counts have no
    margins; each count and its complement are suppressed below the threshold."""
    current = current or rule()
    codes = [str(code) for code in NeedCode.values]
    per_bucket = {_bucket_day(row["bucket"]): row for row in need_cells(query, codes, connection.vendor)}
    routes = {(_bucket_day(row["bucket"]), row["need"]): row["routes"] for row in route_counts(query)}
    days = buckets(timezone.localtime(query.start).date(), timezone.localtime(query.end).date(), query.period)
    answer = []
    for day in days:
        row = per_bucket.get(day, {})
        for need in codes:
            n, unrouted = int(row.get(f"n_{need}", 0)), int(row.get(f"unrouted_{need}", 0))
            shown = n == 0 or n >= current.threshold
            # The routed ones are n - unrouted: both parts must be safe for either to be shown.
            split = shown and all(part == 0 or part >= current.threshold for part in (unrouted, n - unrouted))
            answer.append(
                {
                    "need": need,
                    "period": period_label(day, query.period),
                    "count": current.rounded(n) if shown else None,
                    "suppressed": not shown,
                    "without_route": current.rounded(unrouted) if split else None,
                    "without_route_suppressed": not split,
                    "routes_per_referral": round(routes.get((day, need), 0) / n, 2) if shown and n else None,
                }
            )
    return answer
