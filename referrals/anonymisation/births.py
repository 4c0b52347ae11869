"""Dates and years of birth, and an exact age together with a place of birth.

A date is a date of birth only where a word for birth stands next to it, before ("geboren 12-03-1998",
"DOB: 3/12/1998", "născută la 12.03.1998", "born in 1998") or after ("op 12 maart 1998 geboren"):
dates of events have no such word and are left alone. An age alone or a town of birth alone
describes many people; the two in one sentence ("23 jaar, geboren in Iași") narrow it to a few.
A country or a wide region of birth ("geboren in Roemenië") is no place of birth in that sense.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from referrals.anonymisation.base import AfterWord, AroundWord, Finding, Text, among, verbose, words
from referrals.anonymisation.fragments import DATE, UPPER, YEAR
from referrals.anonymisation.wordlists import COUNTRIES

_BIRTH_WORD = r"""
    (?: geboren | geb\b\.? | geboortedatum | geb\.?[ ]?datum | geboortejaar | born | date[ ]of[ ]birth
      | birth[ ]?date | year[ ]of[ ]birth | birth[ ]year | d\.?o\.?b\b\.? | născut[ăa]? | nascut[aă]?
      | data[ ]na[șs]terii | urodzon[ay] | ur\. | data[ ]urodzenia | роден[ао]? | дата[ ]на[ ]раждане
      | született | szül\. | születési[ ](?:idő|dátum|év) | народил(?:ася|ся) | дата[ ]народження
      | ngày[ ]sinh | sinh[ ]ngày | sinh[ ]năm | nascid[oa] | nasceu | data[ ]de[ ]nascimento | ipinanganak
      | petsa[ ]ng[ ]kapanganakan | née? | date[ ]de[ ]naissance | geburtsdatum | fecha[ ]de[ ]nacimiento
      | nacid[oa] )
"""
_BIRTH_WORDS = words(
    """
    geboren geb geboortedatum geboortejaar born date birth birthdate year d dob născut născută nascut nascuta
    data urodzona urodzony ur роден родена родено дата született szül születési народилася народився ngày sinh
    nascido nascida nasceu ipinanganak petsa né née geburtsdatum fecha nacido nacida
    """
)

# A capitalised name of a place, in the (?-i:) case of a pattern that is otherwise case-insensitive.
_PLACE = r"(?-i:[" + UPPER + r"])[\w'\u2019-]*"

# After the birth word: perhaps the place ("geboren te Constanta op ..."), then words such as "op", "on
# the", "am", "la", "dnia", then the date or the year. No comma: "geboren in Roemenië, in 2023 ..." is
# about two things.
_DATE_OF_BIRTH = verbose(
    r"\b" + _BIRTH_WORD,
    r"(?: [ ]+ (?: in | te | at | w | în | la | à | em ) [ ]+ " + _PLACE + r" (?: [ ]" + _PLACE + r" )? )?",
    r"(?: [ ]* (?: : | \( | (?: is | was | op | on | the | am | le | la | dnia | em | in | het[ ]jaar | the[ ]year",
    r"                 | year ) \b ) ){0,3} [ ]*",
    r"(?P<value>" + DATE + r"| " + YEAR + r")",
    flags=re.IGNORECASE,
)

# The date or the year first and the birth word after it: "op 12-03-1998 geboren", "in 1998 in Lagos geboren".
_DATE_BEFORE_BIRTH = verbose(
    r"(?P<value>" + DATE + r"| (?<=\bin[ ]) " + YEAR + r") (?<!\.)      # no full stop: a new sentence",
    r"[ ]+ (?: (?: in | te ) [ ]+ " + _PLACE + r" [ ]+ )? (?: geboren | born ) \b",
    flags=re.IGNORECASE,
)

# An exact age: "23 jaar oud", "(zij) is 23 jaar", "van 23 jaar", "23-jarige", "aged 23", "23 years old",
# "(23)", "she is 23". It starts at the number where a verb or "van" comes before it.
_AFTER_A_VERB = r"(?: (?<=\bis[ ]) | (?<=\bwas[ ]) | (?<=\bwerd[ ]) | (?<=\bwordt[ ]) | (?<=\bvan[ ]) )"
_AGE = verbose(
    r"(?: " + _AFTER_A_VERB + r" \d{1,2} [ ]+ jaar \b (?: [ ]oud \b )?",
    r"  | \b \d{1,2} [ ]+ jaar [ ]+ oud \b",
    r"  | \b \d{1,2} -? jarige? \b",
    r"  | \b \d{1,2} [ -] years? [ -] old \b",
    r"  | \b \d{1,2} [ ]? (?: jr | yrs? | y/o | yo ) (?![\w/])",
    r"  | \b (?: aged | age | leeftijd ) [ ]* :? [ ]* \d{1,2} \b",
    r"  | \( [1-9]\d \)",
    r"  | " + _AFTER_A_VERB + r" \d{1,2} \b (?= [ ]* (?: [,.;)] | en \b | and \b | $ ) ) )",
    flags=re.IGNORECASE,
)

# A place of birth: "geboren in Iași", "born in Benin City", "geboorteplaats: Varna".
_BIRTHPLACE = verbose(
    r"(?: \b (?: geboren | born | geb\.? | născut[ăa]? | nascut[aă]? | urodzon[ay] ) [ ]+",
    r"    (?: in | te | at | w | în | la | à | em ) [ ]+",
    r"  | \b (?: geboorteplaats | geboortestad | geboortedorp | place[ ]of[ ]birth | birthplace | birth[ ]place",
    r"       | hometown | home[ ]town | locul[ ]na[șs]terii | miejsce[ ]urodzenia ) [ ]* :? [ ]* )",
    r"(?P<place> " + _PLACE + r" (?: [ -] " + _PLACE + r" )? )",
    flags=re.IGNORECASE,
)
_BIRTHPLACE_WORDS = words(
    """
    geboren born geb născut născută nascut nascuta urodzona urodzony geboorteplaats geboortestad geboortedorp
    place birthplace birth hometown home locul miejsce
    """
)

# Where a sentence ends (not after the abbreviations case notes use: geb., ca., nr., dhr., mevr., mw.).
_SENTENCE_END = re.compile(r"(?<!\bgeb)(?<!\bca)(?<!\bnr)(?<!\bdhr)(?<!\bmevr)(?<!\bmw)[.!?](?=\s|$)|[\n;]")


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    begin = max(0, start - 300)  # a sentence longer than this is cut; the age must be near the place anyway
    for boundary in _SENTENCE_END.finditer(text, begin, start):
        begin = boundary.end()
    after = _SENTENCE_END.search(text, end)
    return begin, after.start() if after else len(text)


@dataclass(frozen=True)
class AgeAndBirthplace:
    """An exact age and a town of birth in one sentence; the finding spans from the first to the last."""

    kind: str = "age_birthplace"
    priority: int = 2

    def findings(self, text: Text) -> Iterator[Finding]:
        if text.longest_number == 0:
            return
        for word in _BIRTHPLACE_WORDS & text.words:
            for start in text.starts_of(word):
                place = _BIRTHPLACE.match(text.text, start)
                if place is not None and place.group("place").casefold() not in COUNTRIES:
                    yield from self._with_an_age(text, place)

    def _with_an_age(self, text: Text, place: re.Match[str]) -> Iterator[Finding]:
        begin, end = _sentence_around(text.text, place.start(), place.end())
        age = _AGE.search(text.text, begin, end)
        if age is not None:
            yield Finding(self.kind, min(age.start(), place.start()), max(age.end(), place.end()))


DETECTORS = (
    AfterWord("date_of_birth", _DATE_OF_BIRTH, _BIRTH_WORDS),
    AroundWord(
        "date_of_birth",
        _DATE_BEFORE_BIRTH,
        among(words("geboren born")),
        before=45,
        after=0,
        digit_near=(45, 0),
        priority=2,
    ),
    AgeAndBirthplace(),
)
