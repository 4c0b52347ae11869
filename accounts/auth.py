"""Token authentication for the API: knox's hashed, expiring tokens, read strictly.

A token is 64 lower-case hexadecimal characters; anything else in the header is refused
with 401 before it reaches the database (a NUL or a byte that is not UTF-8 would otherwise
become a server error)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

_TOKEN = re.compile(rb"[0-9a-f]{64}")


class TokenAuthentication(KnoxTokenAuthentication):  # type: ignore[misc]
    def authenticate_credentials(self, token: bytes) -> Any:
        if not _TOKEN.fullmatch(token):
            raise exceptions.AuthenticationFailed(_("Ongeldig token."), code="authentication_failed")
        return super().authenticate_credentials(token)
