"""Health, the OpenAPI schema and its documentation, the start page."""

from __future__ import annotations

import socket

import pytest
from django.test import override_settings

from nvm.celery import app as celery_app


def test_healthz_eager(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


@pytest.fixture
def broker(request):
    """Point the Celery app at a broker URL for one test."""
    original = celery_app.conf.broker_url

    def use(url):
        celery_app.conf["broker_url"] = url

    yield use
    celery_app.conf["broker_url"] = original


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_healthz_with_a_real_broker(db, client, broker):
    broker("redis://127.0.0.1:6379/15")
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_CONNECTION_TIMEOUT=1)
def test_healthz_reports_an_unreachable_broker(db, client, broker, caplog):
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    broker(f"redis://127.0.0.1:{port}/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}
    assert "broker at" in caplog.text
    assert "does not answer" in caplog.text


def test_openapi_schema(db, client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/accounts/me/",
        "/api/v1/accounts/users/",
        "/api/v1/directory/regions/",
        "/api/v1/directory/organisations/{id}/",
    ):
        assert path in schema["paths"], path


def test_api_docs_use_no_cdn(db, client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html
    assert "jsdelivr" not in html


def test_home_page(db, client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()


def test_home_page_in_english(db, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


def test_the_beat_schedule_names_registered_tasks(settings):
    """celery beat runs these by name: a typo would only show in production's logs."""
    celery_app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"audit.tasks.record_head", "referrals.tasks.render_stale_handovers"} <= names
    assert names <= set(celery_app.tasks)
