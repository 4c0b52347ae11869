"""Tiny, strict readers for settings that come from the environment.

Each helper returns a typed value or raises ``ImproperlyConfigured`` with a
message that names the variable, the value found and what is accepted. A typo
in production configuration must stop the process at start-up, not be read as
"false" or "empty".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    source = os.environ if environ is None else environ
    value = source.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """A string setting; an unset or empty variable gives ``default``."""
    value = _raw(name, environ)
    return value if value else default


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """A boolean: 1/true/yes/on or 0/false/no/off (any case); anything else is refused."""
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """A whole number, optionally within ``[minimum, maximum]``."""
    value = _raw(name, environ)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum of {maximum}.")
    return number


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; blanks around items are dropped, empty items refused."""
    value = _raw(name, environ)
    if value is None or value == "":
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item; separate items with single commas.")
    return items


@dataclass(frozen=True)
class EmailConfig:
    """Where e-mail goes, parsed from ``EMAIL_URL``."""

    backend: str
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    default_from: str = ""


_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
}


def env_email(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> EmailConfig:
    """Parse ``console://``, ``locmem://``, ``smtp://user:pass@host:25``, ``smtps://`` (implicit TLS)
    or ``submission://`` (STARTTLS on 587). ``?from=`` sets the sender address."""
    value = env_str(name, default, environ=environ)
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in _EMAIL_BACKENDS:
        accepted = ", ".join(f"{s}://" for s in _EMAIL_BACKENDS)
        raise ImproperlyConfigured(f"{name} has an unknown scheme {scheme!r}; use one of {accepted}.")
    query = parse_qs(parts.query)
    sender = query.get("from", [""])[0]
    if scheme in {"console", "locmem"}:
        return EmailConfig(backend=_EMAIL_BACKENDS[scheme], default_from=sender)
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name} needs a host, e.g. smtp://user:password@mail.example.org:25.")
    try:
        port = parts.port or {"smtp": 25, "smtps": 465, "submission": 587}[scheme]
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    return EmailConfig(
        backend=_EMAIL_BACKENDS[scheme],
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=scheme == "submission",
        use_ssl=scheme == "smtps",
        default_from=sender,
    )
