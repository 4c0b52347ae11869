"""Cross-cutting pieces of the HTTP API: pagination and the one error shape.

Every 4xx answer is a JSON object with a human-readable ``detail`` and a
machine-readable ``code``; validation errors add ``fields``, one message per
field (nested fields are joined with dots, list items by index).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils import model_meta
from rest_framework.views import exception_handler as drf_exception_handler

from nvm.errors import DomainError
from nvm.idempotency import Replay, replayed

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``?page=`` and ``?page_size=`` (at most 200).

    A page or page size that is not a whole number in range is a 400 naming the parameter (DRF would
    answer 404 or quietly use the default); a page past the last one stays a 404."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Any) -> int:
        return _whole_number(request, self.page_size_query_param, self.page_size or 50, maximum=self.max_page_size)

    def get_page_number(self, request: Any, paginator: Any) -> int:
        return _whole_number(request, self.page_query_param, 1, maximum=MAX_PAGE_NUMBER)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.page_query_param: MAX_PAGE_NUMBER, self.page_size_query_param: self.max_page_size}
        for parameter in parameters:
            parameter["schema"].update(minimum=1, maximum=bounds[parameter["name"]])
        return parameters


def given(request: Any) -> dict[str, str]:
    """The query parameters a client gave a value; an empty parameter (``?gender=``) is not given
    (the schema says so with ``allowEmptyValue``), as for every filter of a list."""
    return {name: value for name, value in request.query_params.items() if value != ""}


#: Page numbers beyond this are refused outright rather than counted.
MAX_PAGE_NUMBER = 1_000_000


def _whole_number(request: Any, name: str, default: int, *, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= maximum:
        message = _("Geef een geheel getal van 1 tot en met {maximum}.").format(maximum=maximum)
        raise exceptions.ValidationError({name: message})
    return int(raw)


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
    if isinstance(exc, Replay):
        return replayed(exc.record)
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.fields:
            body["fields"] = exc.fields
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        return Response({"detail": str(_("Het verzoek is te groot.")), "code": "too_large"}, status=413)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # Django logs it and answers with handler500 (a 503 while the database is away)
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


_ETAG = re.compile(r'(?:W/)?"(\d{1,9})"|(\d{1,9})')


def if_match_version(header: str | None) -> int | None:
    """The version a client's ``If-Match`` asks for; None when absent or ``*``.

    A header that is not an entity tag of ours is a 400 (not silently ignored, not a 412)."""
    if header is None or header.strip() in {"", "*"}:
        return None
    match = _ETAG.fullmatch(header.strip())
    if match is None:
        raise exceptions.ValidationError(
            {"If-Match": _('Geef de ETag van de laatste GET, bijvoorbeeld "3".')}, code="invalid"
        )
    return int(match.group(1) or match.group(2))
