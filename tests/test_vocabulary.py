"""The codes people type (languages, nationalities) are read the same way everywhere."""

from __future__ import annotations

import pytest

from directory.vocabulary import language_codes, nationality_code, nationality_group


def test_language_codes_from_text_or_list():
    assert language_codes(" RO, en ,ro,,prs") == ["ro", "en", "prs"]
    assert language_codes(["ti", "TI"]) == ["ti"]
    assert language_codes("") == []


@pytest.mark.parametrize("raw", ["Roemeens", "r", "ro-RO", "12"])
def test_language_codes_refuse_other_shapes(raw):
    with pytest.raises(ValueError, match="ISO 639"):
        language_codes(raw)


@pytest.mark.parametrize(
    ("raw", "code", "group"),
    [("ro", "RO", "eu"), (" NG ", "NG", "non_eu"), ("nl", "NL", "nl"), ("Unknown", "unknown", "unknown")],
)
def test_nationality_code_and_group(raw, code, group):
    assert nationality_code(raw) == code
    assert nationality_group(code) == group


@pytest.mark.parametrize("raw", ["Roemenië", "ROU", "R", ""])
def test_nationality_code_refuses_other_shapes(raw):
    with pytest.raises(ValueError, match="ISO 3166"):
        nationality_code(raw)
