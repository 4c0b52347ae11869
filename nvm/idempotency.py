"""Writes that a client on a flaky network may safely repeat: the ``Idempotency-Key`` header.

A ``POST`` with ``Idempotency-Key: <key>`` is carried out once per user and key. A repeat with the
same key and the same request (method, path and JSON body) answers what the first one answered,
with ``Idempotent-Replayed: true``, and changes nothing; the same key with another request is a 422.

How it holds under concurrency: the key is claimed by inserting a row, in the same transaction as
the write itself. A second request with the same key that arrives while the first is still running
waits on the unique index until the first commits (and then replays its answer) or rolls back (and
then carries the write out itself). Only successful answers (2xx) are kept: a refused request
leaves no key behind, so the client can correct it and try again with the same key.

Keys and their answers are kept for ``IDEMPOTENCY_KEY_HOURS`` and then forgotten.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from nvm.errors import DomainError
from nvm.models import IdempotencyKey

HEADER = "Idempotency-Key"
# Printable ASCII without spaces, as the IETF draft and the common clients (UUIDs, ULIDs) use.
_KEY = re.compile(r"[!-~]{1,255}")
_IN_PROGRESS = 0
#: Response headers that belong to the answer and are replayed with it.
_REPLAYED_HEADERS = ("ETag", "Location")


class KeyReused(DomainError):
    """The key was used before for another request."""

    status_code = 422
    code = "idempotency_key_reused"


class Replay(Exception):
    """The request was answered before: answer the same again."""

    def __init__(self, record: IdempotencyKey) -> None:
        super().__init__(record.key)
        self.record = record


def fingerprint(request: Request) -> str:
    """What makes two requests "the same": method, path and the JSON body in a canonical form."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{request.method}\n{request.path}\n{body}".encode()).hexdigest()


def _lifetime() -> timedelta:
    return timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def claim(request: Request, key: str) -> IdempotencyKey:
    """Claim ``key`` for this request inside the current transaction, or raise Replay / KeyReused."""
    if not _KEY.fullmatch(key):
        raise exceptions.ValidationError({HEADER: _("Gebruik 1 tot 255 zichtbare ASCII-tekens, zonder spaties.")})
    user: Any = request.user  # authenticated: the view's permissions ran first
    print_ = fingerprint(request)
    IdempotencyKey.objects.filter(user=user, created_at__lt=timezone.now() - _lifetime()).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, key=key, fingerprint=print_, status_code=_IN_PROGRESS, body=None
            )
    except IntegrityError:
        # Someone (usually this same client, a moment ago) committed the key first.
        existing = IdempotencyKey.objects.get(user=user, key=key)
    if existing.fingerprint != print_:
        raise KeyReused(str(_("Deze Idempotency-Key is al gebruikt voor een ander verzoek.")), field=HEADER)
    raise Replay(existing)


def record(claimed: IdempotencyKey, response: Response) -> None:
    """Keep a successful answer with its key; anything else releases the key with the transaction."""
    if 200 <= response.status_code < 300:
        claimed.status_code = response.status_code
        claimed.body = json.loads(JSONRenderer().render(response.data)) if response.data is not None else None
        claimed.headers = {name: response[name] for name in _REPLAYED_HEADERS if response.has_header(name)}
        claimed.save(update_fields=["status_code", "body", "headers"])
    else:
        transaction.set_rollback(True)


def replayed(record_: IdempotencyKey) -> Response:
    response = Response(record_.body, status=record_.status_code, headers=dict(record_.headers))
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotentWritesMixin:
    """For DRF views: every ``POST`` may carry an ``Idempotency-Key`` (API.md)."""

    _idempotency: IdempotencyKey | None = None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.method == "POST" and request.headers.get(HEADER) is not None:
            # The key and the write commit together, or not at all.
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # authentication, permissions, throttles
        key = request.headers.get(HEADER)
        if request.method == "POST" and key is not None:
            self._idempotency = claim(request, key)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if self._idempotency is not None:
            record(self._idempotency, response)
            self._idempotency = None
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


def purge_expired() -> int:
    """Forget every key older than its lifetime (hourly, by Celery beat); how many went."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - _lifetime()).delete()
    return deleted
