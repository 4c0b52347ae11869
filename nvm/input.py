"""What the system accepts as input at all, before any field, filter or service looks at it.

One mechanism for every way text comes in (PITFALLS 22 and 23):

* JSON bodies of the API go through ``StrictJSONParser``: a size cap, a depth and size cap on the
  structure, no duplicate keys, no NaN or Infinity, and every string (keys included) free of
  characters that PostgreSQL cannot store or that no person types: NUL, other control characters
  (tab, line feed and carriage return excepted), unpaired surrogates, and longer than
  ``MAX_STRING_LENGTH``. A refused string is named by its path (``languages.0``), never echoed.
* Query strings of the API and the headers we read go through ``InputGuardMiddleware`` (400), and a
  body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused with 413 before anything reads it.
* Web forms (also the GET forms of the pages) inherit ``SafeTextForm``: the same rule, as an error
  next to the field.

Each refusal answers in the project's one error shape and logs the path and the reason only.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

logger = logging.getLogger(__name__)

#: The longest string accepted anywhere; fields set tighter limits of their own.
MAX_STRING_LENGTH = 20_000
#: The deepest nesting of arrays and objects in a JSON body; our documents need four levels.
MAX_DEPTH = 16
#: The most values (strings, numbers, arrays, objects) in one JSON body.
MAX_VALUES = 10_000
#: The longest query-string value of the API (codes, ids, a search term).
MAX_PARAMETER_LENGTH = 100
#: The longest header value we read.
MAX_HEADER_LENGTH = 1_000

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_REASONS = {
    "nul": gettext_lazy("Dit veld bevat een nul-teken (U+0000); dat kan niet worden opgeslagen."),
    "control": gettext_lazy(
        "Dit veld bevat een onzichtbaar stuurteken; verwijder het (het komt vaak mee bij kopiëren en plakken)."
    ),
    "surrogate": gettext_lazy("Dit veld bevat een ongeldig teken (een losse UTF-16-surrogaat)."),
    "too_long": gettext_lazy("Dit veld is te lang."),
}


def text_problem(value: str, *, max_length: int = MAX_STRING_LENGTH) -> str | None:
    """Why ``value`` cannot be accepted as text (a key of the messages), or None when it can."""
    if len(value) > max_length:
        return "too_long"
    match = _FORBIDDEN.search(value)
    if match is None:
        return None
    char = match.group()
    if char == "\x00":
        return "nul"
    if "\ud800" <= char <= "\udfff":
        return "surrogate"
    return "control"


def problem_message(reason: str) -> str:
    return str(_REASONS[reason])


# --- JSON bodies ---------------------------------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _path(parts: Iterable[str | int]) -> str:
    return ".".join(str(part) for part in parts) or "non_field_errors"


def check_structure(data: Any) -> dict[str, str]:
    """Walk a parsed JSON document; the first problem as ``{path: message}``, or ``{}``.

    Iterative, so that a deeply nested document cannot exhaust the stack."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    seen = 0
    while stack:
        value, path = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            return {"non_field_errors": _("De invoer bevat te veel waarden.")}
        if len(path) > MAX_DEPTH:
            return {_path(path[:MAX_DEPTH]): _("De invoer is te diep genest.")}
        if isinstance(value, str):
            reason = text_problem(value)
            if reason:
                return {_path(path): problem_message(reason)}
        elif isinstance(value, dict):
            for key, item in value.items():
                reason = text_problem(key, max_length=200)
                if reason:
                    return {_path(path) if path else "non_field_errors": _("Een veldnaam is ongeldig.")}
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, index)) for index, item in enumerate(value))
    return {}


class StrictJSONParser(JSONParser):
    """DRF's JSON parser with the checks above; every API view uses it (``DEFAULT_PARSER_CLASSES``)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        raw = stream.read() if stream is not None else b""
        if not raw:
            return {}
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.ParseError(_("De invoer is geen geldige UTF-8-tekst."), code="parse_error") from None
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
        except _DuplicateKey:
            raise exceptions.ParseError(_("Een veld komt twee keer voor in de invoer."), code="parse_error") from None
        except RecursionError:
            raise exceptions.ParseError(_("De invoer is te diep genest."), code="parse_error") from None
        except ValueError:
            raise exceptions.ParseError(_("De invoer is geen geldige JSON."), code="parse_error") from None
        problems = check_structure(data)
        if problems:
            logger.warning("refused JSON input at %s", ", ".join(problems))
            raise exceptions.ValidationError(problems)
        return data


# --- query strings, headers and sizes -----------------------------------------------------------------------------

#: Headers we read ourselves; anything else is the web server's business.
_CHECKED_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_IF_MATCH", "HTTP_IDEMPOTENCY_KEY", "HTTP_ACCEPT_LANGUAGE")


def _path_is_unstorable(request: HttpRequest) -> bool:
    """A path segment is looked up as a code or an id; one we could not even store names nothing."""
    return text_problem(request.path_info, max_length=2_000) is not None


def _query_problem(request: HttpRequest) -> tuple[str, str] | None:
    for key, values in request.GET.lists():
        if text_problem(key, max_length=100):
            return "query", "control"
        for value in values:
            reason = text_problem(value, max_length=MAX_PARAMETER_LENGTH)
            if reason:
                return key, reason
    return None


def _header_problem(request: HttpRequest) -> tuple[str, str] | None:
    for name in _CHECKED_HEADERS:
        value = request.META.get(name)
        if value is not None:
            reason = text_problem(str(value), max_length=MAX_HEADER_LENGTH)
            if reason:
                return name[5:].replace("_", "-").title(), reason
    return None


def _refusal(request: HttpRequest, status: int, code: str, message: str, field: str | None) -> HttpResponse:
    if request.path.startswith(settings.HANDLER_JSON_PREFIX):
        body: dict[str, Any] = {"detail": message, "code": code}
        if field:
            body["fields"] = {field: message}
        return JsonResponse(body, status=status)
    if status == 404:
        return render(request, "404.html", status=404)
    return render(request, "400.html", {"message": message}, status=status)


class InputGuardMiddleware:
    """Refuse, before any view runs, a body that is too large (413) and query strings or headers
    with characters we will not store (400)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._check(request)
        return refusal if refusal is not None else self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        limit = self._body_limit(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, 400, "invalid", _("De Content-Length van het verzoek is ongeldig."), None)
        if length > limit:
            logger.warning("refused a body of %d bytes on %s (limit %d)", length, request.path, limit)
            message = _("Het verzoek is te groot (hoogstens {limit} bytes).").format(limit=limit)
            return _refusal(request, 413, "too_large", message, None)
        if _path_is_unstorable(request):
            return _refusal(request, 404, "not_found", _("Niet gevonden."), None)
        # Pages answer unstorable text in a query next to the form field (SafeTextForm); the API here.
        query = _query_problem(request) if request.path.startswith(settings.HANDLER_JSON_PREFIX) else None
        for found in (query, _header_problem(request)):
            if found is not None:
                where, reason = found
                logger.warning("refused input in %s on %s: %s", where, request.path, reason)
                return _refusal(request, 400, "invalid", problem_message(reason), where)
        return None

    @staticmethod
    def _body_limit(request: HttpRequest) -> int:
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/form-data"):
            return int(settings.FILE_UPLOAD_BODY_LIMIT)
        return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


# --- web forms -----------------------------------------------------------------------------------------------------


class SafeTextForm(forms.Form):
    """A form that refuses unstorable text next to its field, before any field looks it up.

    The refused value is dropped from the bound data, so that the page does not show it again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unsafe: dict[str, str] = {}
        if not self.is_bound:
            return
        data: Any = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
        for name in self.fields:
            key = self.add_prefix(name)
            values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
            reasons = [text_problem(value) for value in values if isinstance(value, str)]
            reason = next((reason for reason in reasons if reason), None)
            if reason:
                self._unsafe[name] = problem_message(reason)
                data.pop(key)
        if self._unsafe:
            self.data = data

    def full_clean(self) -> None:
        super().full_clean()
        for name, message in self._unsafe.items():
            if name not in self.errors:
                self.add_error(name, message)


# --- JSON types and field names ------------------------------------------------------------------------------------


def make_serializers_strict() -> None:
    """Hold every DRF serializer to the JSON types its schema documents, once for the whole project.

    DRF is lenient where a client's mistake should be told: it turns ``0`` into the text ``"0"``,
    ``"yes"`` into true and ``"12"`` into 12, and it silently drops a field it does not know (so
    ``"sumary"`` for ``"summary"`` stores an empty summary). Here a text field takes text only, a
    boolean a JSON boolean, a number a JSON number, and an unknown field is a 400 naming it. Read-only
    fields that a client sends back unchanged are not unknown: they are ignored, as before.
    Called from ``NvmConfig.ready``; query strings are read by forms and filters, not by these fields.
    """
    from rest_framework import fields, relations, serializers

    def typed(cls: Any, accepts: Callable[[Any], bool], key: str = "invalid") -> None:
        original = cls.to_internal_value

        def to_internal_value(self: Any, data: Any) -> Any:
            if not accepts(data):
                self.fail(key, input_type=type(data).__name__)
            return original(self, data)

        setattr(cls, "to_internal_value", to_internal_value)  # noqa: B010  (a method, replaced once)

    typed(fields.CharField, lambda data: isinstance(data, str))
    typed(relations.SlugRelatedField, lambda data: isinstance(data, str))
    typed(relations.ManyRelatedField, lambda data: isinstance(data, list), "not_a_list")  # not a dict's keys
    typed(fields.BooleanField, lambda data: isinstance(data, bool))
    typed(fields.IntegerField, lambda data: isinstance(data, int) and not isinstance(data, bool))
    typed(fields.FloatField, lambda data: isinstance(data, int | float) and not isinstance(data, bool))

    # DRF reads "" as null for a relation; a client that means null says null.
    original_relation = relations.RelatedField.run_validation

    def run_validation(self: Any, data: Any = fields.empty) -> Any:
        if data == "":
            raise exceptions.ValidationError(_("Geef een waarde, of null."), code="blank")
        return original_relation(self, data)

    setattr(relations.RelatedField, "run_validation", run_validation)  # noqa: B010

    original = serializers.Serializer.to_internal_value

    def to_internal_value(self: Any, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise exceptions.ValidationError({name: _("Onbekend veld.") for name in unknown[:10]})
        return original(self, data)

    setattr(serializers.Serializer, "to_internal_value", to_internal_value)  # noqa: B010
