"""Dutch first, English available: every message has an English translation, compiled."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    text = PO.read_text()
    assert "#, fuzzy\nmsgid" not in text
    entries = re.findall(r'\nmsgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', text)
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstr in entries[1:] if msgstr.strip() == '""']
    assert untranslated == []


def test_the_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Pagina niet gevonden") == "Page not found"
