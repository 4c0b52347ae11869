"""Settings come from the environment through strict helpers that refuse bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from nvm.env import env_bool, env_email, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k" * 10 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("no", False), ("0", False)])
def test_env_bool_reads_the_usual_spellings(raw, expected):
    assert env_bool("X", not expected, environ={"X": raw}) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "y e s", "enabled"])
def test_env_bool_refuses_anything_else(raw):
    with pytest.raises(ImproperlyConfigured, match=r"X=.* is not a boolean"):
        env_bool("X", False, environ={"X": raw})


def test_env_defaults_when_unset():
    assert env_bool("X", True, environ={}) is True
    assert env_int("X", 7, environ={}) == 7
    assert env_str("X", "d", environ={"X": "  "}) == "d"
    assert env_list("X", ["a"], environ={}) == ["a"]


@pytest.mark.parametrize(
    ("raw", "message"), [("ten", "not a whole number"), ("0", "below the minimum"), ("1000", "above the maximum")]
)
def test_env_int_refuses_bad_numbers(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        env_int("X", 5, minimum=1, maximum=100, environ={"X": raw})


def test_env_list():
    assert env_list("X", [], environ={"X": "a.example, b.example"}) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("X", [], environ={"X": "a.example,,b.example"})


def test_env_email():
    smtp = env_email(
        "E", "console://", environ={"E": "submission://mailer:p%40ss@mail.example.org?from=nvm@example.org"}
    )
    assert (smtp.host, smtp.port, smtp.user, smtp.password) == ("mail.example.org", 587, "mailer", "p@ss")
    assert smtp.use_tls
    assert not smtp.use_ssl
    assert smtp.default_from == "nvm@example.org"
    assert env_email("E", "console://", environ={}).backend.endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        env_email("E", "console://", environ={"E": "pigeon://coop"})
    with pytest.raises(ImproperlyConfigured, match="needs a host"):
        env_email("E", "console://", environ={"E": "smtp://"})


def _start_django(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "HTTPS"}}
    environ.update({"SECRET_KEY": STRONG_KEY, "DATABASE_URL": os.environ["DATABASE_URL"]})
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ({"DATABASE_URL": "mysql://db/nvm"}, "DATABASE_URL has scheme 'mysql'"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too weak"),
        ({"TOKEN_TTL_HOURS": "0"}, "TOKEN_TTL_HOURS=0 is below the minimum"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD'"),
        ({"EMAIL_URL": "pigeon://coop"}, "EMAIL_URL has an unknown scheme"),
        ({"HANDOVER_STORAGE": "floppy"}, "HANDOVER_STORAGE='floppy' is not a storage"),
        ({"HANDOVER_STORAGE": "s3"}, "HANDOVER_STORAGE=s3 needs HANDOVER_S3_BUCKET"),
        (
            {"HANDOVER_STORAGE": "s3", "HANDOVER_S3_BUCKET": "nvm", "HANDOVER_S3_ENDPOINT_URL": "minio:9000"},
            "HANDOVER_S3_ENDPOINT_URL='minio:9000' is not an http(s) address",
        ),
        (
            {"HANDOVER_STORAGE": "s3", "HANDOVER_S3_BUCKET": "nvm", "HANDOVER_S3_ACCESS_KEY_ID": "AKIA"},
            "Set both HANDOVER_S3_ACCESS_KEY_ID and HANDOVER_S3_SECRET_ACCESS_KEY, or neither",
        ),
        ({"SITE_URL": "nvm.example.org"}, "SITE_URL='nvm.example.org' is not an http(s) address"),
        ({"HANDOVER_RENDER_MAX_RETRIES": "many"}, "HANDOVER_RENDER_MAX_RETRIES='many' is not a whole number"),
    ],
)
def test_django_refuses_to_start_with_bad_settings(env, message):
    result = _start_django(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _start_django(ALLOWED_HOSTS="nvm.example.org")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_an_s3_compatible_store_is_configured_from_the_environment():
    """The settings module read with S3 variables (no connection is made until a file is stored)."""
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "store = storages['handovers']; "
        "print(type(store).__name__, store.bucket_name, store.endpoint_url, store.location, store.file_overwrite)"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environ.update(
        DJANGO_SETTINGS_MODULE="nvm.settings",
        SECRET_KEY=STRONG_KEY,
        HANDOVER_STORAGE="s3",
        HANDOVER_S3_BUCKET="nvm-handovers",
        HANDOVER_S3_ENDPOINT_URL="https://s3.example.org",
        HANDOVER_S3_ACCESS_KEY_ID="id",
        HANDOVER_S3_SECRET_ACCESS_KEY="secret",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "nvm-handovers", "https://s3.example.org", "handovers", "False"]


def test_debug_is_off_by_default():
    from django.conf import settings

    assert "DEBUG" not in os.environ
    assert settings.DEBUG is False
