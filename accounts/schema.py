"""How the API schema describes our token authentication (knox's, read strictly: accounts/auth.py)."""

from __future__ import annotations

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class TokenScheme(KnoxTokenScheme):  # type: ignore[no-untyped-call]
    target_class = "accounts.auth.TokenAuthentication"
