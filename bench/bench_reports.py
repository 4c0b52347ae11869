"""What does disclosure control cost on a national report? (``make bench``)

Generates ``REPORT_BENCH_SIZE`` referrals (default 1,000,000) in PostgreSQL with one INSERT ... SELECT
over ``generate_series``, in the shape of the public Dutch monitors: reporting kinds about 31 %
police, 28 % care coordination, 24 % NGO, 7 % labour inspectorate, 6 % Royal Marechaussee, 4 %
other; forms about 40 % sexual, 40 % labour, 12 % criminal, the rest other, unknown or several;
minors about 10 %; ten years of submissions; about 85 % accepted, a tenth of them late. Then times,
side by side in one run, rounds alternating:

* the report service for three dimensions (signalling kind x exploitation form x age group, per
  year over the ten years) with every measure and disclosure control, as the API computes it;
* the bare GROUP BY of the same counts in hand-written SQL (the goal: at most 1.5x of it);
* the same hand-written SQL with the same measures (percentiles, shares), to show what the
  measures cost apart from disclosure control.

Prints a table of medians and ratios; asserts nothing about speed.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from directory.models import Organisation, OrganisationKind, Region
from reports import services

SIZE = int(os.environ.get("REPORT_BENCH_SIZE", "1000000"))
ROUNDS = int(os.environ.get("REPORT_BENCH_ROUNDS", "5"))
GROUP_BY = ("signalling_kind", "exploitation_form", "age_group")

#: (kind, cumulative share) for the signalling organisations.
KINDS = [
    (OrganisationKind.POLICE, 0.31),
    (OrganisationKind.CARE_COORDINATION, 0.59),
    (OrganisationKind.NGO, 0.83),
    (OrganisationKind.LABOUR_INSPECTORATE, 0.90),
    (OrganisationKind.BORDER_POLICE, 0.96),
    (OrganisationKind.MUNICIPALITY, 1.0),
]

GENERATE = """
INSERT INTO referrals_referral (
    id, reference, region_id, gender, age_group, nationality, nationality_group, exploitation_forms, needs,
    urgency, consent, languages, summary, signalling_organisation_id, signalled_by_id, status, phase, outcome,
    assigned_organisation_id, assigned_to_id, acceptance_deadline, submitted_at, accepted_at, closed_at,
    version, created_at, updated_at
)
SELECT
    gen_random_uuid(), 'B-' || n, (%(regions)s)[1 + (n %% %(region_count)s)],
    CASE WHEN g < 0.6 THEN 'female' WHEN g < 0.97 THEN 'male' WHEN g < 0.98 THEN 'x' ELSE 'unknown' END,
    CASE WHEN a < 0.10 THEN 'minor' WHEN a < 0.97 THEN 'adult' ELSE 'unknown' END,
    'RO', CASE WHEN g < 0.3 THEN 'nl' WHEN g < 0.7 THEN 'eu' WHEN g < 0.98 THEN 'non_eu' ELSE 'unknown' END,
    CASE WHEN f < 0.40 THEN '["sexual"]' WHEN f < 0.80 THEN '["labour"]' WHEN f < 0.92 THEN '["criminal"]'
         WHEN f < 0.96 THEN '["other"]' WHEN f < 0.98 THEN '[]' ELSE '["labour", "criminal"]' END::jsonb,
    '["shelter"]'::jsonb, 'normal', 'given', '[]'::jsonb, '',
    CASE WHEN k < 0.31 THEN %(o0)s::uuid WHEN k < 0.59 THEN %(o1)s::uuid WHEN k < 0.83 THEN %(o2)s::uuid
         WHEN k < 0.90 THEN %(o3)s::uuid WHEN k < 0.96 THEN %(o4)s::uuid ELSE %(o5)s::uuid END,
    %(user)s::uuid, CASE WHEN acc < 0.85 THEN 'accepted' ELSE 'pending' END, 'A', '',
    %(coordinator_org)s::uuid, CASE WHEN acc < 0.85 THEN %(coordinator)s::uuid END,
    submitted + interval '48 hours', submitted,
    CASE WHEN acc < 0.85 THEN submitted + (acc * acc * 80) * interval '1 hour' END, NULL,
    1, submitted, submitted
FROM (
    SELECT n, random() AS g, random() AS a, random() AS f, random() AS k, random() AS acc,
           timestamptz '2016-01-01 00:00+01' + (n::float / %(size)s) * interval '3652 days' AS submitted
    FROM generate_series(1, %(size)s) AS n
) AS drawn
"""

BARE = """
SELECT date_trunc('year', r.submitted_at AT TIME ZONE 'Europe/Amsterdam') AS bucket,
       o.kind, r.exploitation_forms ->> 0, r.exploitation_forms ->> 1, r.age_group, count(*)
FROM referrals_referral r JOIN directory_organisation o ON o.id = r.signalling_organisation_id
WHERE r.submitted_at >= %s AND r.submitted_at < %s
GROUP BY 1, 2, 3, 4, 5
"""

BARE_WITH_MEASURES = """
SELECT date_trunc('year', r.submitted_at AT TIME ZONE 'Europe/Amsterdam') AS bucket,
       o.kind, r.exploitation_forms ->> 0, r.exploitation_forms ->> 1, r.age_group, count(*),
       count(*) FILTER (WHERE r.accepted_at IS NOT NULL),
       count(*) FILTER (WHERE r.accepted_at <= r.acceptance_deadline),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.accepted_at - r.submitted_at) / 3600),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.accepted_at - r.submitted_at) / 3600)
FROM referrals_referral r JOIN directory_organisation o ON o.id = r.signalling_organisation_id
WHERE r.submitted_at >= %s AND r.submitted_at < %s
GROUP BY 1, 2, 3, 4, 5
"""


def _generate(cast) -> float:
    regions = [cast.north, cast.south] + [Region.objects.create(code=f"bench-{i}", name=f"Regio {i}") for i in range(8)]
    organisations = [Organisation.objects.create(name=f"Bench {kind}", kind=kind) for kind, _share in KINDS]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            GENERATE,
            {
                "regions": [region.id for region in regions],
                "region_count": len(regions),
                "size": SIZE,
                "user": cast["signaller"].id,
                "coordinator": cast["coordinator"].id,
                "coordinator_org": cast.coordination_north.id,
                **{f"o{i}": organisation.id for i, organisation in enumerate(organisations)},
            },
        )
        cursor.execute("ANALYZE referrals_referral")
    return time.perf_counter() - started


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@pytest.mark.django_db
def test_three_dimension_report_against_a_bare_group_by(cast, capsys):
    seconds = _generate(cast)
    query = services.make_query(GROUP_BY, "year", date(2016, 1, 1), date(2025, 12, 31))

    def report() -> object:
        return services.referral_report(query)

    def bare(sql: str) -> Callable[[], object]:
        def run() -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, [query.start, query.end])
                return cursor.fetchall()

        return run

    candidates = {"report service (3 dims, disclosure control)": report, "bare GROUP BY": bare(BARE)}
    candidates["bare GROUP BY with the same measures"] = bare(BARE_WITH_MEASURES)
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    for action in candidates.values():
        action()  # warm the caches once
    for _round in range(ROUNDS):
        for name, action in candidates.items():
            samples[name].append(_timed(action))
    result = services.referral_report(query)
    suppressed = sum(cell["suppressed"] for cell in result.cells)
    baseline = statistics.median(samples["bare GROUP BY"])
    with capsys.disabled():
        print(f"\nReports on {SIZE:,} referrals (generated in {seconds:.0f} s), {ROUNDS} rounds, medians:")
        print(f"  cells: {len(result.cells)}, margins: {len(result.margins)}, suppressed cells: {suppressed}")
        for name, values in samples.items():
            median = statistics.median(values)
            print(f"  {name:<48} {median * 1000:9.0f} ms   {median / baseline:5.2f}x")
    assert result.total is not None
