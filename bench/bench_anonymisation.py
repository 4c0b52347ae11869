"""How much does the anonymisation guard cost? (``make bench``)

Two figures, measured side by side in one run:

* the guard alone on 1,000-character summaries: ordinary case text (the corpus's sentences without
  identifiers) and text full of identifiers (its sentences with them), in ms per 1,000 characters
  (goal: under 2 ms); and on inputs built to make regular expressions backtrack;
* the referral write path, create + submit through the services on PostgreSQL with a 1,000-character
  summary, with the guard and with the guard switched off, in alternating rounds (goal: a ratio of at
  most 1.1).

Prints a table; asserts nothing about speed.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from functools import partial
from unittest import mock

import pytest

from referrals import services
from referrals.anonymisation import find_identifiers
from tests.data.anonymisation_corpus import NEGATIVES, POSITIVES
from tests.factories import referral_data

ROUNDS = 40
MARK = re.compile(r"\[\[\w+(?:@[A-Z]{2})?\|(.+?)\]\]")


def _pieces(text: str, size: int = 1000) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text) - size + 1, size)]


def _median_ms(
    action: Callable[[], object], rounds: int = ROUNDS, clock: Callable[[], float] = time.perf_counter
) -> float:
    action()  # warm up
    samples = []
    for _ in range(rounds):
        start = clock()
        action()
        samples.append((clock() - start) * 1000)
    return statistics.median(samples)


def _guard_per_thousand_characters(texts: list[str], clock: Callable[[], float]) -> float:
    return _median_ms(lambda: [find_identifiers(text) for text in texts], clock=clock) / len(texts)


@pytest.mark.django_db
def test_anonymisation_guard_cost(cast, capsys):
    clean = _pieces(" ".join(text for _, text in NEGATIVES))
    dirty = _pieces(" ".join(MARK.sub(r"\1", marked) for _, marked in POSITIVES))
    hostile = {
        "50,000 characters of case text": " ".join(text for _, text in NEGATIVES)[:50_000],
        "'mevrouw ' x 2000": "mevrouw " * 2000,
        "'Maria ' x 3000": "Maria " * 3000,
        "'0' x 5000": "0" * 5000,
        "'a.' x 5000 + '@'": "a." * 5000 + "@",
    }
    # The guard is pure computation: its CPU time is its cost; the wall-clock time adds whatever else the
    # shared machine is doing at that moment.
    lines = [f"{'guard alone':<52}{'CPU ms':>10}{'wall ms':>10}"]
    for what, texts in ((f"case text ({len(clean)} texts)", clean), (f"identifiers ({len(dirty)} texts)", dirty)):
        cpu = _guard_per_thousand_characters(texts, time.process_time)
        wall = _guard_per_thousand_characters(texts, time.perf_counter)
        lines.append(f"{'per 1,000 characters of ' + what:<52}{cpu:>10.2f}{wall:>10.2f}")
    for name, text in hostile.items():
        cpu = _median_ms(partial(find_identifiers, text), rounds=5, clock=time.process_time)
        wall = _median_ms(partial(find_identifiers, text), rounds=5)
        lines.append(f"{name:<52}{cpu:>10.2f}{wall:>10.2f}")

    summary = clean[0]
    data = {**referral_data(), "region": cast.north, "summary": summary}
    signaller = cast["signaller"]

    def create_and_submit() -> None:
        referral = services.referral_create(actor=signaller, data=dict(data))
        services.referral_submit(referral=referral, actor=signaller)

    # The guard off: ``guard_free_text`` asks ``check_fields``, which then finds nothing. The patch is put in
    # place outside the timed part, so that both rounds time the same calls.
    guard_off = mock.patch.object(services, "check_fields", return_value={})
    with_samples: list[float] = []
    without_samples: list[float] = []
    create_and_submit()  # warm up
    for _ in range(ROUNDS):
        for guarded, samples in ((True, with_samples), (False, without_samples)):
            if not guarded:
                guard_off.start()
            start = time.perf_counter()
            create_and_submit()
            samples.append((time.perf_counter() - start) * 1000)
            if not guarded:
                guard_off.stop()
    with_ms, without_ms = statistics.median(with_samples), statistics.median(without_samples)
    lines += [
        "",
        f"{'write path: create + submit, 1,000-character summary':<52}{'ms':>10}{'ratio':>8}",
        f"{'without the guard':<52}{without_ms:>10.2f}{1:>8.2f}",
        f"{'with the guard':<52}{with_ms:>10.2f}{with_ms / without_ms:>8.2f}",
    ]
    with capsys.disabled():
        print(f"\nAnonymisation guard, median of {ROUNDS} rounds (hostile inputs: 5)\n")
        print("\n".join(lines))
