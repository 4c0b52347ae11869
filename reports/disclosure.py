"""Statistical disclosure control: which figures of a table may leave the server.

A *table* here is one period's cross-table of counts over up to three dimensions, with every margin:
for dimensions ``(a, b)`` the cells keyed ``(a, b)``, the margins keyed ``(a,)`` and ``(b,)``, and the
total keyed ``()``. Every margin is treated as published, whether or not an answer shows it, because
another query (``group_by=a``) publishes it; so suppression here also holds against lower tables.

The rule (docs/decisions/0010-report-disclosure.md):

1. *Primary*: a count from 1 to ``threshold - 1`` is suppressed. Zero is published.
2. *Secondary*: every relation "margin = sum of its cells along one dimension" with exactly one
   suppressed member gets a second one (the smallest non-zero published member), until none is left.
3. *Audit*: for each suppressed count, the attacker's linear program (minimise and maximise it under
   every published relation, with all counts non-negative) must leave an interval at least
   ``threshold`` wide; where it does not, the smallest non-zero published member of a relation of that
   count is suppressed as well, and the rule starts again from step 2.
4. Published counts are rounded to the nearest multiple of ``rounding`` (5).

The same table gives the same suppression: every choice is made in a fixed order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

#: A cell: for each dimension of the table (by position) its value, or ``None`` for "all" (a margin).
Key = tuple[str | None, ...]

MINIMUM_THRESHOLD = 5


@dataclass(frozen=True)
class Rule:
    threshold: int = 10
    rounding: int = 5

    def __post_init__(self) -> None:
        if self.threshold < MINIMUM_THRESHOLD:
            raise ValueError(f"the threshold may not be below {MINIMUM_THRESHOLD}")
        if self.rounding < 1:
            raise ValueError("the rounding base must be at least 1")

    def rounded(self, count: int) -> int:
        return self.rounding * ((count + self.rounding // 2) // self.rounding)


@dataclass
class Table:
    """The counts of one table with all its margins, and which of them are suppressed."""

    dimensions: int
    counts: dict[Key, int]
    suppressed: set[Key] = field(default_factory=set)
    primary: set[Key] = field(default_factory=set)

    def published(self, key: Key, rule: Rule) -> int | None:
        return None if key in self.suppressed else rule.rounded(self.counts[key])

    def interior(self) -> list[Key]:
        return [key for key in self.counts if None not in key]


def full_table(values: Sequence[Sequence[str]], interior: Mapping[Key, int]) -> Table:
    """The table over the cross product of ``values`` (absent cells count 0) with every margin."""
    counts: dict[Key, int] = {}
    for cell in itertools.product(*values):
        counts[cell] = int(interior.get(cell, 0))
    dimensions = len(values)
    for key, count in list(counts.items()):
        for mask in itertools.product((False, True), repeat=dimensions):
            if not any(mask):
                continue
            margin = tuple(None if hidden else value for value, hidden in zip(key, mask, strict=True))
            counts[margin] = counts.get(margin, 0) + count
    if dimensions == 0:
        counts[()] = int(interior.get((), 0))
    return Table(dimensions=dimensions, counts=counts)


Line = tuple[Key, list[Key]]


class Relations:
    """Every published relation of a table: a margin and the cells that add up to it along one
    dimension, with an index from each count to the relations it is a member of."""

    def __init__(self, table: Table) -> None:
        by_parent: dict[tuple[Key, int], list[Key]] = {}
        for key in table.counts:
            for position, value in enumerate(key):
                if value is not None:
                    parent = (*key[:position], None, *key[position + 1 :])
                    by_parent.setdefault((parent, position), []).append(key)
        self.lines: list[Line] = [
            (parent, sorted(children, key=_order))
            for (parent, _), children in sorted(by_parent.items(), key=lambda item: (_order(item[0][0]), item[0][1]))
        ]
        self.of: dict[Key, list[Line]] = {}
        for line in self.lines:
            for member in (line[0], *line[1]):
                self.of.setdefault(member, []).append(line)


def protect(table: Table, rule: Rule) -> Table:
    """Apply the rule to ``table`` (in place) and return it."""
    relations = Relations(table)
    table.primary = {key for key, count in table.counts.items() if 0 < count < rule.threshold}
    table.suppressed = set(table.primary)
    safe: set[Key] = set()  # more suppression only widens intervals: a count once safe stays safe
    while True:
        _secondary(table, relations.lines)
        weak = _weak(table, relations, rule, safe)
        if not weak:
            return table
        added = False
        for cell in weak:  # one more suppression next to each weak count, then check again
            extra = _cheapest(table, relations.of.get(cell, [])) or _cheapest(table, relations.lines)
            if extra is not None:
                table.suppressed.add(extra)
                added = True
        if not added:  # nothing left to suppress
            return table


class _Attack:
    """The attacker's linear program for one group of linked suppressed counts: their relations
    with the published counts moved to the right-hand side, and every count non-negative.

    Solved with HiGHS through ``highspy``: the model is built once and only its objective changes
    between solves, so each solve starts from the last basis (a tenth of a millisecond, where a
    fresh ``scipy.optimize.linprog`` call costs a few)."""

    def __init__(self, table: Table, cells: Sequence[Key], relations: Relations) -> None:
        self.cells = list(cells)
        self.index = {cell: i for i, cell in enumerate(self.cells)}
        lines = {id(line): line for cell in self.cells for line in relations.of.get(cell, [])}
        starts: list[int] = [0]
        columns: list[int] = []
        values: list[float] = []
        right: list[float] = []
        for parent, children in lines.values():
            row: dict[int, float] = {}
            known = 0.0
            for member, sign in [(parent, -1.0), *((child, 1.0) for child in children)]:
                if member in self.index:
                    row[self.index[member]] = row.get(self.index[member], 0.0) + sign
                else:
                    known -= sign * table.counts[member]
            columns.extend(row)
            values.extend(row.values())
            starts.append(len(columns))
            right.append(known)
        size = len(self.cells)
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = size, len(right)
        model.col_cost_ = np.zeros(size)
        model.col_lower_ = np.zeros(size)
        model.col_upper_ = np.full(size, highspy.kHighsInf)
        model.row_lower_ = model.row_upper_ = np.array(right, dtype=float)
        model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        model.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        model.a_matrix_.index_ = np.array(columns, dtype=np.int32)
        model.a_matrix_.value_ = np.array(values, dtype=np.float64)
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(model)
        self.all = np.arange(size, dtype=np.int32)

    def solve(self, objective: np.ndarray) -> tuple[float, np.ndarray | None]:
        """The minimum of ``objective`` and a point that reaches it (``-inf`` and no point if unbounded)."""
        self.highs.changeColsCost(len(self.all), self.all, objective.astype(float))
        self.highs.run()
        status = self.highs.getModelStatus()
        # The true counts are a feasible point, so "unbounded or infeasible" means unbounded.
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return -float("inf"), None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(
                f"disclosure audit: the linear program failed ({self.highs.modelStatusToString(status)})"
            )
        point = np.array(self.highs.getSolution().col_value)
        return float(objective @ point), point


def _weak(table: Table, relations: Relations, rule: Rule, safe: set[Key]) -> list[Key]:
    """The suppressed counts whose interval is narrower than the threshold, in a fixed order.

    Solving two programs per count is slow on large tables, so each group of linked counts is
    solved together: the true counts are one feasible point, and every solution found is another;
    a count whose values over the points found already span the threshold needs no program of its own.
    """
    weak: list[Key] = []
    todo = set(table.suppressed) - safe
    while todo:
        group = sorted(_component(table, min(todo, key=_order), relations), key=_order)
        todo -= set(group)
        attack = _Attack(table, group, relations)
        low = np.array([table.counts[cell] for cell in group], dtype=float)
        high = low.copy()
        for direction in (np.ones(len(group)), -np.ones(len(group))):  # all down, all up: many move at once
            _value, point = attack.solve(direction)
            if point is not None:
                np.minimum(low, point, out=low)
                np.maximum(high, point, out=high)
        for i, cell in enumerate(group):
            wide = high[i] - low[i] >= rule.threshold - 1e-9
            for sign in (1.0, -1.0):  # the minimum, then the maximum
                if wide:
                    break
                objective = np.zeros(len(group))
                objective[i] = sign
                _value, point = attack.solve(objective)
                if point is None:  # unbounded: only the maximum can be
                    wide = True
                    break
                np.minimum(low, point, out=low)
                np.maximum(high, point, out=high)
                wide = high[i] - low[i] >= rule.threshold - 1e-9
            if wide:
                safe.add(cell)
            else:
                weak.append(cell)
    return weak


def _secondary(table: Table, lines: Sequence[Line]) -> None:
    changed = True
    while changed:
        changed = False
        for parent, children in lines:
            if (parent in table.suppressed) + sum(child in table.suppressed for child in children) == 1:
                extra = _cheapest(table, [(parent, children)])
                if extra is not None:
                    table.suppressed.add(extra)
                    changed = True


def _cheapest(table: Table, lines: Iterable[Line]) -> Key | None:
    """The published, non-zero member of ``lines`` with the smallest count; cells before margins."""
    candidates = {
        member
        for parent, children in lines
        for member in (parent, *children)
        if member not in table.suppressed and table.counts[member] > 0
    }
    if not candidates:
        return None
    return min(candidates, key=lambda member: (table.counts[member], member.count(None), _order(member)))


def _component(table: Table, key: Key, relations: Relations) -> set[Key]:
    """The suppressed counts linked to ``key`` through relations: only they matter for its interval."""
    seen, todo = {key}, [key]
    while todo:
        current = todo.pop()
        for parent, children in relations.of.get(current, []):
            for member in (parent, *children):
                if member in table.suppressed and member not in seen:
                    seen.add(member)
                    todo.append(member)
    return seen


def _order(key: Key) -> tuple[tuple[int, str], ...]:
    return tuple((0, "") if value is None else (1, value) for value in key)
