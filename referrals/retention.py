"""Erasing a referral at the end of its retention: the one audited path (DESIGN §11).

Nothing schedules this yet (the retention job is its own piece of work); when it does, it calls
``erase_referral`` and nothing else. Everything of the referral goes: its row, routes,
handovers (and their stored documents), events, guardian grants, every simple-history row and
every access-log entry that names it. The audit chain keeps one entry per erased row (a digest,
no content) and an erasure record naming them, so that it still verifies afterwards; on
PostgreSQL the append-only triggers refuse any other DELETE of those rows (``audit.sql``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import AccessLog
from audit.chain import erase
from audit.models import Entry
from nvm.errors import TransitionNotAllowed
from referrals.handovers.storage import discard
from referrals.models import Handover, Referral, ReferralEvent, Status

#: Only finished referrals are erased.
ERASABLE_STATUSES = frozenset({Status.CLOSED, Status.WITHDRAWN})


def referral_rows(referral: Referral) -> list[QuerySet[Any]]:
    """Every row that holds something of this referral, live rows first (their deletion cascades)."""
    return [
        Referral.objects.filter(pk=referral.pk),  # cascades: routes, handovers, events, grants
        ReferralEvent.objects.filter(referral_id=referral.pk),
        Referral.history.model.objects.filter(id=referral.pk),
        Handover.history.model.objects.filter(referral_id=referral.pk),
        referral.routes.model.history.model.objects.filter(referral_id=referral.pk),
        AccessLog.objects.filter(object_type="referral", object_id=referral.pk),
    ]


@transaction.atomic
def erase_referral(*, referral: Referral, reason: str) -> Entry:
    """Erase a closed or withdrawn referral completely; the erasure record in the audit chain."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status not in ERASABLE_STATUSES:
        raise TransitionNotAllowed(_("Alleen een afgesloten of ingetrokken verwijzing wordt gewist."))
    files = [name for name in Handover.objects.filter(referral=referral).values_list("document", flat=True) if name]
    record = erase(referral_rows(referral), reason=reason)
    transaction.on_commit(lambda: _discard_all(files), robust=True)
    return record


def _discard_all(names: list[str]) -> None:
    for name in names:
        discard(name)
