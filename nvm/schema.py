"""What the OpenAPI schema says beyond what drf-spectacular infers from the views.

Every answer of the API that is not a success has one shape (``nvm/api.py``), and some statuses can
come from any operation: a malformed header or query (400), a refused or expired token (401), a
role that may not (403), an object or page that is not there (404), a lock-out or throttle (429),
a database that is briefly away (503). Writes can also meet a state that does not allow them (409),
a body that is too large (413) or not JSON (415), and an ``Idempotency-Key`` reused for another body
(422); a PATCH a stale ``If-Match`` (412). This hook documents them all with the shared ``Error``
component, so that a client (and the API fuzzer in CI) can hold every answer to the schema.
"""

from __future__ import annotations

import re
from typing import Any

from nvm.input import MAX_PARAMETER_LENGTH, MAX_STRING_LENGTH

ERROR_COMPONENT = {
    "type": "object",
    "description": "Every answer that is not a success: a readable message and a machine-readable code.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "fields": {
            "type": "object",
            "description": "For invalid input: one message per field (nested fields joined with dots).",
            "additionalProperties": {"type": "string"},
        },
    },
    "required": ["detail", "code"],
}

_ALWAYS = {
    "400": "Ongeldige invoer (Invalid input)",
    "401": "Niet ingelogd of token ongeldig (Not authenticated)",
    "403": "Niet toegestaan voor deze rol (Not permitted)",
    "404": "Niet gevonden (Not found)",
    "429": "Te veel verzoeken of tijdelijk geblokkeerd (Too many requests)",
    "503": "Database tijdelijk niet bereikbaar; opnieuw proberen (Temporarily unavailable)",
}
_WRITES = {
    "409": "De toestand staat dit niet toe (Conflict)",
    "413": "Verzoek te groot (Request too large)",
    "415": "Geen JSON (Unsupported media type)",
    "422": "Idempotency-Key eerder gebruikt voor een ander verzoek (Key reused)",
}
_PATCH = {"412": "Verouderde If-Match (Precondition failed)"}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the shared error answers on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            statuses = dict(_ALWAYS)
            if method in {"post", "put", "patch", "delete"}:
                statuses.update(_WRITES)
            if method == "patch":
                statuses.update(_PATCH)
            responses = operation.setdefault("responses", {})
            for status, description in statuses.items():
                responses.setdefault(status, _error_response(description))
    return result


IDEMPOTENCY_KEY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Repeat a write safely: a repeat with the same key and body answers as the first time "
    "(with Idempotent-Replayed: true) and changes nothing; the same key with another body is a 422. "
    "Kept for IDEMPOTENCY_KEY_HOURS (24).",
    "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
}


#: POSTs without an Idempotency-Key: logging in and out, and checking a handover file (it changes nothing).
IDEMPOTENCY_EXEMPT = ("/api/v1/auth/", "/api/v1/handovers/verify/")


def add_idempotency_key(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every POST that changes something takes an ``Idempotency-Key``
    (nvm/idempotency.py; a test keeps every such view honouring it)."""
    for path, methods in result.get("paths", {}).items():
        operation = methods.get("post")
        if operation is not None and not path.startswith(IDEMPOTENCY_EXEMPT):
            operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)
    return result


#: Text the API accepts (nvm/input.py): no control characters but tab, line feed and carriage return.
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
#: The same for a text that may not be blank: the server trims white space first (DRF's default),
#: so at least one character must be neither white space nor a control character.
_TEXT = "[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]"
NON_BLANK_TEXT_PATTERN = f"^{_TEXT}*[^\\s\\u0000-\\u001f\\u007f-\\u009f]{_TEXT}*$"
_NOT_FREE_TEXT = {"enum", "format", "pattern", "$ref", "allOf", "oneOf", "anyOf"}


def _describe_text(schema: Any, max_length: int = MAX_STRING_LENGTH) -> None:
    """Give every free-text string of a request the rule the server applies to it."""
    if isinstance(schema, list):
        for item in schema:
            _describe_text(item, max_length)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not _NOT_FREE_TEXT & set(schema):
        schema["pattern"] = NON_BLANK_TEXT_PATTERN if schema.get("minLength", 0) >= 1 else TEXT_PATTERN
    if schema.get("type") == "string" and not {"enum", "format", "$ref"} & set(schema):
        schema["maxLength"] = min(schema.get("maxLength", max_length), max_length)
    for key, value in schema.items():
        if key != "enum":
            _describe_text(value, max_length)


def describe_requests(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: what the server accepts in a request, exactly.

    Request bodies take only the fields they document (``additionalProperties: false``: the server
    answers 400 for an unknown field), and every free-text string, in a body or a parameter, is
    text without control characters and at most ``MAX_STRING_LENGTH`` long (nvm/input.py)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
            _describe_text(schema.get("properties", {}))
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in {"query", "path"}:
                    _describe_text(parameter.get("schema", {}), MAX_PARAMETER_LENGTH)
                if parameter.get("in") == "query" and not parameter.get("required"):
                    # An empty optional parameter (?status=) means the parameter is not given.
                    parameter["allowEmptyValue"] = True
            for media in operation.get("requestBody", {}).get("content", {}).values():
                _describe_text(media.get("schema", {}))
    return result


_PARAMETER = re.compile(r"\{(\w+)\}")


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: OpenAPI links from each create to what can be done with
    the created object (``POST /referrals/`` -> ``POST /referrals/{id}/submit/``, ...), so that a
    client generator or the stateful API fuzzer can follow an object through its life."""
    paths = result.get("paths", {})
    for collection, methods in paths.items():
        created = methods.get("post", {}).get("responses", {}).get("201")
        if created is None or _PARAMETER.search(collection):
            continue
        links: dict[str, Any] = {}
        for path, operations in paths.items():
            if not path.startswith(collection) or path == collection:
                continue
            names = _PARAMETER.findall(path[len(collection) :])
            if len(names) != 1 or not path[len(collection) :].startswith("{"):
                continue
            for operation in operations.values():
                operation_id = operation.get("operationId")
                if operation_id:
                    links[operation_id] = {
                        "operationId": operation_id,
                        "parameters": {names[0]: f"$response.body#/{names[0]}"},
                    }
        if links:
            created["links"] = links
    return result
