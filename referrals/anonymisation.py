"""Does a piece of free text hold a direct identifier of a person? (DESIGN §1: referrals are anonymised.)

A referral's free text (summary, reasons) may describe what happened, but never
who it happened to. ``find_identifiers`` looks for the identifiers people
actually type: a BSN, a V-nummer, a phone number, an e-mail address, an IBAN, a
licence plate, an address or postcode with house number, a date of birth, and a
name introduced by a title or by "genaamd"/"named". ``check_fields`` does that
for the fields of a form or request, ``describe`` turns the kinds found into a
message for the person typing.

Every finding carries only its kind and its position, so that a page can
highlight it; the matched text itself is never returned or put in a message.

Each detector is a readable regular expression plus, where the shape alone
would catch ordinary case text, a check (the 11-test for a BSN, mod-97 for an
IBAN, a birth word before a date, a capital letter after a title). The detectors
lean towards letting ordinary text through: hours, wages, ages, dates of events,
counts, years, places and nationalities are never findings. It will miss what
has no recognisable shape: a bare first name ("Maria werkte ..."), a street
without a house number, a foreign address, an obfuscated phone number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Finding:
    """One suspected identifier: what kind it is and where it is (``text[start:end]``)."""

    kind: str
    start: int
    end: int


#: What each kind is called in a message, Dutch first.
KIND_LABELS: dict[str, Promise] = {
    "bsn": _("burgerservicenummer (BSN)"),
    "v_number": _("V-nummer (vreemdelingennummer)"),
    "phone": _("telefoonnummer"),
    "email": _("e-mailadres"),
    "iban": _("bankrekeningnummer (IBAN)"),
    "licence_plate": _("kenteken"),
    "postcode_house_number": _("postcode met huisnummer"),
    "address": _("adres (straat en huisnummer)"),
    "date_of_birth": _("geboortedatum"),
    "name": _("naam"),
}


def _verbose(*parts: str, flags: int = 0) -> re.Pattern[str]:
    """Compile pattern pieces (shared fragments and local parts) as one verbose regex."""
    return re.compile("\n".join(parts), re.VERBOSE | flags)


# --- shared fragments -------------------------------------------------------------------------------------------------

# A space as typed or pasted (a non-breaking space comes along when text is copied from a document).
_SP = r"[ \u00a0]"

# Words that make the number before them a quantity (14 uur, 3 keer, 12 vrouwen), never a house number.
_QUANTITY = r"""
    (?: uur | uren | jaar | jaren | keer | dag | dagen | week | weken | maand | maanden | minuten | euro | eur
      | procent | mensen | personen | vrouwen | mannen | meisjes | jongens | kinderen | slachtoffers | km
      | hours? | years? | days? | weeks? | months? | times | people | persons | women | men | girls | boys
      | victims )\b
"""

# Every capital letter of the Latin, Greek and Cyrillic scripts, so that "Şahin", "Łukasz" and "Ștefan" count
# as capitalised names (``re`` has no \p{Lu}).
_UPPER = "".join(char for char in map(chr, range(0x41, 0x530)) if char.isalpha() and char.isupper())
_CAPITALISED_WORD = "[" + _UPPER + r"][\w'\u2019-]*"  # U+2019: the typographic apostrophe

# Dutch and English month names and their usual abbreviations.
_MONTH = r"""
    (?: jan(?:uari|uary)? | feb(?:ruari|ruary)? | maart | mrt | mar(?:ch)? | apr(?:il)? | mei | may
      | jun[ie]? | jul[iy]? | aug(?:ustus|ust)? | sep(?:t(?:ember)?)? | o[ck]t(?:ober)? | nov(?:ember)?
      | dec(?:ember)? ) \b \.?
"""

# A full calendar date (day, month and year) as people write it; a year or a month alone is no date of birth.
_DATE = (
    r"""
    (?: \d{1,2} [-/.] \d{1,2} [-/.] (?:\d{4}|\d{2}) \b              # 12-03-1998, 3/12/98, 12.03.1998
      | \d{4} - \d{1,2} - \d{1,2} \b                                # 1998-03-12 (ISO)
      | \d{1,2} (?:st|nd|rd|th|e|ste)? [ ]+ (?:of[ ]+)? """
    + _MONTH
    + r""" [ ]+ \d{4}                                               # 12 maart 1998, 12th of March 1998
      | """
    + _MONTH
    + r""" [ ]+ \d{1,2} (?:st|nd|rd|th)? ,? [ ]+ \d{4}              # March 12, 1998
    )
"""
)

# A Dutch postcode: four digits (no leading zero), two capitals; SA, SD and SS are never issued.
_POSTCODE = r"[1-9]\d{3}" + _SP + r"?(?!S[ADS])[A-Z]{2}\b"

# A house number, with an optional letter or addition (12, 12a, 12-3), that is not a quantity or a time.
_HOUSE_NUMBER = r"\d{1,5}(?:[a-zA-Z]|-\d{1,4})?\b(?![.,:]\d)(?!" + _SP + "*" + _QUANTITY + ")"

# The last part of most Dutch street names (Kerkstraat, Stationsweg, Prinsengracht). "dam" is left out on
# purpose: it would make every "Amsterdam 12" or "Rotterdam 3" an address.
_STREET_SUFFIX = r"""
    (?: straat | straatweg | laan | weg | plein | gracht | kade | singel | dijk | dreef | steeg | pad | hof
      | plantsoen | burgwal | wal | markt | park | boulevard | allee )
"""

# A street name and house number: "Kerkstraat 12", "Laan van Meerdervoort 100", "12 Baker Street".
_STREET_AND_NUMBER = (
    r"""
    (?: (?<!\w) (?: (?:Van|Burgemeester|Oude|Nieuwe|Korte|Lange|Eerste|Tweede|Derde|Sint|Prins|Prinses|Koningin
                     |Koning|Graaf|Dokter) [ ] (?: (?:van|de|der|den|het|ter) [ ] )* )?  # Burgemeester de Withstraat
        [A-Z][\w'-]*? """
    + _STREET_SUFFIX
    + r""" \b                                                   # Kerkstraat, Amsterdamsestraatweg
        (?<! Onderweg ) (?<! Halfweg ) (?<! Snelweg )               # words that end like a street but are none
      | \b (?:Laan|Plein|Weg|Kade|Singel|Dreef|Hof|Park|Gracht|Dijk|Straat) [ ]
        (?: (?:van|de|der|den|het|ter|te|op|aan|'t|voor|achter|bij) [ ] ){1,3} [A-Z][\w'-]*   # Laan van Meerdervoort
      | \b (?:[A-Z][a-z]+[ ]){1,3} (?:Street|Road|Avenue|Lane|Drive|Square)                  # Baker Street 12
    )
    """
    + _SP
    + r"""+ """
    + _HOUSE_NUMBER
    + r"""
      | \b \d{1,5}[a-z]? [ ] (?:[A-Z][a-z]+[ ]){1,3} (?:Street|Road|Avenue|Lane|Drive|Square) \b   # 12 Baker Street
"""
)


# --- the patterns, one per way of writing an identifier ---------------------------------------------------------------

# A BSN: nine digits, as 123456782, 123.456.782, 123 456 782 or 1234.56.782, not part of a longer number.
# The 11-test (``is_valid_bsn``) then keeps out arbitrary nine-digit numbers.
_BSN = _verbose(
    r"(?<!\d) (?<!\d[.,\s])",
    r"(?P<value> \d{3}(?P<sep>[.\s]?)\d{3}(?P=sep)\d{3} | \d{4}\.\d{2}\.\d{3} )",
    r"(?!\d) (?![.,]\d)",
)

# A V-nummer after its keyword ("V-nummer 1234567890", "v-nr 12.34.56.78.90", "vreemdelingennummer: ...").
# Without the keyword ten digits are too common (case numbers, phone numbers) to call them a V-nummer.
_V_NUMBER = _verbose(
    r"(?i: \b (?: v [ -]? (?:nummer|nr|no|number) | vreemdelingen[ -]?nummer | alien[ ]number ) \b \.? )",
    r"[ ]* [:#]? [ ]* (?:is[ ]+)?",
    r"(?P<value> \d (?:[ .-]?\d){9} )",
    r"(?![.-]?\d)",
)

# A V-nummer glued to its V, as some systems print it: "V1234567890".
_V_NUMBER_GLUED = _verbose(r"\b V\d{10} \b")

# A Dutch phone number: ten digits starting with 0, written as 0612345678, 06-12345678, 06 1234 5678,
# 020-1234567, 010 123 4567, 0172-123456 or (020) 1234567. The groupings are spelled out, so that a date
# (06-12-2023) or a date followed by a number never makes ten digits. 0800 and 0900 numbers are services.
_PHONE_NL = _verbose(
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

# An international number: + or 00, a country code and the subscriber's digits in groups
# (+31 6 12345678, +31 (0)20 123 4567, +40 712 345 678, 00 44 7700 900123). The total number of digits
# (9 to 15, E.164) is checked afterwards.
_PHONE_INTERNATIONAL = _verbose(
    r"(?<![\w+.,:])",
    r"(?P<value>",
    r"    (?: \+ | \b00[ ]? ) [1-9]\d{0,2}          # international prefix and country code",
    r"    (?: [ .-]? \(0\) )?                       # the trunk 0 some people add in brackets",
    r"    (?: [ .-]? \d{1,4} ){2,6}                 # the number, in groups",
    r")",
    r"(?!\d)",
)

# An e-mail address, also the "naam[at]domein.nl" and "naam(at)domein.nl" forms used against spam.
_EMAIL = _verbose(
    r"(?<![\w.+-])",
    r"[\w.+-]+ (?: @ | [ ]? [\[(] at [\])] [ ]? ) [\w-]+ (?:\.[\w-]+)* \.[A-Za-z]{2,} \b",
)

# An IBAN: country, check digits and 11 to 30 letters or digits, either in one piece or printed in groups
# of four (NL91 ABNA 0417 1643 00). mod-97 (``is_valid_iban``) keeps out look-alike codes.
_IBAN = _verbose(
    r"(?<![A-Za-z0-9])",
    r"(?: [A-Z]{2}\d{2}[A-Z0-9]{11,30}",
    r"  | [A-Z]{2}\d{2} (?:[ ][A-Z0-9]{4}){2,7} (?:[ ][A-Z0-9]{1,3})? )",
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


def _sidecode_regex(sidecode: str) -> str:
    return sidecode.replace("L", "[A-Z]").replace("9", r"\d")


# A Dutch licence plate in one of the sidecodes, dashes required: undashed six-character codes are too
# common (product codes, references) to call them plates without the word "kenteken".
_LICENCE_PLATE = _verbose(
    r"(?<![\w-])",
    "(?: " + " | ".join(_sidecode_regex(sidecode) for sidecode in SIDECODES) + " )",
    r"(?![\w-])",
)

# Any plate after the word for it, Dutch or foreign, with or without dashes ("kenteken 12ABC3",
# "licence plate B 123 ABC", "kenteken: CA 1234 AB"); it must mix letters and digits (see ``_is_plate``).
_LICENCE_PLATE_AFTER_KEYWORD = _verbose(
    r"(?i: \b (?: kenteken(?:nummer)? | nummerplaat | licen[cs]e[ ]plate(?:[ ]number)? | number[ ]plate ) \b )",
    r"[ ]* :? [ ]* (?: (?:is|was) [ ]+ )?",
    r"(?P<value> [A-Z0-9]{1,8} (?: [ -][A-Z0-9]{1,4} ){0,3} )",
    r"(?![\w-])",
)

# Common two-letter abbreviations that can follow a year or an amount ("in 2023 EU 12 ..."); after a bare
# four-digit number they are not read as postcode letters.
_NOT_POSTCODE_LETTERS = r"(?: EU | NL | VS | US | UK | BV | NV | VN | UN | ID | AM | PM | KM | KG | CM | TV | PV )\b"

# A postcode with a house number, in the orders people write them: "1012 AB 12", "1012AB, nr 5",
# "Damstraat 12, 1012AB", "nummer 12, 1012 AB". A postcode alone (about twenty addresses) is no finding.
_POSTCODE_HOUSE_NUMBER = _verbose(
    r"(?<![\w.,])",
    r"(?: [1-9]\d{3}" + _SP + r"?(?!S[ADS]) (?!" + _NOT_POSTCODE_LETTERS + r") [A-Z]{2}\b [ ,]+ " + _HOUSE_NUMBER,
    r"  | " + _POSTCODE + r" [ ,]* (?i: huisnummer | nummer | nr | no ) \.? [ ]* " + _HOUSE_NUMBER,
    r"  | (?: " + _STREET_AND_NUMBER + r" ) ,? [ ]* " + _POSTCODE,
    r"  | (?i: huisnummer | nummer | nr | no ) \.? [ ]* \d{1,5}[a-zA-Z]? ,? [ ]+ " + _POSTCODE,
    r")",
)

# A street with a house number and no postcode: an address all the same.
_ADDRESS = _verbose(r"(?: " + _STREET_AND_NUMBER + r" )")

# A date after a word for birth: "geboren 12-03-1998", "geb. 12/03/1998", "geboortedatum 1998-03-12",
# "born on 12 March 1998", "DOB: 3/12/1998", "geboren te Constanta op 03-05-2001". Dates of events have no
# such word before them and are left alone.
_DATE_OF_BIRTH = _verbose(
    r"\b (?: geboren | geb\b\.? | geboortedatum | geb\.?[ ]?datum | born | date[ ]of[ ]birth | birth[ ]?date",
    r"     | d\.?o\.?b\b\.? )",
    r"(?: [ ]+ (?:in|te|at) [ ]+ (?-i:[A-Z])[\w-]* (?:[ ](?-i:[A-Z])[\w-]*)? )?     # place of birth",
    r"[ ]* (?: : | is | was )? [ ]* (?: (?:op|on) [ ]+ (?:the[ ]+)? )?",
    r"(?P<value>" + _DATE + r")",
    flags=re.IGNORECASE,
)

# Words that may stand between a title and a surname: "mevrouw De Vries", "de heer van der Berg".
_TUSSENVOEGSEL = (
    r"(?: [Vv]an | [Dd]e[nr]? | [Tt]er | [Tt]en | [Tt]e | [Hh]et | 't | [Ee]l | [Aa]l | [Bb]in | [Dd]a | [Dd]os )"
)

_TUSSENVOEGSEL_WORD = re.compile(_TUSSENVOEGSEL, re.VERBOSE)

# A name: one to three capitalised words, each possibly after tussenvoegsels.
_NAME_WORDS = (
    "(?: "
    + _TUSSENVOEGSEL
    + " [ ]+ )* "
    + _CAPITALISED_WORD
    + " (?: [ ]+ (?: "
    + _TUSSENVOEGSEL
    + " [ ]+ )* "
    + _CAPITALISED_WORD
    + " ){0,2}"
)

# A name after what introduces one: a title (mevrouw, mevr., mw., meneer, dhr., de heer, Mr, Mrs, Ms, Miss)
# or a phrase (genaamd, heet, met de naam, zijn naam is, named, called, her name is, alias). The name must be
# capitalised, so "mevrouw was bang" and "named in the report" are no names. "called" counts only after a
# verb or a person ("is called", "a woman called"), because "she called Fier" is a phone call.
_NAME = _verbose(
    r"(?P<trigger>",
    r"    (?i: \b (?: mevrouw | mevr | mw | meneer | mijnheer | dhr | de[ ]heer ) \b \.? )",
    r"  | \b (?: Mr | Mrs | Ms | Miss | Mister | Madam | Madame | mr ) \b \.?",
    r"  | (?i: \b (?: genaamd | heet | heette | named | alias | a\.k\.a\. | aka | bijnaam | roepnaam | nickname",
    r"             | noemt[ ]zich | noemde[ ]zich | goes[ ]by (?:[ ]the[ ]name (?:[ ]of)? )?",
    r"             | (?:met|onder) [ ] de [ ] naam",
    r"             | (?:naam|name) [ ]* (?: (?:is|was) \b | : ) ) )",
    r"  | (?i: \b (?: is | was | are | were | be | been | being | also | woman | man | girl | boy | lady | person",
    r"             | someone | friend | sister | brother | cousin | boss | pimp | madam ) [ ]+ called \b )",
    r")",
    r"[ ]* [\"'\u2018\u201c]?                     # an opening quote: genaamd 'Bella'",
    r"(?P<value>" + _NAME_WORDS + r")",
)

# Capitalised words that follow a title or "genaamd" without being anyone's name: organisations
# (often named in referrals), placeholders, days and months.
_NOT_NAMES = frozenset(
    {
        "anoniem",
        "anonymous",
        "arbeidsinspectie",
        "avim",
        "coa",
        "comensha",
        "fier",
        "ggd",
        "ind",
        "inspectie",
        "jeugdzorg",
        "kmar",
        "marechaussee",
        "n.n.",
        "nn",
        "onbekend",
        "police",
        "politie",
        "slachtofferhulp",
        "unknown",
        "uwv",
        "x",
        # English capitalises days and months: "she was called Monday morning".
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august", "september", "october"),
        *("november", "december"),
    }
)

# After "genaamd"/"named"/"called" these words make the name one of a business, group or place, not of a person.
_NAMED_THING = re.compile(
    r"(?i: \b (?: bedrijf | uitzendbureau | bureau | salon | nagelsalon | club | bar | restaurant | hotel | winkel"
    r" | company | agency | firm | shop | website | site | app | boat | ship | schip | dorp | village | town"
    r" | stad | city | stichting | kwekerij | farm | groep | group | bende | gang | netwerk | network | platform"
    r" | organisatie | organisation | organization ) [ ]* $ )",
    re.VERBOSE,
)

# "mevrouw van Roemeense afkomst" describes where she is from, not who she is.
_ORIGIN_AFTER = re.compile(
    r"[ ]+ (?i: afkomst | nationaliteit | origine | herkomst | komaf | origin | nationality | descent | background )\b",
    re.VERBOSE,
)


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


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _is_bsn(text: str, match: re.Match[str]) -> bool:
    return is_valid_bsn(_digits(match.group("value")))


def _is_iban(text: str, match: re.Match[str]) -> bool:
    return is_valid_iban(match.group())


def _is_international_phone(text: str, match: re.Match[str]) -> bool:
    """Country code and number together have 9 to 15 digits (the 00 prefix and a "(0)" not counted)."""
    value = match.group("value").replace("(0)", "")
    prefix = 2 if value.startswith("00") else 0
    return 9 <= len(_digits(value)) - prefix <= 15


def _is_plate(text: str, match: re.Match[str]) -> bool:
    value = match.group("value")
    letters_and_digits = [char for char in value if char.isalnum()]
    has_both = any(char.isalpha() for char in value) and any(char.isdigit() for char in value)
    return has_both and 4 <= len(letters_and_digits) <= 10


def _is_name(text: str, match: re.Match[str]) -> bool:
    """A capitalised word after a trigger is a name unless it names an organisation, origin or business."""
    words = match.group("value").split()
    surname = next((word for word in words if not _TUSSENVOEGSEL_WORD.fullmatch(word)), "")
    if not surname or surname.lower() in _NOT_NAMES:
        return False
    if _ORIGIN_AFTER.match(text, match.end()):
        return False
    return not _NAMED_THING.search(text, 0, match.start("trigger"))


def _always(text: str, match: re.Match[str]) -> bool:
    return True


# --- running the detectors --------------------------------------------------------------------------------------------

_Check = Callable[[str, re.Match[str]], bool]


@dataclass(frozen=True)
class _Detector:
    """One way an identifier of ``kind`` is written, and the check a match must pass."""

    kind: str
    pattern: re.Pattern[str]
    check: _Check = _always

    def findings(self, text: str) -> Iterator[Finding]:
        """Where the pattern matches and the check agrees; the span is the group ``value`` if there is one."""
        for match in self.pattern.finditer(text):
            if self.check(text, match):
                group = "value" if "value" in self.pattern.groupindex else 0
                yield Finding(start=match.start(group), end=match.end(group), kind=self.kind)


_DETECTORS = (
    _Detector("bsn", _BSN, _is_bsn),
    _Detector("v_number", _V_NUMBER),
    _Detector("v_number", _V_NUMBER_GLUED),
    _Detector("phone", _PHONE_NL),
    _Detector("phone", _PHONE_INTERNATIONAL, _is_international_phone),
    _Detector("email", _EMAIL),
    _Detector("iban", _IBAN, _is_iban),
    _Detector("licence_plate", _LICENCE_PLATE),
    _Detector("licence_plate", _LICENCE_PLATE_AFTER_KEYWORD, _is_plate),
    _Detector("postcode_house_number", _POSTCODE_HOUSE_NUMBER),
    _Detector("address", _ADDRESS),
    _Detector("date_of_birth", _DATE_OF_BIRTH),
    _Detector("name", _NAME, _is_name),
)


def _drop_nested(findings: set[Finding]) -> list[Finding]:
    """Keep the outermost finding where one lies inside a longer one (the phone digits inside an IBAN)."""

    def inside(inner: Finding, outer: Finding) -> bool:
        longer = outer.end - outer.start > inner.end - inner.start
        return longer and outer.start <= inner.start and inner.end <= outer.end

    outermost = [finding for finding in findings if not any(inside(finding, other) for other in findings)]
    return sorted(outermost, key=lambda finding: (finding.start, finding.end, finding.kind))


def find_identifiers(text: str) -> list[Finding]:
    """Every suspected direct identifier in ``text``, in order of position."""
    return _drop_nested({finding for detector in _DETECTORS for finding in detector.findings(text)})


def check_fields(fields: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Per field with suspected identifiers, the kinds found (sorted, distinct); an empty dict means clean."""
    found: dict[str, list[str]] = {}
    for name, text in fields.items():
        kinds = sorted({finding.kind for finding in find_identifiers(text or "")})
        if kinds:
            found[name] = kinds
    return found


def describe(kinds: Iterable[str]) -> str:
    """The message for a field that holds identifiers of these kinds; it names the kinds, never the text."""
    labels = ", ".join(str(KIND_LABELS[kind]) for kind in kinds)
    return gettext(
        "Bevat mogelijk een direct identificerend gegeven: {kinds}. Verwijder het; een verwijzing is geanonimiseerd."
    ).format(kinds=labels)


__all__ = [
    "KIND_LABELS",
    "SIDECODES",
    "Finding",
    "check_fields",
    "describe",
    "find_identifiers",
    "is_valid_bsn",
    "is_valid_iban",
]
