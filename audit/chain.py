"""The hash chain: its canonical form, appending to it, and the one audited way to erase rows.

Canonical form, version 1 (docs/decisions/0008-audit-chain.md):

* JSON with keys sorted, no spaces (``","`` and ``":"``), UTF-8 without ``\\u`` escapes, no NaN;
  UUIDs as lower-case hyphenated text, datetimes in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``,
  dates as ``YYYY-MM-DD``, decimals as text.
* A row's digest is SHA-256 of ``{"form", "row": {attname: value, ...}, "source"}`` over the
  fields of its source's form (``audit.registry``).
* An entry is ``{"at", "data", "form", "object", "row_digest", "seq", "source", "v": 1}`` and
  its hash is SHA-256 of the previous entry's hash (64 lower-case hex characters, ASCII)
  followed by the entry's canonical JSON. The first entry follows 64 zeros.

Appends are serialised, so the chain never forks: on PostgreSQL with a transaction-scoped
advisory lock, on SQLite by the IMMEDIATE transaction the append runs in. The lock is held
until the caller's transaction ends; row locks are taken before the first append.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.files import File
from django.db import connections, models, transaction
from django.db.models import QuerySet
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.functional import Promise

from audit.models import Entry
from audit.registry import Source, source_of

#: Version of the entry's canonical form.
VERSION = 1
GENESIS = "0" * 64
#: The source label of an erasure record.
ERASURE = "audit.erasure"
#: pg_advisory_xact_lock key of the chain ("NVMAUDIT" as a 64-bit number).
LOCK_KEY = 0x4E564D4155444954
#: The transaction-local setting that lets the append-only triggers allow an erasure.
ERASURE_SETTING = "nvm.audit_erasure"


# --- The canonical form -----------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise TypeError("a naive datetime has no canonical form")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, File):  # a file field's value is stored as its name
        return value.name or ""
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} has no canonical form")


def canonical(value: Any) -> bytes:
    """The canonical JSON of a value, as bytes."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_plain)
    return text.encode("utf-8")


def row_digest(source: str, form: int, row: Mapping[str, Any]) -> str:
    """The digest of one audited row in a given form."""
    return hashlib.sha256(canonical({"form": form, "row": dict(row), "source": source})).hexdigest()


def entry_body(
    *, seq: int, at: dt.datetime, source: str, object_pk: str, form: int, digest: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "at": at,
        "data": dict(data),
        "form": form,
        "object": object_pk,
        "row_digest": digest,
        "seq": seq,
        "source": source,
        "v": VERSION,
    }


def chain_hash(prev_hash: str, body: Mapping[str, Any]) -> str:
    """SHA-256(previous hash ‖ canonical JSON of the entry)."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(body)).hexdigest()


def hash_of(entry: Entry) -> str:
    """The hash an entry should have, recomputed from its stored fields."""
    body = entry_body(
        seq=entry.seq,
        at=entry.at,
        source=entry.source,
        object_pk=entry.object_pk,
        form=entry.form,
        digest=entry.row_digest,
        data=entry.data,
    )
    return chain_hash(entry.prev_hash, body)


def values_of(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of a saved row's fields, as the database gives them back."""
    opts = instance._meta
    by_attname = {field.attname: field for field in opts.concrete_fields}
    values = {}
    for name in fields:
        value = getattr(instance, name)
        field = by_attname[name]
        if isinstance(field, models.GenericIPAddressField | models.FileField):
            value = field.get_prep_value(value)  # a normalised address; a file's name
        values[name] = value
    return values


# --- Appending --------------------------------------------------------------------


#: The newest head this process has seen (it is usually the writer of the last entry): appends
#: guess it, and are right in one round trip; a wrong guess costs a second one, never a fork.
_last_seen: tuple[int, str] = (0, GENESIS)

_COLUMNS = "seq, at, source, object_pk, form, row_digest, data, prev_hash, hash"
_HEAD = "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1"


def _values(entry: Entry) -> list[Any]:
    return [
        entry.seq,
        entry.at,
        entry.source,
        entry.object_pk,
        entry.form,
        entry.row_digest,
        json.dumps(entry.data),
        entry.prev_hash,
        entry.hash,
    ]


def _insert(using: str, entry: Entry) -> None:
    """Insert after the head this transaction holds the lock for (or, on SQLite, has just read)."""
    cast = "%s::jsonb" if connections[using].vendor == "postgresql" else "%s"
    sql = f"INSERT INTO audit_entry ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, {cast}, %s, %s)"  # noqa: S608
    with connections[using].cursor() as cursor:
        cursor.execute(sql, _values(entry))


def _head(using: str) -> tuple[int, str]:
    with connections[using].cursor() as cursor:
        cursor.execute(_HEAD)
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


_LOCK_INSERT_HEAD = (
    f"SELECT pg_advisory_xact_lock({LOCK_KEY}); "  # noqa: S608  (constants and placeholders only)
    f"INSERT INTO audit_entry ({_COLUMNS}) SELECT %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s "
    "WHERE NOT EXISTS (SELECT 1 FROM audit_entry WHERE seq > %s) "
    "AND (%s = 0 OR EXISTS (SELECT 1 FROM audit_entry WHERE seq = %s AND hash = %s)); "
    f"{_HEAD}"
)


def _lock_and_insert_after_guess(using: str, entry: Entry) -> tuple[int, str]:
    """PostgreSQL, one round trip: take the chain's lock (held until the transaction ends), insert
    ``entry`` if its ``prev_hash`` is still the head, then read the head. Each statement sees what
    was committed before it ran, so the head is read after the lock was granted."""
    guess_seq = entry.seq - 1
    with connections[using].cursor() as cursor:
        cursor.execute(_LOCK_INSERT_HEAD, [*_values(entry), guess_seq, guess_seq, guess_seq, entry.prev_hash])
        cursor.nextset()  # the insert
        cursor.nextset()  # the head
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _entry(
    *, seq: int, prev_hash: str, source: str, object_pk: str, form: int, digest: str, data: Mapping[str, Any] | None
) -> Entry:
    at = timezone.now()
    data = dict(data or {})
    body = entry_body(seq=seq, at=at, source=source, object_pk=object_pk, form=form, digest=digest, data=data)
    return Entry(
        seq=seq,
        at=at,
        source=source,
        object_pk=object_pk,
        form=form,
        row_digest=digest,
        data=data,
        prev_hash=prev_hash,
        hash=chain_hash(prev_hash, body),
    )


def append(
    *,
    source: str,
    object_pk: str = "",
    form: int = 1,
    digest: str = "",
    data: Mapping[str, Any] | None = None,
    using: str = "default",
) -> Entry:
    """Add one entry at the head of the chain, inside the caller's transaction (or its own).

    On PostgreSQL the entry is built after the head this process saw last and sent together with
    the lock: one round trip when that guess holds (it is checked under the lock), a second one
    after the actual head when it does not. On SQLite the IMMEDIATE transaction serialises."""
    global _last_seen
    connection = connections[using]

    def after(seq: int, prev_hash: str) -> Entry:
        return _entry(
            seq=seq + 1, prev_hash=prev_hash, source=source, object_pk=object_pk, form=form, digest=digest, data=data
        )

    # No savepoint of its own: a failed append fails the writer's transaction anyway, and a
    # savepoint would cost two more round trips on every audited write.
    with transaction.atomic(using=using, savepoint=False):
        if connection.vendor == "postgresql":
            entry = after(*_last_seen)
            head = _lock_and_insert_after_guess(using, entry)
            if head != (entry.seq, entry.hash):
                entry = after(*head)  # the guess was stale; we hold the lock, so this is the head
                _insert(using, entry)
        else:
            entry = after(*_head(using))
            _insert(using, entry)
    _last_seen = (entry.seq, entry.hash)
    return _saved(entry)


def _saved(entry: Entry) -> Entry:
    entry._state.adding = False
    return entry


def append_row(instance: models.Model, *, using: str = "default") -> Entry:
    """Chain a new row of an audited model (called on ``post_save``)."""
    source = _source(instance)
    values = values_of(instance, source.fields(source.form))
    return append(
        source=source.label,
        object_pk=str(instance.pk),
        form=source.form,
        digest=row_digest(source.label, source.form, values),
        using=using,
    )


def _source(instance: models.Model) -> Source:
    source = source_of(instance._meta.label_lower)
    if source is None:
        raise LookupError(f"{instance._meta.label_lower} does not join the audit chain")
    return source


# --- Erasure --------------------------------------------------------------------------


def allow_erasure(using: str = "default", *, allowed: bool = True) -> None:
    """Let this transaction delete audited rows, or no longer (PostgreSQL's triggers check this setting)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [ERASURE_SETTING, "on" if allowed else "off"])


def erase(groups: Sequence[QuerySet[Any]], *, reason: str, using: str = "default") -> Entry:
    """Delete the rows of ``groups`` (and what Django cascades to) through the one audited path.

    The chain keeps the entry of every erased row (its digest, never its content) and gains
    an erasure record naming them, so that it still verifies once the rows are gone. The
    querysets are read again after each pass: deleting a row with history makes
    simple-history write a last history row, which a history queryset then finds and erases."""
    if not reason:
        raise ValueError("an erasure needs a reason")
    with transaction.atomic(using=using):
        allow_erasure(using)
        try:
            doomed = _delete(groups, using)
        finally:
            # The setting lasts until the outermost transaction ends: close it again at once.
            allow_erasure(using, allowed=False)
        seqs = sorted(
            seq
            for label, pks in doomed.items()
            for seq in Entry.objects.using(using)
            .filter(source=label, object_pk__in=sorted(pks))
            .values_list("seq", flat=True)
        )
        counts = {label: len(pks) for label, pks in sorted(doomed.items()) if pks}
        return append(source=ERASURE, data={"reason": reason, "erased": seqs, "rows": counts}, using=using)


_MAX_PASSES = 4


def _delete(groups: Sequence[QuerySet[Any]], using: str) -> dict[str, set[str]]:
    doomed: dict[str, set[str]] = defaultdict(set)
    for _ in range(_MAX_PASSES):
        collector = Collector(using=using, origin=None)
        for queryset in groups:
            collector.collect(queryset.using(using).all())
        found = _collected(collector)
        if not any(found.values()):
            return doomed
        for label, pks in found.items():
            doomed[label] |= pks
        collector.delete()
    raise RuntimeError("erased rows kept coming back")  # pragma: no cover - history has no history


def _collected(collector: Collector) -> dict[str, set[str]]:
    """Every row the collector will delete, as primary keys by table label."""
    doomed: dict[str, set[str]] = defaultdict(set)
    for model, instances in collector.data.items():
        doomed[model._meta.label_lower].update(str(instance.pk) for instance in instances)
    for queryset in collector.fast_deletes:
        label = queryset.model._meta.label_lower
        doomed[label].update(str(pk) for pk in queryset.values_list("pk", flat=True))
    return doomed
