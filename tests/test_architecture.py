"""Dependencies point one way (DESIGN §4): reports → referrals → accounts → directory → audit.

``audit`` (the hash chain) sits below every app that writes to it and imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["audit", "directory", "accounts", "referrals", "reports"]


def imported_apps(app: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_a_lower_app_never_imports_a_higher_one(app):
    higher = set(LAYERS[LAYERS.index(app) + 1 :]) | {"notifications"}
    assert not imported_apps(app) & higher


def test_nothing_imports_notifications_but_itself():
    for app in LAYERS:
        assert "notifications" not in imported_apps(app)
