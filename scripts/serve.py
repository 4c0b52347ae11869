"""Serve NVM on a throwaway database the way ``make run`` does, for the scripts that test it from outside.

``Served`` makes a fresh database (SQLite in a scratch folder, or a new database on a PostgreSQL
server), migrates and seeds it with the demo data, and starts gunicorn with ``nvm/gunicorn_conf.py``
on a free loopback port; ``stop()`` ends the server and drops the database. Used by
``scripts/fuzz_api.py``, ``scripts/loadtest.py`` and the system tests in ``tests/system/``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "nvm-demo-wachtwoord"  # noqa: S105  (the published demo password)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


class Served:
    """One NVM server on a fresh database: ``database`` is ``"sqlite"`` or a ``postgres://`` URL of a
    server where a database may be created."""

    def __init__(self, database: str, *, env: dict[str, str] | None = None, seed: bool = True) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="nvm-served-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.admin_url = database if database.startswith(("postgres://", "postgresql://")) else ""
        self.name = f"nvm_served_{os.getpid()}_{self.port}"
        if self.admin_url:
            with _admin(self.admin_url) as connection:
                connection.execute(f'CREATE DATABASE "{self.name}"')
            url = urlunsplit(urlsplit(self.admin_url)._replace(path=f"/{self.name}"))
        else:
            url = f"sqlite:///{self.scratch / 'nvm.sqlite3'}"
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "HTTPS": "false",
            "DEBUG": "false",
            "NVM_VAR_DIR": str(self.scratch / "var"),
            "PORT": str(self.port),
            **(env or {}),
        }
        if "CELERY_BROKER_URL" not in (env or {}):
            self.env.pop("CELERY_BROKER_URL", None)
        self.access_log = self.scratch / "access.log"
        self.server_log = self.scratch / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        (self.scratch / "var").mkdir()
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        if seed:
            self.manage("seed_demo", "--force")

    def manage(self, *args: str) -> None:
        with self.server_log.open("a") as log:
            subprocess.run(
                [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=self.env, check=True, stdout=log, stderr=log
            )

    def start(self, *, timeout: float = 60) -> Served:
        with self.server_log.open("a") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "-c",
                    "nvm/gunicorn_conf.py",
                    "nvm.wsgi",
                    "--access-logfile",
                    str(self.access_log),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped; see {self.server_log}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=15):  # noqa: S310 (loopback)
                    return self
            except urllib.error.HTTPError:
                return self  # it answers (perhaps 503 with the broker down): it is up
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the server did not answer /healthz within {timeout} s; see {self.server_log}")

    def token(self, username: str) -> str:
        body = json.dumps({"username": username, "password": DEMO_PASSWORD}).encode()
        request = urllib.request.Request(  # noqa: S310 (loopback)
            f"{self.base}/api/v1/auth/token/", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            return str(json.load(response)["token"])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.admin_url:
            with _admin(self.admin_url) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def __enter__(self) -> Served:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def call(
    base: str, method: str, path: str, token: str | None = None, body: Any = None, timeout: float = 30
) -> tuple[int, Any]:
    """One JSON request; (status, parsed body or None). Network errors come back as status 0."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}{path}", data=data, method=method)  # noqa: S310 (loopback)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback)
            raw = response.read()
            return int(response.status), json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return int(error.code), json.loads(raw) if raw else None
        except ValueError:
            return int(error.code), None
    except OSError:
        return 0, None
