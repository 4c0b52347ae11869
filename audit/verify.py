"""Walking the chain: is every link intact, does every audited row still match its entry?

``verify()`` checks, in order of the chain:

1. each entry's ``seq`` follows the previous one and its ``prev_hash`` is the previous hash;
2. each entry's hash, recomputed from its fields (``audit.chain.hash_of``);
3. each audited row, re-read and digested in the entry's form; a missing row is bad unless an
   erasure record names its entry;
4. each recorded head (the daily line outside the database and the checkpoints) still is the
   hash at its ``seq``: a chain rewritten from scratch is consistent in itself, not with them;
5. no audited table holds a row that never joined the chain.

It stops at the first bad entry and names it. ``since_checkpoint=True`` starts from the last
checkpoint recorded after a full verification: links and rows before it are taken as
verified then (the daily task verifies in full), the checkpoint's own hash must still match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from audit.chain import ERASURE, GENESIS, hash_of, row_digest
from audit.models import Checkpoint, Entry
from audit.registry import Source, source_of, sources

CHUNK = 2000


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: the entry (``seq``) or, for a row outside the chain, the row."""

    reason: (
        str  # gap, broken_link, hash_mismatch, row_changed, row_missing, unknown_source, head_mismatch, unchained_row
    )
    entry: int | None
    source: str
    object_pk: str


@dataclass(frozen=True)
class Head:
    """A recorded head of the chain: the hash it had at ``seq``."""

    seq: int
    hash: str
    where: str  # "file" or "checkpoint"


@dataclass(frozen=True)
class Result:
    valid: bool
    checked: int
    problem: Problem | None
    head_seq: int
    head_hash: str

    @property
    def first_bad(self) -> int | None:
        return self.problem.entry if self.problem else None


def verify(*, since_checkpoint: bool = False, heads: Iterable[Head] = ()) -> Result:
    """Walk the chain (from the last checkpoint, or from the start) and the recorded heads."""
    start_seq, prev_hash = 0, GENESIS
    checked = 0
    if since_checkpoint:
        checkpoint = Checkpoint.objects.filter(valid=True).order_by("-seq").first()
        if checkpoint is not None:
            at = Entry.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
            if at != checkpoint.hash:
                return _bad(Problem("head_mismatch", checkpoint.seq, "", ""), checked)
            start_seq, prev_hash = checkpoint.seq, checkpoint.hash
    erased = _erased()
    last_seq, last_hash = start_seq, prev_hash
    for chunk in _chunks(Entry.objects.filter(seq__gt=start_seq).order_by("seq")):
        problem, checked_here = _check_chunk(chunk, last_seq, last_hash, erased)
        checked += checked_here
        if problem is not None:
            return _bad(problem, checked)
        last_seq, last_hash = chunk[-1].seq, chunk[-1].hash
    recorded = [*heads, *(Head(c.seq, c.hash, "checkpoint") for c in Checkpoint.objects.all())]
    problem = _check_heads(recorded) or _check_unchained(erased)
    if problem is not None:
        return _bad(problem, checked)
    return Result(valid=True, checked=checked, problem=None, head_seq=last_seq, head_hash=last_hash)


def _bad(problem: Problem, checked: int) -> Result:
    head = Entry.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS)
    return Result(valid=False, checked=checked, problem=problem, head_seq=head[0], head_hash=head[1])


def _chunks(queryset: Any) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    for entry in queryset.iterator(chunk_size=CHUNK):
        chunk.append(entry)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _erased() -> set[int]:
    """Every entry that an erasure record names."""
    erased: set[int] = set()
    for data in Entry.objects.filter(source=ERASURE).values_list("data", flat=True):
        erased.update(int(seq) for seq in (data or {}).get("erased", []))
    return erased


def _check_chunk(chunk: list[Entry], seq: int, prev_hash: str, erased: set[int]) -> tuple[Problem | None, int]:
    """The first problem in this chunk (links first, in order; then rows), and how many were checked."""
    links: Problem | None = None
    for entry in chunk:
        if entry.seq != seq + 1:
            links = Problem("gap", entry.seq, entry.source, entry.object_pk)
        elif entry.prev_hash != prev_hash:
            links = Problem("broken_link", entry.seq, entry.source, entry.object_pk)
        elif hash_of(entry) != entry.hash:
            links = Problem("hash_mismatch", entry.seq, entry.source, entry.object_pk)
        if links is not None:
            break
        seq, prev_hash = entry.seq, entry.hash
    before = links.entry if links is not None and links.entry is not None else chunk[-1].seq + 1
    rows = _check_rows([entry for entry in chunk if entry.seq < before], erased)
    problems = [problem for problem in (links, rows) if problem is not None]
    if not problems:
        return None, len(chunk)
    first = min(problems, key=lambda problem: problem.entry or 0)
    return first, sum(1 for entry in chunk if entry.seq <= (first.entry or 0))


def _check_rows(entries: list[Entry], erased: set[int]) -> Problem | None:
    """Re-read the audited rows of these entries (one query per table) and compare digests."""
    by_source: dict[str, list[Entry]] = defaultdict(list)
    bad: list[Problem] = []
    for entry in entries:
        if entry.source == ERASURE:
            continue
        by_source[entry.source].append(entry)
    for label, group in by_source.items():
        source = source_of(label)
        if source is None:
            bad.extend(Problem("unknown_source", entry.seq, label, entry.object_pk) for entry in group)
            continue
        bad.extend(_compare(source, group, erased))
    return min(bad, key=lambda problem: problem.entry or 0) if bad else None


def _compare(source: Source, group: list[Entry], erased: set[int]) -> Iterator[Problem]:
    manager = source.model._base_manager
    fields_by_form: dict[int, tuple[str, ...]] = {}
    for entry in group:
        if entry.form not in source.forms:
            yield Problem("unknown_form", entry.seq, source.label, entry.object_pk)
            continue
        fields_by_form[entry.form] = source.fields(entry.form)
    pk_name = source.model._meta.pk.attname
    wanted = sorted({name for fields in fields_by_form.values() for name in fields} | {pk_name})
    rows = {str(row[pk_name]): row for row in manager.filter(pk__in=[e.object_pk for e in group]).values(*wanted)}
    for entry in group:
        if entry.form not in source.forms:
            continue
        row = rows.get(entry.object_pk)
        if row is None:
            if entry.seq not in erased:
                yield Problem("row_missing", entry.seq, source.label, entry.object_pk)
            continue
        values = {name: row[name] for name in source.fields(entry.form)}
        if row_digest(source.label, entry.form, values) != entry.row_digest:
            yield Problem("row_changed", entry.seq, source.label, entry.object_pk)


def _check_heads(heads: list[Head]) -> Problem | None:
    """Each recorded head must still be the hash at its seq (checked oldest first)."""
    if not heads:
        return None
    wanted = {head.seq for head in heads}
    hashes = dict(Entry.objects.filter(seq__in=wanted).values_list("seq", "hash"))
    for head in sorted(heads, key=lambda head: head.seq):
        if hashes.get(head.seq) != head.hash:
            return Problem("head_mismatch", head.seq, head.where, "")
    return None


def _check_unchained(erased: set[int]) -> Problem | None:
    """A row that never joined the chain (written around it, e.g. with raw SQL or bulk_create).

    Counting is enough when nothing is wrong: every entry's row was found by the walk, so as
    many rows as live entries means no row is missing from the chain. Only then are keys compared."""
    gone = dict(
        Entry.objects.filter(seq__in=sorted(erased))
        .values("source")
        .annotate(n=Count("seq"))
        .values_list("source", "n")
    )
    for label, source in sorted(sources().items()):
        chained = Entry.objects.filter(source=label)
        if source.model._base_manager.count() == chained.count() - gone.get(label, 0):
            continue
        pk_name = source.model._meta.pk.attname
        known = set(chained.values_list("object_pk", flat=True))
        for pk in source.model._base_manager.order_by(pk_name).values_list(pk_name, flat=True).iterator():
            if str(pk) not in known:
                return Problem("unchained_row", None, label, str(pk))
    return None
