"""What every detector shares: a finding, a text prepared once, and the two shapes a detector takes.

A text is read once (``Text``): its words with their positions and the longest run of digits in it.
Each detector first asks that cheap profile whether it can match at all (a gate), so that the
expensive work runs only on texts that could hold its identifier: a text without a nine-digit run
never meets the BSN pattern, a text without the word "paspoort" never meets the passport pattern.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Finding:
    """One suspected identifier: what kind it is and where it is (``text[start:end]``)."""

    kind: str
    start: int
    end: int


def verbose(*parts: str, flags: int = 0) -> re.Pattern[str]:
    """Compile pattern pieces (shared fragments and local parts) as one verbose regex."""
    return re.compile("\n".join(parts), re.VERBOSE | flags)


_WORD = re.compile(r"\w+")

# Digits with what people put between digit groups (spaces, dots, dashes, slashes, brackets, a plus).
_DIGIT_RUN = re.compile(r"\d(?:[\s.\-/()+]{0,3}\d)*")
_NOT_A_DIGIT = re.compile(r"\D+")


class Text:
    """A text prepared once for all detectors.

    ``words`` holds its words in lower case; ``longest_number`` counts the digits of its longest run of
    digits and separators ("+40 712 345 678": 11), ``longest_digits`` those of its longest unbroken run.
    ``starts_of`` finds where a word stands, for the detectors that start at a word.
    """

    __slots__ = ("longest_digits", "longest_number", "lower", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        # A few capitals lower to two characters (İ); then lower the text one character at a time, so
        # that positions in ``lower`` are positions in ``text``.
        self.lower = lower if len(lower) == len(text) else "".join(char.lower()[:1] for char in text)
        self.words = frozenset(_WORD.findall(self.lower))
        runs = _DIGIT_RUN.findall(text)
        self.longest_number = max((len(_NOT_A_DIGIT.sub("", run)) for run in runs), default=0)
        self.longest_digits = max((len(part) for run in runs for part in _NOT_A_DIGIT.split(run)), default=0)

    def starts_of(self, word: str) -> Iterator[int]:
        """Where ``word`` (in lower case) stands in the text as a whole word."""
        lower = self.lower
        for match in _word_end(word).finditer(lower):
            start = match.start()
            if start == 0 or not (lower[start - 1].isalnum() or lower[start - 1] == "_"):
                yield start


@functools.cache
def _word_end(word: str) -> re.Pattern[str]:
    """The word followed by no word character: a literal first, so ``re`` finds it fast."""
    return re.compile(re.escape(word) + r"(?!\w)")


Check = Callable[[str, re.Match[str]], bool]
Gate = Callable[[Text], bool]


def always(text: str, match: re.Match[str]) -> bool:
    return True


def open_gate(text: Text) -> bool:
    return True


def digits(count: int) -> Gate:
    """A gate that opens when the text has at least ``count`` digits in one run (separators allowed)."""
    return lambda text: text.longest_number >= count


def unbroken_digits(count: int) -> Gate:
    """A gate that opens when the text has at least ``count`` digits in a row."""
    return lambda text: text.longest_digits >= count


def any_word(*words: str) -> Gate:
    """A gate that opens when one of these words (case-folded) is in the text."""
    wanted = frozenset(words)
    return lambda text: not wanted.isdisjoint(text.words)


def searches(pattern: str, flags: int = 0) -> Gate:
    """A gate that opens when a small regex finds something: a shape every match must contain."""
    compiled = re.compile(pattern, flags)
    return lambda text: compiled.search(text.text) is not None


def both(first: Gate, second: Gate) -> Gate:
    return lambda text: first(text) and second(text)


def span_of(match: re.Match[str]) -> tuple[int, int]:
    """The group ``value`` where the pattern has one (the words around it only give context), else all."""
    group = "value" if "value" in match.re.groupindex and match.group("value") is not None else 0
    return match.start(group), match.end(group)


class Detector(Protocol):
    """Finds one kind of identifier. Of two findings with the same span, the higher ``priority`` wins."""

    @property
    def kind(self) -> str: ...

    @property
    def priority(self) -> int: ...

    def findings(self, text: Text) -> Iterator[Finding]: ...


@dataclass(frozen=True)
class Scan:
    """A regex run over the whole text when its gate opens; ``check`` confirms each match."""

    kind: str
    pattern: re.Pattern[str]
    check: Check = always
    gate: Gate = open_gate
    priority: int = 1

    def findings(self, text: Text) -> Iterator[Finding]:
        if not self.gate(text):
            return
        for match in self.pattern.finditer(text.text):
            if self.check(text.text, match):
                yield Finding(self.kind, *span_of(match))


@dataclass(frozen=True)
class AfterWord:
    """A regex tried only where one of its trigger words starts ("paspoort", "mevrouw", "geboren").

    The regex begins with the trigger itself; it is matched at the word, not searched for, which keeps
    long texts cheap however many triggers the pattern knows.
    """

    kind: str
    pattern: re.Pattern[str]
    words: frozenset[str]
    check: Check = always
    priority: int = 2

    def findings(self, text: Text) -> Iterator[Finding]:
        for word in self.words & text.words:
            for start in text.starts_of(word):
                match = self.pattern.match(text.text, start)
                if match is not None and self.check(text.text, match):
                    yield Finding(self.kind, *span_of(match))


@dataclass(frozen=True)
class AroundWord:
    """A regex searched for in a window around each of its trigger words: for identifiers whose words
    may come before the trigger ("Burgemeester de Withstraat 22": the trigger is the street word)."""

    kind: str
    pattern: re.Pattern[str]
    triggers: Callable[[frozenset[str]], Iterable[str]]
    before: int = 50
    after: int = 40
    gate: Gate = open_gate
    digit_near: tuple[int, int] | None = None
    priority: int = 1

    def findings(self, text: Text) -> Iterator[Finding]:
        if not self.gate(text):
            return
        seen: set[tuple[int, int]] = set()
        for word in self.triggers(text.words):
            for start in text.starts_of(word):
                if self.digit_near and not _has_a_digit(
                    text.text[max(0, start - self.digit_near[0]) : start + len(word) + self.digit_near[1]]
                ):
                    continue
                window_end = min(len(text.text), start + len(word) + self.after)
                for match in self.pattern.finditer(text.text, max(0, start - self.before), window_end):
                    span = span_of(match)
                    if span not in seen and match.start() <= start < match.end():
                        seen.add(span)
                        yield Finding(self.kind, *span)


_A_DIGIT = re.compile(r"\d")


def _has_a_digit(text: str) -> bool:
    return _A_DIGIT.search(text) is not None


def among(trigger_words: frozenset[str]) -> Callable[[frozenset[str]], Iterable[str]]:
    """The triggers of an ``AroundWord``: those of ``trigger_words`` that are in the text."""
    return lambda text_words: trigger_words & text_words


def words(text: str) -> frozenset[str]:
    """A set of trigger words written as one string (readable in a module, cheap to look up)."""
    return frozenset(text.split())
