"""Phone numbers of any country, checked with phonenumbers (Google's libphonenumber).

Written in international form (+40 712 345 678, 0040.712.345.678, (+234) 803-123-4567) a number is
found anywhere: the country code and the length phonenumbers expects for that country are evidence
enough. Written the national way of another country (0803 123 4567 in Nigeria, 512 345 678 in Poland)
it counts after a word for a phone or a messenger ("tel.", "WhatsApp", "Telegram", "Signal", "bel",
"bereikbaar op"), when it is a valid number of one of the countries people come from. Dutch numbers
are found without either (``referrals.anonymisation.dutch``).
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumber
from phonenumbers.phonemetadata import PhoneMetadata

from referrals.anonymisation.base import AfterWord, Scan, verbose, words

# An international number: a plus (or 00) and a country code, then the number in groups separated by
# spaces, dots, dashes or slashes, perhaps with a bracketed part: +31 6 12345678, +31 (0)20 123 4567,
# +40.712.345.678, (+234) 803-123-4567, 00 44 7700 900123.
_INTERNATIONAL = verbose(
    r"(?P<value>",
    r"    (?: \( (?<![\w+.,:/]\() [ ]? \+ [ ]? [1-9]\d{0,2} [ ]? \) | \+ (?<![\w+.,:/]\+) [ ]? [1-9]\d{0,2}",
    r"      | 0 (?<![\w+.,:/]0) 0[ ]? [1-9]\d{0,2} )",
    r"    (?: [ .-]? \(0\) )?",
    r"    (?: [ .\-/]? (?: \(\d{1,4}\) | \d{1,5} ) ){1,7}",
    r")",
    r"(?!\d) (?![.,-]\d)",
)


def _is_international(text: str, match: re.Match[str]) -> bool:
    """A number of the length its country code expects (phonenumbers' ``is_possible_number``)."""
    value = match.group("value").replace("(0)", "")
    digits = "".join(char for char in value if char.isdigit())
    if value.lstrip("( ").startswith("00"):
        digits = digits[2:]
    if not 9 <= len(digits) <= 15:
        return False
    # The country code is the one prefix of one to three digits that names a country (E.164 codes are
    # prefix-free); building the number from it is much cheaper than phonenumbers.parse.
    for size in (1, 2, 3):
        country_code = int(digits[:size])
        if phonenumbers.region_code_for_country_code(country_code) != phonenumbers.UNKNOWN_REGION:
            number = PhoneNumber(country_code=country_code, national_number=int(digits[size:] or 0))
            return bool(phonenumbers.is_possible_number(number))
    return False


#: Where people come from and go through: a nationally written number is tried as a number of each.
REGIONS = (
    "RO", "BG", "PL", "HU", "UA", "NG", "UG", "MA", "CN", "VN", "BR", "PH",
    "BE", "DE", "FR", "GB", "ES", "PT", "MD", "AL", "RS", "TR", "GH", "ER", "SY",
)  # fmt: skip

# A word for a phone or a messenger, at most a few words before the number.
_CONTACT_NUMBER = verbose(
    r"(?P<trigger> (?i: \b (?: tel | telefoon(?:nummer)? | telnr | mobiel(?:e[ ]nummer)? | mobielnummer | gsm",
    r"          | phone(?:[ ]number)?",
    r"          | mobile(?:[ ]number)? | cell(?:phone)? | whatsapp(?:[ -]?nummer)? | whats[ ]app | telegram | signal",
    r"          | viber | imo | sms | bel | belde | belt | bellen | call | called | calls | bereikbaar | reachable",
    r"          | contact(?:nummer)? | nummer | number | телефон | тел | telefon | numer | număr | szám",
    r"          | telefonszám | número | số[ ]điện[ ]thoại ) \b \.? ) )",
    r"(?i: (?: [ ]* (?: [:#(] | (?: op | on | at | via | is | was | van | of | haar | her | zijn | his | naar | to",
    r"               | from | vanaf | nummer | number | nr | no | met | with | de | the | het | een | a ) \b ) )",
    r"     {0,4} )",
    r"[ ]*",
    r"(?P<value> \(? \d [\d ().\-/]{6,18} \d )",
    r"(?!\d) (?![.,-]\d)",
)
_CONTACT_WORDS = words(
    """
    tel telefoon telefoonnummer telnr mobiel mobielnummer gsm phone mobile cell cellphone whatsapp whatsappnummer
    whats telegram signal viber imo sms bel belde belt bellen call called calls bereikbaar reachable contact
    contactnummer nummer number телефон тел telefon numer număr szám telefonszám número số
    """
)


#: Words for any number: a number after them must be written with its trunk 0 to be taken for a phone.
_GENERIC_WORDS = words("contact contactnummer nummer number numer număr szám número")


def _is_national(text: str, match: re.Match[str]) -> bool:
    """A valid number of one of ``REGIONS``, written with its trunk 0 (or a Chinese or Polish mobile
    after a word for a phone)."""
    compact = "".join(char for char in match.group("value") if char.isdigit())
    if not 8 <= len(compact) <= 13:
        return False
    if compact.startswith("0"):
        regions: tuple[str, ...] = REGIONS
    elif match.group("trigger").casefold() in _GENERIC_WORDS:
        return False  # "number 167868433": without a trunk 0 it takes a word for a phone
    elif len(compact) == 11 and compact.startswith("1"):
        regions = ("CN",)
    elif len(compact) == 9:
        regions = ("PL",)
    else:
        return False
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            continue
        prefix = metadata.national_prefix or ""
        if prefix and compact.startswith(prefix):
            national = compact[len(prefix) :]
        elif not compact.startswith("0"):
            national = compact  # a Chinese mobile or a Polish number: written without a trunk prefix
        else:
            continue
        number = PhoneNumber(country_code=metadata.country_code, national_number=int(national or 0))
        if phonenumbers.is_valid_number(number):
            return True
    return False


DETECTORS = (
    Scan("phone", _INTERNATIONAL, _is_international, gate=lambda text: "+" in text.text or text.longest_number >= 9),
    AfterWord("phone", _CONTACT_NUMBER, _CONTACT_WORDS, _is_national, priority=1),
)
