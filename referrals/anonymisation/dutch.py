"""Dutch identifiers: BSN, V-nummer, Dutch phone numbers, e-mail, IBAN, licence plates, postcodes, addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from referrals.anonymisation.base import (
    AfterWord,
    AroundWord,
    Detector,
    Finding,
    Scan,
    Text,
    both,
    digits,
    searches,
    unbroken_digits,
    verbose,
    words,
)
from referrals.anonymisation.fragments import (
    ENGLISH_STREETS,
    HOUSE_NUMBER,
    POSTCODE,
    SP,
    STREET_AND_NUMBER,
    STREET_SUFFIXES,
)

# A BSN: nine digits, as 123456782, 123.456.782, 123 456 782 or 1234.56.782, not part of a longer number.
# The 11-test (``is_valid_bsn``) then keeps out arbitrary nine-digit numbers.
# (Each pattern that can begins with a character class, and looks behind only after it: ``re`` then skips
# ahead to the places where that class matches instead of trying every position.)
_BSN = verbose(
    r"(?P<value> \d (?<!\d\d) (?<!\d[.,\s]\d)",
    r"    (?: \d{2}(?P<sep>[.\s]?)\d{3}(?P=sep)\d{3} | \d{3}\.\d{2}\.\d{3} ) )",
    r"(?!\d) (?![.,]\d)",
)

# A V-nummer after its keyword ("V-nummer 1234567890", "v-nr 12.34.56.78.90", "vreemdelingennummer: ...").
# Without the keyword ten digits are too common (case numbers, phone numbers) to call them a V-nummer.
_V_NUMBER = verbose(
    r"(?i: \b (?: v [ -]? (?:nummer|nr|no|number) | vreemdelingen[ -]?nummer | alien[ ]number ) \b \.? )",
    r"[ ]* [:#]? [ ]* (?:is[ ]+)?",
    r"(?P<value> \d (?:[ .-]?\d){9} )",
    r"(?![.-]?\d)",
)
_V_WORDS = words("v vnummer vnr vno vnumber vreemdelingennummer vreemdelingen alien")

# A V-nummer glued to its V, as some systems print it: "V1234567890".
_V_NUMBER_GLUED = verbose(r"V (?<!\wV) \d{10} \b")

# A Dutch phone number: ten digits starting with 0, written as 0612345678, 06-12345678, 06 1234 5678,
# 020-1234567, 010 123 4567, 0172-123456 or (020) 1234567. The groupings are spelled out, so that a date
# (06-12-2023) or a date followed by a number never makes ten digits. 0800 and 0900 numbers are services.
_PHONE_NL = verbose(
    r"(?<![\w+])",
    r"(?P<value>",
    r"    06 (?:[ ]?[-/.][ ]?|[ ])?                                 # mobile: 06 and eight digits",
    r"    (?: \d{8} | \d{4}[ .-]\d{4} | \d{2}(?:[ .-]\d{2}){3}",
    r"      | \d{3}[ .-]\d{3}[ .-]\d{2} | \d{2}[ .-]\d{3}[ .-]\d{3} )",
    r"  | 0[1-57-9]\d (?:[ ]?[-/.][ ]?|[ ])?                        # area code of two digits: 020, 010",
    r"    (?: \d{7} | \d{3}[ .-]\d{4} | \d{3}[ .-]\d{2}[ .-]\d{2} | \d{2}[ .-]\d{2}[ .-]\d{3} )",
    r"  | (?!0[89]00) 0[1-57-9]\d{2} (?:[ ]?[-/.][ ]?|[ ])?          # area code of three digits: 0172",
    r"    (?: \d{6} | \d{3}[ .-]\d{3} | \d{2}[ .-]\d{2}[ .-]\d{2} )",
    r"  | \(0\d{2,3}\) [ ]? \d{6,7}                                 # (020) 1234567",
    r")",
    r"(?![.-]?\d)                                                  # not the start of a longer number",
)

# An e-mail address, also the "naam[at]domein.nl" and "naam(at)domein.nl" forms used against spam. It is
# looked for around each "@" (or "[at]"): the name before it, the domain after it.
_AT = re.compile(r"@")
_AT_IN_WORDS = re.compile(r"[ ]?[\[(]at[\])][ ]?", re.IGNORECASE)
_LOCAL_PART = re.compile(r"[\w.+-]+\Z")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")


@dataclass(frozen=True)
class EmailAddress:
    kind: str = "email"
    priority: int = 1

    def findings(self, text: Text) -> Iterator[Finding]:
        spelled_out = "[at]" in text.lower or "(at)" in text.lower
        if "@" not in text.text and not spelled_out:
            return
        ats = [*_AT.finditer(text.text), *(_AT_IN_WORDS.finditer(text.text) if spelled_out else ())]
        for at in ats:
            local = _LOCAL_PART.search(text.text, max(0, at.start() - 64), at.start())
            domain = _DOMAIN.match(text.text, at.end())
            if local is not None and domain is not None:
                yield Finding(self.kind, local.start(), domain.end())


# An IBAN: country, check digits and 11 to 30 letters or digits, either in one piece or printed in groups
# of four (NL91 ABNA 0417 1643 00). mod-97 (``is_valid_iban``) keeps out look-alike codes.
_IBAN = verbose(
    r"[A-Z] (?<![A-Za-z0-9][A-Z]) [A-Z]\d{2}",
    r"(?: [A-Z0-9]{11,30} | (?:[ ][A-Z0-9]{4}){2,7} (?:[ ][A-Z0-9]{1,3})? )",
    r"(?![A-Za-z0-9])",
)

#: The dashed shapes of Dutch licence plates (sidecodes 1-14; L is a letter, 9 a digit).
SIDECODES = (
    "LL-99-99",
    "99-99-LL",
    "99-LL-99",
    "LL-99-LL",
    "LL-LL-99",
    "99-LL-LL",
    "99-LLL-9",
    "9-LLL-99",
    "LL-999-L",
    "L-999-LL",
    "LLL-99-L",
    "9-LL-999",
    "999-LL-9",
)


def _sidecode_regex(sidecode: str, *, dashes: bool) -> str:
    shape = sidecode if dashes else sidecode.replace("-", "")
    return shape.replace("L", "[A-Za-z]").replace("9", r"\d")


# A Dutch licence plate in one of the sidecodes with its dashes, in capitals or in lower case ("ab-123-c").
# Three dashed groups are found first (cheaply), then held against the sidecodes.
_DASHED_GROUPS = re.compile(r"[A-Za-z\d]{1,3}-[A-Za-z\d]{2,3}-[A-Za-z\d]{1,3}(?![\w-])")
_SIDECODE = re.compile("|".join(_sidecode_regex(sidecode, dashes=True) for sidecode in SIDECODES))


def _is_dashed_plate(text: str, match: re.Match[str]) -> bool:
    before = text[match.start() - 1] if match.start() else " "
    return not (before.isalnum() or before in "_-") and _SIDECODE.fullmatch(match.group()) is not None


# A plate's six characters without dashes ("12ABC3", "xk123b"): a product code as often as a plate, so it
# counts only where a vehicle is mentioned close by (``_near_a_vehicle``). The 9999-LL shape is left out:
# without dashes it is a postcode.
_UNDASHED_SIDECODE = re.compile(
    "|".join(_sidecode_regex(code, dashes=False) for code in SIDECODES if code != "99-99-LL")
)


@dataclass(frozen=True)
class UndashedPlate:
    """A word of six letters and digits in a sidecode's shape, next to a vehicle."""

    kind: str = "licence_plate"
    priority: int = 1

    def findings(self, text: Text) -> Iterator[Finding]:
        if _VEHICLE_WORDS.isdisjoint(text.words):
            return
        for word in text.words:
            if len(word) == 6 and _UNDASHED_SIDECODE.fullmatch(word):
                for start in text.starts_of(word):
                    dashed = "-" in (text.text[start - 1 : start], text.text[start + 6 : start + 7])
                    if not dashed and _near_a_vehicle(text.text, start, start + 6):
                        yield Finding(self.kind, start, start + 6)


# Words for a vehicle (and its makes) that make six letters and digits next to them a plate.
_VEHICLE_WORDS = words(
    """
    auto autos wagen busje bus bestelbus bestelbusje bestelauto personenauto vrachtwagen vrachtauto truck taxi
    motor scooter car cars van minibus vehicle voertuig voertuigen kenteken kentekenplaat plate plates
    bmw mercedes audi volkswagen vw opel ford toyota renault peugeot citroen citroën skoda fiat dacia volvo seat
    kia hyundai nissan mazda tesla
    """
)
# "van" is a vehicle in English only after an article or a colour ("the van", "a white van"): in Dutch it
# means "of", in nearly every sentence.
_VEHICLE_NEAR = re.compile(
    r"\b(?:"
    + "|".join(sorted(_VEHICLE_WORDS - {"van"}, key=len, reverse=True))
    + r"|(?:the|a|white|black|grey|gray|silver|blue|red|green|small|delivery|transit|his|her|their)\s+van)\b",
    re.I,
)


def _near_a_vehicle(text: str, start: int, end: int) -> bool:
    """A vehicle word within the same sentence, at most 60 characters before or 40 after the plate."""
    before = re.split(r"[.!?;\n]", text[max(0, start - 60) : start])[-1]
    after = re.split(r"[.!?;\n]", text[end : end + 40])[0]
    return bool(_VEHICLE_NEAR.search(before) or _VEHICLE_NEAR.search(after))


# Any plate after the word for it, Dutch or foreign, with or without dashes ("kenteken 12ABC3",
# "licence plate B 123 ABC", "kenteken: CA 1234 AB", "kenteken gbrt12"); it must mix letters and digits.
_LICENCE_PLATE_AFTER_KEYWORD = verbose(
    r"(?i: \b (?: kenteken(?:nummer|plaat)? | nummerplaat | licen[cs]e[ ]plate(?:[ ]number)? | number[ ]plate",
    r"          | registration[ ]number | plate ) \b )",
    r"[ ]* :? [ ]* (?: (?:is|was) [ ]+ )?",
    r"(?P<value> (?: [A-Z0-9]{1,8} (?: [ -][A-Z0-9]{1,5} ){0,3} | [a-z0-9]{4,8} ) )",
    r"(?![\w-])",
)
_PLATE_WORDS = words("kenteken kentekennummer kentekenplaat nummerplaat licence license number plate registration")


def _is_plate(text: str, match: re.Match[str]) -> bool:
    value = match.group("value")
    letters_and_digits = [char for char in value if char.isalnum()]
    has_both = any(char.isalpha() for char in value) and any(char.isdigit() for char in value)
    return has_both and 4 <= len(letters_and_digits) <= 10


# Common two-letter abbreviations that can follow a year or an amount ("in 2023 EU 12 ..."); after a bare
# four-digit number they are not read as postcode letters.
_NOT_POSTCODE_LETTERS = r"(?: EU | NL | VS | US | UK | BV | NV | VN | UN | ID | AM | PM | KM | KG | CM | TV | PV )\b"

# Lower-case pairs of letters that are words or units ("in 2023 en 12", "1000 km 3"), never postcode letters.
_COMMON_PAIRS = (
    r"(?: en | in | op | of | te | is | at | to | an | by | om | na | as | or | on | it | he | we | me | be | do"
    r" | go | so | up | us | no | ik | je | ze | er | al | nu | zo | uw | ja | ex | vs | eu | pm | am | km | kg | cm"
    r" | mm | ml | mg | sa | sd | ss )\b"
)

# A postcode with a house number, in the orders people write them: "1012 AB 12", "1012AB, nr 5",
# "Damstraat 12, 1012AB", "nummer 12, 1012 AB", and without a space or in lower case: "1012AB12",
# "1012ab 12". A postcode alone (about twenty addresses) is no finding. The forms that start with the
# postcode are one pattern, those that start with the street or the word "nummer" are searched for around
# that word.
_POSTCODE_FIRST = verbose(
    r"[1-9] (?<![\w.,][1-9]) \d{3}",
    r"(?: " + SP + r"?(?!S[ADS]) (?!" + _NOT_POSTCODE_LETTERS + r") [A-Z]{2}\b [ ,]+ " + HOUSE_NUMBER,
    r"  | " + SP + r"?(?!S[ADS])[A-Z]{2}\b [ ,]* (?i: huisnummer | nummer | nr | no ) \.? [ ]* " + HOUSE_NUMBER,
    r"  | (?!(?i:S[ADS]|km|kg|cm|mm|ml|mg|uur)) [A-Za-z]{2} \d{1,5} (?:[a-z]\b)? (?![\w-]) (?![.,:]\d)",
    r"  | " + SP + r"? (?!" + _COMMON_PAIRS + r") [a-z]{2}\b [ ,]+ " + HOUSE_NUMBER,
    r")",
)
_POSTCODE_AFTER = verbose(
    r"(?<![\w.,])",
    r"(?: (?: " + STREET_AND_NUMBER + r" ) ,? [ ]* " + POSTCODE,
    r"  | (?i: huisnummer | nummer | nr | no ) \.? [ ]* \d{1,5}[a-zA-Z]? ,? [ ]+ " + POSTCODE,
    r")",
)
_HAS_A_POSTCODE = searches(r"[1-9]\d{3} ?[A-Za-z]{2}")


def _street_words(words: frozenset[str]) -> set[str]:
    return {word for word in words if word.endswith(STREET_SUFFIXES) or word in ENGLISH_STREETS}


def _street_or_number_words(words: frozenset[str]) -> set[str]:
    return _street_words(words) | (words & {"huisnummer", "nummer", "nr", "no"})


# A street with a house number and no postcode: an address all the same.
_ADDRESS = verbose(r"(?: " + STREET_AND_NUMBER + r" )")


# --- checks behind the patterns ---------------------------------------------------------------------------------------


def is_valid_bsn(digits: str) -> bool:
    """The 11-test (elfproef) of a BSN: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11, not all zeros."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(weight * int(digit) for weight, digit in zip(weights, digits, strict=True)) % 11 == 0


def is_valid_iban(iban: str) -> bool:
    """ISO 13616 / ISO 7064 mod-97: the country and check digits moved to the end, letters as 10-35, give 1."""
    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def only_digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _is_bsn(text: str, match: re.Match[str]) -> bool:
    return is_valid_bsn(only_digits(match.group("value")))


def _is_iban(text: str, match: re.Match[str]) -> bool:
    return is_valid_iban(match.group())


DETECTORS: tuple[Detector, ...] = (
    Scan("bsn", _BSN, _is_bsn, gate=digits(9)),
    AfterWord("v_number", _V_NUMBER, _V_WORDS),
    Scan("v_number", _V_NUMBER_GLUED, gate=unbroken_digits(10)),
    Scan("phone", _PHONE_NL, gate=digits(10)),
    EmailAddress(),
    Scan("iban", _IBAN, _is_iban, gate=both(digits(6), searches(r"[A-Z]{2}\d\d"))),
    Scan("licence_plate", _DASHED_GROUPS, _is_dashed_plate, gate=lambda text: "-" in text.text),
    UndashedPlate(),
    AfterWord("licence_plate", _LICENCE_PLATE_AFTER_KEYWORD, _PLATE_WORDS, _is_plate),
    Scan("postcode_house_number", _POSTCODE_FIRST, gate=_HAS_A_POSTCODE),
    AroundWord(
        "postcode_house_number",
        _POSTCODE_AFTER,
        _street_or_number_words,
        before=50,
        after=60,
        gate=_HAS_A_POSTCODE,
        digit_near=(0, 12),
    ),
    AroundWord("address", _ADDRESS, _street_words, gate=digits(1), digit_near=(15, 40)),
)
