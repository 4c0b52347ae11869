"""Service endpoints of the whole site: health, the start page and error pages."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nvm.api import error_body
from nvm.celery import app as celery_app

logger = logging.getLogger(__name__)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        # One line an operator can act on; the cause is outside the code, a traceback adds nothing.
        logger.error("healthz: the database does not answer: %s", error)
        return "error"
    return "ok"


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    conn = celery_app.connection_for_write()
    try:
        with conn:
            conn.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
    except Exception as error:
        # as_uri() leaves the password out.
        logger.error("healthz: the Celery broker at %s does not answer: %s", conn.as_uri(), error)
        return "error"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """``200 {"status": "ok", ...}`` when the database and the broker answer, else 503."""
    database = _database_status()
    broker = _broker_status()
    healthy = database == "ok" and broker in {"ok", "eager"}
    body = {"status": "ok" if healthy else "error", "database": database, "broker": broker}
    return JsonResponse(body, status=200 if healthy else 503)


def home(request: HttpRequest) -> HttpResponse:
    """The start page: where to go for the directory, the login and the API documentation."""
    return render(request, "home.html")


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(settings.HANDLER_JSON_PREFIX)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body(_("Niet gevonden."), "not_found"), status=404)
    return render(request, "404.html", status=404)


#: What a 503 asks the client to wait before trying again.
RETRY_AFTER_SECONDS = 5


def _database_unavailable() -> bool:
    """Is the error being handled a lost or refused database connection (a restart, a fail-over)?"""
    return isinstance(sys.exc_info()[1], OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the database could not be reached: the request's
    transaction was rolled back, so the client may simply try again."""
    if _database_unavailable():
        message = _("De dienst is tijdelijk niet beschikbaar; probeer het over enkele seconden opnieuw.")
        code, status = "unavailable", 503
    else:
        message = _("Er ging iets mis aan onze kant; het is gelogd.")
        code, status = "server_error", 500
    if _wants_json(request):
        response: HttpResponse = JsonResponse(error_body(message, code), status=status)
    else:
        response = render(request, "500.html", {"message": message}, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
