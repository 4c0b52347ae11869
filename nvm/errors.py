"""Domain errors that services raise and the API maps to HTTP answers in one place.

Services never import DRF; the exception handler in ``nvm.api`` turns these
into the shared JSON error shape.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request that is well-formed but cannot be carried out."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if field is not None:
            self.fields[field] = message


class TransitionNotAllowed(DomainError):
    """The object's current state does not allow this action (for example accepting a closed referral)."""

    status_code = 409
    code = "transition_not_allowed"


class Conflict(DomainError):
    """Someone else changed the object first (for example a lost race to accept)."""

    status_code = 409
    code = "conflict"


class Forbidden(DomainError):
    """The actor may see the object but not do this to it."""

    status_code = 403
    code = "permission_denied"


class PreconditionFailed(DomainError):
    """The client's copy is stale: its ``If-Match`` no longer matches the object."""

    status_code = 412
    code = "precondition_failed"
