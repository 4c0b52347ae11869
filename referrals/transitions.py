"""The referral lifecycle (DESIGN §5) as a small table, and who may take each step.

```
draft --submit--> pending --accept--> accepted --close--> closed
  |                 |  ^                  |                  |
  |          decline|  |reassign          +<----reopen-------+
  +--withdraw--> withdrawn
```
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from nvm.errors import TransitionNotAllowed


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str | None  # None: the status stays as it is
    roles: frozenset[str]


def _step(sources: str, target: str | None, roles: str) -> Step:
    return Step(frozenset(sources.split()), target, frozenset(roles.split()))


COORDINATORS = "coordinator national_coordinator"

TRANSITIONS: dict[str, Step] = {
    "submit": _step("draft", "pending", "signaller"),
    "accept": _step("pending", "accepted", COORDINATORS),
    "decline": _step("pending", "pending", COORDINATORS),
    "reassign": _step("pending accepted", "pending", "national_coordinator"),
    "withdraw": _step("draft", "withdrawn", "signaller"),
    "phase": _step("pending accepted", None, COORDINATORS),
    "close": _step("accepted", "closed", COORDINATORS),
    "reopen": _step("closed", "accepted", "national_coordinator"),
}

ROUTE_TRANSITIONS: dict[str, Step] = {
    "send": _step("proposed", "sent", COORDINATORS),
    "accept": _step("sent", "accepted", "provider"),
    "decline": _step("sent", "declined", "provider"),
    "complete": _step("accepted", "completed", "provider"),
}

#: Referral statuses in which routes may be proposed and sent.
ROUTING_STATUSES = frozenset({"accepted"})


def assert_transition(table: dict[str, Step], action: str, status: str) -> Step:
    """The step for ``action`` from ``status``; 409 (TransitionNotAllowed) when the status does not allow it."""
    step = table[action]
    if status not in step.sources:
        raise TransitionNotAllowed(
            _("Dit kan niet in de status '{status}' (actie: {action}).").format(status=status, action=action)
        )
    return step
