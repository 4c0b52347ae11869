"""Fuzz the whole API with schemathesis, as every role of the demo cast, against PostgreSQL.

``make fuzz`` (and ``.ci/run``) runs this. It makes a throwaway PostgreSQL database, migrates and
seeds it with the demo data, serves it with gunicorn as production does, and runs ``st run`` over
the OpenAPI schema once per identity (anonymous, each demo role, the staff user), with every check
and the stateful phase following the schema's links. The figures come from two sides: the server's
access log counts the requests and the 5xx answers, schemathesis's reports count the failed checks
(schema violations among them). Any 5xx or failed check fails the run.

Environment: ``DATABASE_URL`` (a PostgreSQL server where we may create a database; ``make fuzz``
finds one), ``FUZZ_EXAMPLES`` (test cases per operation and identity in the fuzzing phase, default 10),
``FUZZ_SEED`` (to repeat a run), ``FUZZ_SUMMARY`` (a file to write the summary to), ``FUZZ_IDENTITIES``
(a comma-separated subset, ``anonymous`` for no one). A run with fewer than 10,000 requests fails too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scripts.serve import BIN, ROOT, Served

#: Who the fuzzer is: no one, each demo role, and the account manager.
IDENTITIES = [
    "",
    "signaleerder",
    "zorgcoordinator",
    "comensha",
    "hulpverlener",
    "analist",
    "redacteur",
    "auditor",
    "beheerder",
]
#: Who also gets the coverage phase (boundary values of every parameter, unexpected methods): no one, the
#: coordinator (who may do most), the directory editor and the account manager (who write the most
#: shapes). Everyone gets the fuzzing and the stateful phases.
FULL_IDENTITIES = ["", "zorgcoordinator", "redacteur", "beheerder"]
#: The run fails when it sent fewer requests than this: a fuzzer that quietly stopped testing proves nothing.
MIN_REQUESTS = 10_000
# Logging out would revoke the token the run itself uses.
EXCLUDED_PATHS = ["/api/v1/auth/logout/"]
_ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})')


@dataclass
class Outcome:
    identity: str
    cases: int
    failures: Counter[str]


def _fuzz(served: Served, identity: str, reports: Path, examples: int, seed: str | None) -> Outcome:
    base = served.base
    report = reports / f"{identity or 'anonymous'}.json"
    command = [
        str(BIN / "st"),
        "--config-file",
        str(ROOT / "scripts" / "schemathesis.toml"),
        "run",
        f"{base}/api/v1/schema/",
        "--max-examples",
        str(examples),
        "--workers",
        "1",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--no-color",
    ]
    for path in EXCLUDED_PATHS:
        command += ["--exclude-path", path]
    if identity:
        command += ["--header", f"Authorization: Token {served.token(identity)}"]
    if seed:
        command += ["--seed", seed]
    if identity not in FULL_IDENTITIES:
        command += ["--phases", "fuzzing,stateful"]
    log = reports / f"{identity or 'anonymous'}.log"
    with log.open("w") as output:
        subprocess.run(command, cwd=reports, stdout=output, stderr=subprocess.STDOUT, check=False)
    data = json.loads(report.read_text()) if report.exists() else {}
    failures: Counter[str] = Counter()
    for failure in data.get("failures", []):
        # Name the operations, so that a failure seen once in CI can be found again.
        where = ", ".join(failure.get("operations") or [])
        failures[f"{failure['code']} {failure['title']}" + (f" at {where}" if where else "")] += int(failure["count"])
    for error in data.get("errors", []):
        failures[f"error {error.get('title', error)}"] += 1
    if not data:
        failures["error: no report (see the log)"] += 1
    print(f"  {identity or 'anonymous':<16} {data.get('test_cases', {}).get('generated', 0):>6} cases", flush=True)
    return Outcome(identity or "anonymous", int(data.get("test_cases", {}).get("generated", 0)), failures)


def _count_requests(access_log: Path) -> tuple[int, int, Counter[str]]:
    requests, errors = 0, 0
    where: Counter[str] = Counter()
    for line in access_log.read_text(errors="replace").splitlines():
        match = _ACCESS_LINE.search(line)
        if match is None or match["path"].startswith(("/healthz", "/api/v1/schema/")):
            continue
        requests += 1
        if match["status"].startswith("5"):
            errors += 1
            where[f"{match['method']} {match['path'].split('?')[0]} {match['status']}"] += 1
    return requests, errors, where


def main() -> int:
    admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server (make fuzz finds one)")
    examples = int(os.environ.get("FUZZ_EXAMPLES", "10"))
    seed = os.environ.get("FUZZ_SEED") or None
    wanted = os.environ.get("FUZZ_IDENTITIES")
    identities = [i for i in IDENTITIES if wanted is None or (i or "anonymous") in wanted.split(",")]
    started = time.monotonic()
    print("fuzz: preparing a fresh database with the demo data", flush=True)
    served = Served(admin_url)
    try:
        served.start()
        print(f"fuzz: {len(identities)} identities, {examples} cases per operation each, on {served.base}", flush=True)
        reports = served.scratch / "reports"
        reports.mkdir()
        # Two identities at a time, each in its own process (threads in one process trip a CPython 3.11
        # bug in concurrent ast parsing inside hypothesis).
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(lambda identity: _fuzz(served, identity, reports, examples, seed), identities))
    finally:
        served.stop()
    access_log = served.access_log
    requests, server_errors, where = _count_requests(access_log)
    failures = sum((outcome.failures for outcome in outcomes), Counter())
    violations = sum(count for kind, count in failures.items() if kind.startswith(("ST108", "ST109", "ST110")))
    lines = [
        "API fuzzing (schemathesis over the OpenAPI schema, PostgreSQL, every role of the demo cast):",
        f"  requests: {requests}   5xx: {server_errors}   schema violations: {violations}   "
        f"failed checks: {sum(failures.values())}   ({time.monotonic() - started:.0f} s)",
    ]
    lines += [f"  5xx at {place}: {count}" for place, count in where.most_common(10)]
    for outcome in outcomes:
        for kind, count in sorted(outcome.failures.items()):
            lines.append(f"  {outcome.identity}: {kind} x{count}")
    summary = "\n".join(lines)
    print(summary, flush=True)
    if os.environ.get("FUZZ_SUMMARY"):
        Path(os.environ["FUZZ_SUMMARY"]).write_text(summary + "\n")
    failed = server_errors or failures or requests < MIN_REQUESTS
    if requests < MIN_REQUESTS:
        print(f"fuzz: only {requests} requests, fewer than {MIN_REQUESTS}: raise FUZZ_EXAMPLES", flush=True)
    for outcome in outcomes:
        if outcome.failures:  # schemathesis's own account of each failure, with the request to repeat it
            log = (reports / f"{outcome.identity}.log").read_text(errors="replace").splitlines()
            print(f"--- {outcome.identity}: the end of schemathesis's log", *log[-80:], sep="\n", flush=True)
    if failed:
        print(f"fuzz: details in {served.scratch}/reports (one log and one JSON report per identity)", flush=True)
    else:
        shutil.rmtree(served.scratch, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
