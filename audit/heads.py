"""The chain's head, recorded outside the database once a day.

``record_head`` verifies the whole chain, stores a checkpoint, appends one line to the
heads file (``AUDIT_HEADS_FILE``, under the var directory by default) and mails the same
line to the auditors. A line holds the day, the seq and hash of the head, and whether the
chain verified; never case data. ``recorded_heads`` reads the file back for ``verify``: a
chain rewritten from scratch no longer has those hashes at those places.

Line format: ``<day> seq=<n> hash=<64 hex> valid=<true|false> checked=<n>``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit.models import Checkpoint
from audit.verify import Head, Result, verify

logger = logging.getLogger(__name__)

_LINE = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2}) seq=(?P<seq>\d+) hash=(?P<hash>[0-9a-f]{64})\b")


@dataclass(frozen=True)
class Recorded:
    day: dt.date
    result: Result
    line: str
    new: bool  # False when this day's head was recorded before


def heads_file() -> Path:
    return Path(settings.AUDIT_HEADS_FILE)


def recorded_heads(path: Path | None = None) -> list[Head]:
    """The heads in the file (none when it does not exist yet); a line we cannot read is skipped, and logged."""
    path = path or heads_file()
    if not path.exists():
        return []
    heads = []
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        match = _LINE.match(line)
        if match is None:
            if line.strip():
                logger.warning("audit heads file %s: line %d is not a head record", path, number)
            continue
        heads.append(Head(seq=int(match["seq"]), hash=match["hash"], where="file"))
    return heads


def _append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def auditor_addresses() -> list[str]:
    """The e-mail addresses of active users who may verify the chain (the auditors)."""
    users = get_user_model()._default_manager.filter(is_active=True).exclude(email="")
    return sorted({user.email for user in users if user.has_perm("audit.verify_chain")})


def record_head(*, day: dt.date | None = None) -> Recorded:
    """Verify the whole chain and record its head for ``day`` (today): once a day, whatever the retries."""
    day = day or timezone.localdate()
    existing = Checkpoint.objects.filter(day=day).first()
    if existing is not None:
        result = Result(existing.valid, existing.checked, None, existing.seq, existing.hash)
        return Recorded(day, result, _line(day, result), new=False)
    result = verify(heads=recorded_heads())
    try:
        with transaction.atomic():
            Checkpoint.objects.create(
                day=day, seq=result.head_seq, hash=result.head_hash, valid=result.valid, checked=result.checked
            )
    except IntegrityError:  # another worker recorded this day first
        return record_head(day=day)
    line = _line(day, result)
    _append_line(heads_file(), line)
    _mail(line, result)
    if result.valid:
        logger.info("audit chain head recorded: %s", line)
    else:
        logger.error("audit chain does NOT verify (%s); recorded %s", _where(result), line)
    return Recorded(day, result, line, new=True)


def _line(day: dt.date, result: Result) -> str:
    valid = "true" if result.valid else "false"
    return f"{day.isoformat()} seq={result.head_seq} hash={result.head_hash} valid={valid} checked={result.checked}"


def _mail(line: str, result: Result) -> None:
    """The line to the auditors: ids and hashes only, never case data."""
    recipients = auditor_addresses()
    if not recipients:
        logger.warning("audit chain head not mailed: no auditor has an e-mail address")
        return
    with translation.override(settings.LANGUAGE_CODE):
        if result.valid:
            subject = gettext("NVM audit: de kop van de auditketen van vandaag")
            body = gettext(
                "De auditketen van NVM is vandaag volledig gecontroleerd en in orde. Bewaar deze regel "
                "buiten NVM: een latere controle vergelijkt de keten ermee."
            )
        else:
            subject = gettext("NVM audit: de auditketen klopt niet")
            body = gettext(
                "De dagelijkse controle van de auditketen van NVM vond een fout (%(where)s). "
                "Controleer de keten met GET /api/v1/audit/verify/."
            ) % {"where": _where(result)}
    send_mail(subject, f"{body}\n\n{line}\n", None, recipients)


def _where(result: Result) -> str:
    problem = result.problem
    if problem is None:
        return "?"
    if problem.entry is not None:
        return f"entry {problem.entry}: {problem.reason}"
    return f"{problem.source} {problem.object_pk}: {problem.reason}"
