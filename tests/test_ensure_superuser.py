"""``make run`` creates the superuser from DJANGO_SUPERUSER_* when they are set (idempotent)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User


def run(monkeypatch, **env: str) -> tuple[str, str]:
    for name in ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD", "DJANGO_SUPERUSER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out, err = io.StringIO(), io.StringIO()
    call_command("ensure_superuser", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_nothing_happens_without_the_variables(db, monkeypatch):
    assert run(monkeypatch) == ("", "")
    assert not User.objects.filter(is_superuser=True).exists()


def test_creates_then_keeps_the_superuser(db, monkeypatch):
    env = {
        "DJANGO_SUPERUSER_USERNAME": "root",
        "DJANGO_SUPERUSER_PASSWORD": "een-lang-beheerderswachtwoord",
        "DJANGO_SUPERUSER_EMAIL": "root@example.org",
    }
    assert "created" in run(monkeypatch, **env)[0]
    assert "up to date" in run(monkeypatch, **env)[0]
    root = User.objects.get(username="root")
    assert (root.is_superuser, root.is_staff, root.email) == (True, True, "root@example.org")
    assert root.check_password("een-lang-beheerderswachtwoord")
    assert root.role == ""
    assert User.objects.filter(username="root").count() == 1


def test_a_missing_password_is_said_not_guessed(db, monkeypatch):
    _, err = run(monkeypatch, DJANGO_SUPERUSER_USERNAME="root")
    assert "DJANGO_SUPERUSER_PASSWORD" in err
    assert not User.objects.filter(username="root").exists()


def test_a_weak_password_stops_with_the_rules(db, monkeypatch):
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD is refused"):
        run(monkeypatch, DJANGO_SUPERUSER_USERNAME="root", DJANGO_SUPERUSER_PASSWORD="kort")
    assert not User.objects.filter(username="root").exists()
