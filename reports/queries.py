"""The aggregate queries behind the reports: one query per table, every figure computed in the database.

PostgreSQL computes percentiles with ``percentile_cont``; the embedded SQLite database has no such
function, so ``ReportsConfig.ready`` registers one (``nvm_percentile``) on each SQLite connection.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear

from referrals.models import EventKind, Referral, ReferralEvent, Route
from reports.dimensions import annotate_dimensions

TRUNCATE = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


class HoursToAcceptance(models.Func):
    """Hours from submission to acceptance (NULL while not accepted)."""

    output_field = models.FloatField()

    def __init__(self) -> None:
        super().__init__(F("accepted_at"), F("submitted_at"))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s)) * 24.0",
            arg_joiner=") - julianday(",
            **extra,
        )


class Percentile(models.Aggregate):
    """The continuous percentile (0 < fraction < 1) of an expression, like ``percentile_cont``."""

    name = "Percentile"
    output_field = models.FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        if not 0 < fraction < 1:
            raise ValueError("a percentile lies strictly between 0 and 1")
        self.fraction = fraction
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"PERCENTILE_CONT({self.fraction!r}) WITHIN GROUP (ORDER BY {sql})", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"nvm_percentile({sql}, {self.fraction!r})", params


class SQLitePercentile:
    """``nvm_percentile(value, fraction)`` for SQLite, the same interpolation as ``percentile_cont``."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value: float | None, fraction: float) -> None:
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        if not self.values:
            return None
        ordered = sorted(self.values)
        position = self.fraction * (len(ordered) - 1)
        below, above = math.floor(position), math.ceil(position)
        return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class Query:
    group_by: tuple[str, ...]
    period: str  # month, quarter or year
    start: datetime  # inclusive, the first moment of a period
    end: datetime  # exclusive, the first moment after the last period


def submitted(query: Query) -> models.QuerySet[Referral]:
    """The counting unit: referrals submitted in the window (counted in the period of submission)."""
    return Referral.objects.filter(submitted_at__gte=query.start, submitted_at__lt=query.end)


def referral_cells(query: Query) -> list[dict[str, Any]]:
    """One row per (period, dimension values) with every measure, in one aggregate query."""
    dims = [f"dim_{code}" for code in query.group_by]
    queryset = annotate_dimensions(submitted(query), query.group_by).annotate(
        bucket=TRUNCATE[query.period]("submitted_at"),
        hours=HoursToAcceptance(),
    )
    return list(
        queryset.order_by()
        .values("bucket", *dims)
        .annotate(
            count=Count("id"),
            accepted=Count("id", filter=Q(accepted_at__isnull=False)),
            within_deadline=Count("id", filter=Q(accepted_at__lte=F("acceptance_deadline"))),
            # ``IN (subquery)``, not a correlated EXISTS: PostgreSQL hashes the events once.
            declined=Count("id", filter=Q(id__in=_referrals_with(EventKind.DECLINED))),
            reassigned=Count("id", filter=Q(id__in=_referrals_with(EventKind.REASSIGNED))),
            median_hours=Percentile("hours", 0.5),
            p90_hours=Percentile("hours", 0.9),
        )
    )


def _referrals_with(event: str) -> Any:
    """The ids of the referrals that had ``event`` (a subquery)."""
    return ReferralEvent.objects.filter(event=event).values("referral_id")


def need_cells(query: Query, needs: Sequence[str], vendor: str) -> list[dict[str, Any]]:
    """Per period: for each need, the referrals asking for it, those with no route for it, and the
    routes made for it; one aggregate query over referrals (routes counted by a subquery)."""
    measures: dict[str, Any] = {}
    for need in needs:
        # A need is an element of a JSON list: containment on PostgreSQL, the quoted code elsewhere.
        has = Q(needs__contains=[need]) if vendor == "postgresql" else Q(needs__icontains=f'"{need}"')
        unrouted = has & Q(~Exists(Route.objects.filter(referral=OuterRef("pk"), need=need)))
        measures[f"n_{need}"] = Count("id", filter=has)
        measures[f"unrouted_{need}"] = Count("id", filter=unrouted)
    rows: list[dict[str, Any]] = list(
        submitted(query)
        .annotate(bucket=TRUNCATE[query.period]("submitted_at"))
        .order_by()
        .values("bucket")
        .annotate(**measures)  # type: ignore[arg-type]  # the stubs type values() rows narrowly
    )
    return rows


def route_counts(query: Query) -> list[dict[str, Any]]:
    """Routes per (period of the referral's submission, need): one aggregate query over routes."""
    rows: list[dict[str, Any]] = list(
        Route.objects.filter(referral__submitted_at__gte=query.start, referral__submitted_at__lt=query.end)
        .annotate(bucket=TRUNCATE[query.period]("referral__submitted_at"))
        .order_by()
        .values("bucket", "need")
        .annotate(routes=Count("id"))  # type: ignore[arg-type]
    )
    return rows
