"""Sign a web session out after a period without requests (the absolute lifetime is SESSION_COOKIE_AGE)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

_LAST_SEEN = "nvm_last_seen"
# Record activity at most once a minute so that not every request writes the session.
_RESOLUTION = 60


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        now = int(time.time())
        last_seen = session.get(_LAST_SEEN)
        if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_TIMEOUT:
            logout(request)
        elif (last_seen is None or now - int(last_seen) >= _RESOLUTION) and session.session_key is not None:
            session[_LAST_SEEN] = now
        return self.get_response(request)
