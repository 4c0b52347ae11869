"""The generated word lists in ``data/``, read once at import (see ``scripts/generate_name_lists.py``)."""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> frozenset[str]:
    """The entries of one list, case-folded; lines starting with # are comments."""
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


#: Given names from the countries people are referred from and from around the Netherlands, without the
#: ones that are also places, nationalities, months, weekdays, organisations or ordinary words.
GIVEN_NAMES = _load("given_names.txt")

#: Surnames, filtered the same way.
SURNAMES = _load("surnames.txt")

#: Countries, continents and wide regions (Dutch and English): a place of birth this wide names no town.
COUNTRIES = _load("countries.txt")
