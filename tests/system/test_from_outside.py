"""The service as production runs it, tested from outside: gunicorn, real HTTP, a database of its own.

* ``make run`` on PostgreSQL starts, serves and says it did not seed the demo accounts;
* the load scenario of ``make loadtest``, briefly, on SQLite and on PostgreSQL;
* PostgreSQL restarted under load: requests in flight answer 503 (never 500, never half a
  referral) and the service recovers by itself;
* the broker down: every referral action still succeeds, and ``/healthz`` says what is down.

Each test starts its own server on a free loopback port with a fresh database.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from scripts import loadtest
from scripts.serve import ROOT, Served, call, free_port

pytestmark = pytest.mark.system

REFERRAL = loadtest.REFERRAL


def _admin_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.fail("the system tests need DATABASE_URL naming a PostgreSQL server (make test sets it)")
    return url


def _health(base: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310 (loopback)
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()
    except OSError:
        return 0, ""


def test_make_run_on_postgresql_serves_and_does_not_seed_the_demo():
    admin = _admin_url()
    name = f"nvm_make_run_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    scratch = Path(tempfile.mkdtemp(prefix="nvm-make-run-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit(urlsplit(admin)._replace(path=f"/{name}")),
        "PORT": str(port),
        "NVM_VAR_DIR": str(scratch / "var"),
    }
    env.pop("CELERY_BROKER_URL", None)
    log = scratch / "run.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        status = 0
        for _ in range(240):
            status, body = _health(f"http://127.0.0.1:{port}")
            if status == 200 or process.poll() is not None:
                break
            time.sleep(0.5)
        output = log.read_text()
        assert status == 200, output[-3000:]
        assert '"database": "ok"' in body
        assert "Not seeding demo data" in output
        # It serves the API too, with nobody seeded to log in.
        answer, _ = call(
            f"http://127.0.0.1:{port}", "POST", "/api/v1/auth/token/", body={"username": "x", "password": "y"}
        )
        assert answer == 401
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_the_load_scenario_has_no_errors_and_loses_no_write(database):
    """``make loadtest`` in small: a few clients for a few seconds (the full run is in docs/performance.md)."""
    target = "sqlite" if database == "sqlite" else _admin_url()
    tally, problems, _ = loadtest.run(target, clients=8, seconds=6)
    assert problems == []
    assert tally.statuses["create"][201] > 0
    assert tally.statuses["accept"][200] > 0
    assert sum(len(values) for values in tally.latencies.values()) > 50


class _Cluster:
    """A PostgreSQL cluster of this test alone (scripts/ensure-postgres's throwaway cluster), so that
    restarting it disturbs nobody else."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="nvm-pg-restart-"))
        self.dir.chmod(0o755)  # the server runs as an unprivileged user
        self.env = {**os.environ, "NVM_PG_DIR": str(self.dir), "NVM_PG_PORT_PROBE": str(free_port())}
        self.env.pop("DATABASE_URL", None)

    def start(self) -> str:
        result = subprocess.run(
            [str(ROOT / "scripts" / "ensure-postgres")], env=self.env, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    def stop(self) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "ensure-postgres"), "stop"], env=self.env, capture_output=True, check=True
        )


def test_a_postgresql_restart_under_load_fails_cleanly_and_recovers():
    if shutil.which("pg_ctl") is None and not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        pytest.fail("PostgreSQL's server binaries are needed (make test installs them on Debian)")
    cluster = _Cluster()
    url = cluster.start()
    served = Served(url)
    try:
        served.start()
        token = served.token("signaleerder")
        answers: list[tuple[float, int, str | None]] = []
        stop = threading.Event()
        lock = threading.Lock()

        def register() -> None:
            while not stop.is_set():
                status, body = call(served.base, "POST", "/api/v1/referrals/", token, REFERRAL, timeout=20)
                with lock:
                    answers.append((time.monotonic(), status, body.get("id") if status == 201 else None))

        writers = [threading.Thread(target=register) for _ in range(4)]
        for writer in writers:
            writer.start()
        time.sleep(2)
        cluster.stop()
        went_down = time.monotonic()
        time.sleep(2)
        cluster.start()
        came_back = time.monotonic()
        time.sleep(6)
        stop.set()
        for writer in writers:
            writer.join(timeout=60)

        statuses = {status for _, status, _ in answers}
        assert statuses <= {201, 503}, statuses  # never a 500, never a dropped connection
        assert any(status == 503 for _, status, _ in answers), "the restart went unnoticed: no request was in flight"
        recovered = [at for at, status, _ in answers if status == 201 and at > came_back]
        assert recovered, "the service did not recover after the restart"
        assert recovered[0] - came_back < 10
        assert any(at < went_down for at, status, _ in answers if status == 201)
        # No half-written referral: each one stored was answered 201 and has its "created" event.
        told = {referral for _, status, referral in answers if status == 201}
        with psycopg.connect(served.env["DATABASE_URL"]) as connection:
            rows = connection.execute(
                "SELECT r.id::text, count(e.id) FROM referrals_referral r "
                "LEFT JOIN referrals_referralevent e ON e.referral_id = r.id AND e.event = 'created' "
                "WHERE r.signalled_by_id = (SELECT id FROM accounts_user WHERE username = 'signaleerder') "
                "AND r.summary = %s GROUP BY r.id",
                [REFERRAL["summary"]],
            ).fetchall()
        stored = {referral for referral, _ in rows}
        assert stored == told
        assert all(events == 1 for _, events in rows)
    finally:
        served.stop()
        cluster.stop()
        shutil.rmtree(cluster.dir, ignore_errors=True)


def test_with_the_broker_down_the_api_keeps_working_and_health_says_so():
    served = Served(_admin_url(), env={"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"})
    with served:
        status, body = _health(served.base)
        assert status == 503
        assert '"database": "ok"' in body
        assert '"broker": "error"' in body
        signaller, coordinator = served.token("signaleerder"), served.token("zorgcoordinator")
        status, referral = call(served.base, "POST", "/api/v1/referrals/", signaller, REFERRAL)
        assert status == 201
        path = f"/api/v1/referrals/{referral['id']}"
        assert call(served.base, "POST", f"{path}/submit/", signaller, {})[0] == 200
        assert call(served.base, "POST", f"{path}/accept/", coordinator, {})[0] == 200
        status, answer = call(served.base, "GET", f"{path}/", coordinator)
        assert (status, answer["status"]) == (200, "accepted")
        assert "Traceback" not in served.server_log.read_text()
