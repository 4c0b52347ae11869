"""Cross-cutting pieces of the HTTP API: pagination and the one error shape.

Every 4xx answer is a JSON object with a human-readable ``detail`` and a
machine-readable ``code``; validation errors add ``fields``, one message per
field (nested fields are joined with dots, list items by index).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils import model_meta
from rest_framework.views import exception_handler as drf_exception_handler

from nvm.errors import DomainError


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``?page=`` and ``?page_size=`` (at most 200)."""

    page_size_query_param = "page_size"
    max_page_size = 200


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, str]:
    """Turn DRF's nested error lists into one message per field."""
    if isinstance(detail, dict):
        flat: dict[str, str] = {}
        for key, value in detail.items():
            name = str(key) if not prefix else f"{prefix}.{key}"
            flat.update(flatten_errors(value, name))
        return flat
    if isinstance(detail, list):
        if detail and all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": str(detail[0])}
        flat = {}
        for index, item in enumerate(detail):
            flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": str(detail)}


def _validation_body(exc: exceptions.ValidationError) -> dict[str, Any]:
    fields = flatten_errors(exc.detail)
    general = fields.pop("non_field_errors", None)
    body: dict[str, Any] = {
        "detail": general or str(_("De invoer is niet geldig.")),
        "code": "invalid",
    }
    if fields:
        body["fields"] = fields
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler: domain errors and DRF errors in the shared shape."""
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.fields:
            body["fields"] = exc.fields
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a 500: Django logs it and answers with handler500
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = detail if isinstance(detail, str) else str(flatten_errors(detail))
        response.data = {"detail": str(message), "code": getattr(detail, "code", exc.default_code)}
    return response


def error_body(message: str, code: str) -> dict[str, str]:
    """The error shape for answers made outside DRF (404/500 pages under /api/, health)."""
    return {"detail": message, "code": code}


class SaveChangesOnlyMixin:
    """For ``ModelSerializer``: an update saves only the fields that changed, and nothing at all
    when nothing changed, so a no-op PATCH writes no history row."""

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        relations = model_meta.get_field_info(instance).relations
        changed: list[str] = []
        to_many: dict[str, Any] = {}
        for name, value in validated_data.items():
            if name in relations and relations[name].to_many:
                if {obj.pk for obj in value} != set(getattr(instance, name).values_list("pk", flat=True)):
                    to_many[name] = value
            elif getattr(instance, name) != value:
                setattr(instance, name, value)
                changed.append(name)
        if changed:
            automatic = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
            instance.save(update_fields=[*changed, *automatic])
        for name, value in to_many.items():
            getattr(instance, name).set(value)
        return instance


def etag(version: int) -> str:
    """The strong ETag of a versioned object."""
    return f'"{version}"'


def if_match_version(header: str | None) -> int | None:
    """The version a client's ``If-Match`` asks for; None when absent or ``*``.

    A header we cannot read is treated as stale (412) rather than ignored."""
    if header is None or header.strip() == "*":
        return None
    value = header.strip()
    if value.startswith("W/"):
        value = value[2:]
    try:
        return int(value.strip('"'))
    except ValueError:
        return -1
