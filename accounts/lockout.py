"""How django-axes identifies a client and what a locked-out client is told.

The answer is the same whether the username exists or not, so a lock-out
reveals nothing about which accounts there are.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nvm.api import error_body


def client_ip(request: HttpRequest) -> str:
    """The client's address: the socket's, or the one our trusted proxies put in X-Forwarded-For."""
    hops: int = settings.TRUSTED_PROXY_COUNT
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if hops and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= hops:
            return str(addresses[-hops])
    return str(request.META.get("REMOTE_ADDR", ""))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """429 for a locked-out username and address: JSON under /api/, a page elsewhere."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Te veel mislukte inlogpogingen. Probeer het over {minutes} minuten opnieuw.").format(minutes=minutes)
    if request.path.startswith(settings.HANDLER_JSON_PREFIX):
        response: HttpResponse = JsonResponse(error_body(message, "locked_out"), status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
