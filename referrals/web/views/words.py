"""Codes in words, and the one date rule the list and the detail page share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from referrals.models import Referral, Status

if TYPE_CHECKING:
    from django.db.models import TextChoices


# --- Words ----------------------------------------------------------------------


def _label(choices: type[TextChoices], code: str | None) -> str:
    if not code:
        return ""
    return str(choices(code).label) if code in choices.values else code


def _labels(choices: type[TextChoices], codes: Iterable[str]) -> list[str]:
    return [_label(choices, code) for code in codes]


def is_overdue(referral: Referral, now: dt.datetime) -> bool:
    deadline = referral.acceptance_deadline
    return referral.status == Status.PENDING and deadline is not None and deadline < now
