"""Disclosure control (reports/disclosure.py) against the attacker it is meant to stop.

The attacker here is written separately from the code under test: it reads only what a table
publishes (the counts that are not suppressed, and the fact that every margin is the sum of its
cells), and solves the linear program for each suppressed count with scipy."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from reports.disclosure import Key, Rule, full_table, protect


def published_view(table, rule):
    """What leaves the server: each count of the table (cells and margins) or None."""
    return {key: table.published(key, rule) for key in table.counts}


def attack(view, exact):
    """For each suppressed count, its [min, max] under the relations "margin = sum of its cells along
    one dimension", the published counts (taken as exact: a stronger attacker than rounding allows)
    and non-negativity. ``exact`` gives the true published values (before rounding)."""
    unknown = sorted((key for key, value in view.items() if value is None), key=repr)
    index = {key: i for i, key in enumerate(unknown)}
    rows, right = [], []
    for key in view:
        for position, value in enumerate(key):
            if value is not None:
                continue
            # ``key`` is a margin over ``position``: it equals the sum of the cells that fill it in.
            children = [other for other in view if _fills(key, other, position)]
            row = np.zeros(len(unknown))
            constant = 0.0
            for member, sign in [(key, -1.0), *((child, 1.0) for child in children)]:
                if member in index:
                    row[index[member]] += sign
                else:
                    constant -= sign * exact[member]
            rows.append(row)
            right.append(constant)
    bounds = {}
    for key in unknown:
        objective = np.zeros(len(unknown))
        objective[index[key]] = 1
        low = linprog(objective, A_eq=np.array(rows), b_eq=np.array(right), bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=np.array(rows), b_eq=np.array(right), bounds=(0, None), method="highs")
        assert low.status == 0, "the true counts satisfy the relations, so the program is feasible"
        bounds[key] = (low.fun, -high.fun if high.status == 0 else float("inf"))
    return bounds


def _fills(margin, other, position):
    return other[position] is not None and all(
        a == b for i, (a, b) in enumerate(zip(margin, other, strict=True)) if i != position
    )


small_or_large = st.one_of(st.integers(0, 12), st.integers(0, 60), st.sampled_from([0, 1, 2, 3, 9, 10, 11]))


@st.composite
def tables(draw):
    dimensions = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 4)) for _ in range(dimensions)]
    values = [[f"{chr(97 + d)}{i}" for i in range(size)] for d, size in enumerate(sizes)]
    interior = {key: draw(small_or_large) for key in itertools.product(*values)}
    threshold = draw(st.sampled_from([5, 10, 11]))
    return values, interior, Rule(threshold=threshold)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_published_count_is_small_and_no_suppressed_count_can_be_pinned(case):
    values, interior, rule = case
    table = protect(full_table(values, interior), rule)
    view = published_view(table, rule)
    for key, shown in view.items():
        if shown is not None:
            true = table.counts[key]
            assert true == 0 or true >= rule.threshold, (key, true)
            assert shown % rule.rounding == 0
            assert abs(shown - true) <= rule.rounding // 2
    for key, (low, high) in attack(view, table.counts).items():
        assert low <= table.counts[key] <= high + 1e-6
        assert high - low >= rule.threshold - 1e-6, (key, table.counts[key], low, high)


def test_a_lone_small_cell_in_a_row_takes_a_second_cell_with_it():
    # One small cell: without a second suppression its value is total minus the others.
    table = protect(full_table([["a", "b", "c"]], {("a",): 3, ("b",): 40, ("c",): 25}), Rule())
    assert table.suppressed == {("a",), ("c",)}
    low, high = attack(published_view(table, Rule()), table.counts)[("a",)]
    assert (low, high) == (0, 28)


def test_a_two_by_two_with_one_small_cell_suppresses_a_rectangle():
    interior: dict[Key, int] = {("x", "p"): 2, ("x", "q"): 30, ("y", "p"): 30, ("y", "q"): 30}
    table = protect(full_table([["x", "y"], ["p", "q"]], interior), Rule())
    assert table.suppressed == {("x", "p"), ("x", "q"), ("y", "p"), ("y", "q")}
    for low, high in attack(published_view(table, Rule()), table.counts).values():
        assert high - low >= 10


def test_a_small_total_is_suppressed_and_everything_it_would_give_away_too():
    table = protect(full_table([["a", "b"]], {("a",): 4, ("b",): 3}), Rule())
    assert table.suppressed == {("a",), ("b",), (None,)}


def test_the_same_table_gives_the_same_suppression():
    interior: dict[Key, int] = {(a, b): (i * 7 + j * 3) % 14 for i, a in enumerate("pqrs") for j, b in enumerate("xyz")}
    values = [list("pqrs"), list("xyz")]
    first = protect(full_table(values, interior), Rule()).suppressed
    assert all(
        protect(full_table(values, dict(reversed(interior.items()))), Rule()).suppressed == first for _ in range(3)
    )


def test_zero_is_published_and_counts_are_rounded_to_five():
    table = protect(full_table([["a", "b", "c"]], {("a",): 0, ("b",): 12, ("c",): 13}), Rule())
    assert table.suppressed == set()
    assert [table.published(key, Rule()) for key in [("a",), ("b",), ("c",), (None,)]] == [0, 10, 15, 25]


@pytest.mark.parametrize("threshold", [0, 1, 4])
def test_a_threshold_below_five_is_refused(threshold):
    with pytest.raises(ValueError, match="below 5"):
        Rule(threshold=threshold)
