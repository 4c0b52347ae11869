"""The embedded default under load: concurrent professionals against a server started as ``make run`` does.

``make loadtest`` runs this twice, on SQLite and on PostgreSQL: 20 clients for a minute each, on the
loopback address only. Signallers register and submit referrals, coordinators accept what is
pending (losing a race is a 409, not an error), readers list, open and match. Afterwards every
referral a client was told it created must exist with the status it was last given, and the server
log must not say "database is locked". The figures (requests, errors, p50/p95 per kind) are printed
and, with ``--report``, written into ``docs/performance.md``.

    python -m scripts.loadtest --database sqlite --clients 20 --seconds 60 [--report docs/performance.md]

A server error, a refused write that should have been accepted, a lost write or a locked database
makes the exit status 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts.serve import Served, call

REFERRAL = {
    "region": "amsterdam",
    "gender": "female",
    "age_group": "adult",
    "nationality": "RO",
    "exploitation_forms": ["sexual"],
    "needs": ["shelter", "medical_care"],
    "urgency": "urgent",
    "consent": "given",
    "languages": ["ro"],
    "summary": "Signaal uit een controle: vrouw werkt zeven dagen per week in een massagesalon.",
}

#: What each kind of request may answer without being an error.
EXPECTED = {
    "create": {201},
    "submit": {200},
    "list_pending": {200},
    "accept": {200, 409},  # 409: a colleague was first
    "list": {200},
    "detail": {200},
    "match": {200},
}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    created: dict[str, str] = field(default_factory=dict)  # referral id -> last status the client was given
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1
            if status not in EXPECTED[kind]:
                self.errors[kind] += 1


def _timed(
    tally: Tally, kind: str, base: str, method: str, path: str, token: str, body: object = None
) -> tuple[int, Any]:
    started = time.perf_counter()
    status, answer = call(base, method, path, token, body)
    tally.record(kind, status, time.perf_counter() - started)
    return status, answer


def signaller(base: str, token: str, tally: Tally, until: float) -> None:
    while time.monotonic() < until:
        status, answer = _timed(tally, "create", base, "POST", "/api/v1/referrals/", token, REFERRAL)
        if status != 201:
            continue
        referral = answer["id"]
        with tally.lock:
            tally.created[referral] = "draft"
        status, answer = _timed(tally, "submit", base, "POST", f"/api/v1/referrals/{referral}/submit/", token, {})
        if status == 200:
            with tally.lock:
                tally.created[referral] = "pending"


def coordinator(base: str, token: str, tally: Tally, until: float, rng: random.Random) -> None:
    while time.monotonic() < until:
        status, answer = _timed(tally, "list_pending", base, "GET", "/api/v1/referrals/?status=pending", token)
        pending = [item["id"] for item in (answer or {}).get("results", [])] if status == 200 else []
        if not pending:
            time.sleep(0.05)
            continue
        referral = rng.choice(pending)
        status, _ = _timed(tally, "accept", base, "POST", f"/api/v1/referrals/{referral}/accept/", token, {})
        if status == 200:
            with tally.lock:
                tally.created[referral] = "accepted"


def reader(base: str, token: str, tally: Tally, until: float, rng: random.Random) -> None:
    while time.monotonic() < until:
        status, answer = _timed(tally, "list", base, "GET", "/api/v1/referrals/?page_size=20", token)
        results = (answer or {}).get("results", []) if status == 200 else []
        if results:
            referral = rng.choice(results)["id"]
            _timed(tally, "detail", base, "GET", f"/api/v1/referrals/{referral}/", token)
        _timed(
            tally,
            "match",
            base,
            "GET",
            "/api/v1/directory/match/?need=shelter&region=amsterdam&gender=female&age_group=adult",
            token,
        )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run(database: str, clients: int, seconds: float) -> tuple[Tally, list[str], float]:
    """Serve, load, check; the tally, the problems found, and the wall time of the load."""
    problems: list[str] = []
    rng = random.Random(20261201)  # noqa: S311 (a repeatable mix, not a secret)
    with Served(database) as served:
        roles = {"signaller": "signaleerder", "coordinator": "zorgcoordinator", "reader": "comensha"}
        mix = ["signaller"] * (clients * 2 // 5) + ["coordinator"] * (clients // 5)
        mix += ["reader"] * (clients - len(mix))
        tally = Tally()
        tokens = [served.token(roles[role]) for role in mix]
        until = time.monotonic() + seconds
        threads = []
        for role, token in zip(mix, tokens, strict=True):
            target: Callable[..., None]
            args: tuple[object, ...]
            if role == "signaller":
                target, args = signaller, (served.base, token, tally, until)
            elif role == "coordinator":
                target, args = coordinator, (served.base, token, tally, until, random.Random(rng.random()))  # noqa: S311
            else:
                target, args = reader, (served.base, token, tally, until, random.Random(rng.random()))  # noqa: S311
            threads.append(threading.Thread(target=target, args=args, daemon=True))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.monotonic() - started
        # Every write the clients were told about is there, as they were told.
        checker = served.token("comensha")
        signaller_token = served.token("signaleerder")
        for referral, expected in tally.created.items():
            token = signaller_token if expected == "draft" else checker
            status, answer = call(served.base, "GET", f"/api/v1/referrals/{referral}/", token)
            if status != 200 or answer["status"] != expected:
                problems.append(
                    f"referral {referral}: expected {expected}, found {status} {answer and answer.get('status')}"
                )
        log = served.server_log.read_text(errors="replace")
        if "database is locked" in log:
            problems.append("the server log says: database is locked")
        if re.search(r"Internal Server Error|Traceback", log):
            problems.append(f"the server logged an error; see {served.server_log}")
    for kind, count in tally.errors.items():
        problems.append(f"{count} unexpected answers to {kind}: {dict(tally.statuses[kind])}")
    return tally, problems, elapsed


def table(name: str, tally: Tally, elapsed: float, clients: int) -> list[str]:
    total = sum(len(values) for values in tally.latencies.values())
    errors = sum(tally.errors.values())
    lines = [
        f"**{name}**: {clients} clients for {elapsed:.0f} s — {total} requests ({total / elapsed:.1f}/s), "
        f"{errors} errors, {tally.statuses['create'][201]} referrals created, "
        f"{tally.statuses['submit'][200]} submitted, {tally.statuses['accept'][200]} accepted.",
        "",
        "| request | count | p50 (ms) | p95 (ms) | answers |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for kind in EXPECTED:
        values = tally.latencies.get(kind, [])
        if not values:
            continue
        answers = ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses[kind].items()))
        lines.append(
            f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} "
            f"| {_percentile(values, 0.95) * 1000:.0f} | {answers} |"
        )
    return lines


def write_report(path: Path, sections: list[str]) -> None:
    begin, end = "<!-- loadtest:begin -->", "<!-- loadtest:end -->"
    text = path.read_text() if path.exists() else "# Performance\n"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    block = "\n".join([begin, f"Measured {stamp} on {machine} with `make loadtest`.", "", *sections, end])
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n## The embedded default under load\n\n" + block + "\n"
    path.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", action="append", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--report", type=Path, help="write the figures into this markdown file")
    options = parser.parse_args()
    sections: list[str] = []
    failed = False
    for database in options.database:
        target = "sqlite" if database == "sqlite" else os.environ.get("DATABASE_URL", "")
        if database == "postgres" and not target.startswith(("postgres://", "postgresql://")):
            raise SystemExit(
                "--database postgres needs DATABASE_URL naming a PostgreSQL server (make loadtest finds one)"
            )
        label = "SQLite (embedded default)" if database == "sqlite" else "PostgreSQL"
        print(f"loadtest: {label}, {options.clients} clients, {options.seconds:.0f} s", flush=True)
        tally, problems, elapsed = run(target, options.clients, options.seconds)
        lines = table(label, tally, elapsed, options.clients)
        print("\n".join(lines), flush=True)
        for problem in problems:
            print(f"PROBLEM: {problem}", flush=True)
        failed = failed or bool(problems)
        sections += [*lines, ""]
    if options.report:
        write_report(options.report, sections)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
