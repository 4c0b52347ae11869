"""Pieces of regular expressions that several detectors share: spaces, capitals, months, dates, addresses."""

from __future__ import annotations

# A space as typed or pasted (a non-breaking space comes along when text is copied from a document).
SP = r"[ \u00a0]"

# Words that make the number before them a quantity (14 uur, 3 keer, 12 vrouwen), never a house number.
QUANTITY = r"""
    (?: uur | uren | jaar | jaren | keer | dag | dagen | week | weken | maand | maanden | minuten | euro | eur
      | procent | mensen | personen | vrouwen | mannen | meisjes | jongens | kinderen | slachtoffers | km
      | hours? | years? | days? | weeks? | months? | times | people | persons | women | men | girls | boys
      | victims )\b
"""

# Every capital letter of the Latin, Greek and Cyrillic scripts, so that "Şahin", "Łukasz" and "Ștefan" count
# as capitalised names (``re`` has no \p{Lu}).
UPPER = "".join(char for char in map(chr, range(0x41, 0x530)) if char.isalpha() and char.isupper())
CAPITALISED_WORD = "[" + UPPER + r"](?:[\w'\u2019-]*\w)?"  # U+2019: the typographic apostrophe

# Month names and their usual abbreviations: Dutch and English, and the languages of the documents that
# signallers paste from (Romanian, Polish, Hungarian, Portuguese, French, German, Spanish).
MONTH = r"""
    (?: jan(?:uari|uary)? | feb(?:ruari|ruary)? | maart | mrt | mar(?:ch)? | apr(?:il)? | mei | may
      | jun[ie]? | jul[iy]? | aug(?:ustus|ust)? | sep(?:t(?:ember)?)? | o[ck]t(?:ober)? | nov(?:ember)?
      | dec(?:ember)?
      | ianuarie | februarie | martie | aprilie | mai | iunie | iulie | septembrie | octombrie | noiembrie
      | decembrie
      | stycznia | lutego | marca | kwietnia | maja | czerwca | lipca | sierpnia | września | października
      | listopada | grudnia
      | január | február | március | április | május | június | július | augusztus | szeptember | október
      | janeiro | fevereiro | março | abril | maio | junho | julho | agosto | setembro | outubro | novembro
      | dezembro
      | janvier | février | mars | avril | juin | juillet | août | septembre | octobre | novembre | décembre
      | januar | februar | märz | juni | juli | oktober | dezember
      | enero | febrero | marzo | mayo | junio | julio | septiembre | octubre | noviembre | diciembre
    ) (?![^\W\d_]) \.?
"""

# A month in Roman numerals, as Polish, Romanian and Hungarian documents write it (12.III.1998).
ROMAN_MONTH = r"(?: XII | XI | X | IX | VIII | VII | VI | V | IV | III | II | I )"

# A full calendar date (day, month and year) as people write it; a year or a month alone is no date.
DATE = (
    r"""
    (?: \d{1,2} [-/.] \d{1,2} [-/.] (?:\d{4}|\d{2}) \b              # 12-03-1998, 3/12/98, 12.03.1998
      | \d{4} [-/] \d{1,2} [-/] \d{1,2} \b                          # 1998-03-12 (ISO)
      | \d{4} \. \d{1,2} \. \d{1,2} \b \.?                          # 1998.03.12. (Hungarian)
      | \d{1,2} [ .-]? (?-i:"""
    + ROMAN_MONTH
    + r""") [ .-]? \d{4} \b                                         # 12.III.1998, 12 III 1998
      | \d{1,2} (?:st|nd|rd|th|e|ste)? [ ]* [-.]? (?:of[ ]+)? """
    + MONTH
    + r""" [ ]* [-.,]? [ ]* (?: \d{4} | '\d{2} ) \b                 # 12 maart 1998, 12MAR1998, 12th of March 1998
      | """
    + MONTH
    + r""" [ ]+ \d{1,2} (?:st|nd|rd|th)? ,? [ ]+ \d{4}              # March 12, 1998
    )
"""
)

# A year of birth: four digits from 1900 to 2029.
YEAR = r"(?: 19\d{2} | 20[0-2]\d ) \b"

# A Dutch postcode: four digits (no leading zero), two capitals; SA, SD and SS are never issued.
POSTCODE = r"[1-9]\d{3}" + SP + r"?(?!S[ADS])[A-Z]{2}\b"

# A house number, with an optional letter or addition (12, 12a, 12-3), that is not a quantity or a time.
HOUSE_NUMBER = r"\d{1,5}(?:[a-zA-Z]|-\d{1,4})?\b(?![.,:]\d)(?!" + SP + "*" + QUANTITY + ")"

# The last part of most Dutch street names (Kerkstraat, Stationsweg, Prinsengracht). "dam" is left out on
# purpose: it would make every "Amsterdam 12" or "Rotterdam 3" an address.
STREET_SUFFIXES = (
    "straat",
    "straatweg",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "dreef",
    "steeg",
    "pad",
    "hof",
    "plantsoen",
    "burgwal",
    "wal",
    "markt",
    "park",
    "boulevard",
    "allee",
)
STREET_SUFFIX = "(?: " + " | ".join(STREET_SUFFIXES) + " )"
ENGLISH_STREETS = ("street", "road", "avenue", "lane", "drive", "square")

# A street name and house number: "Kerkstraat 12", "Laan van Meerdervoort 100", "12 Baker Street".
STREET_AND_NUMBER = (
    r"""
    (?: (?<!\w) (?: (?:Van|Burgemeester|Oude|Nieuwe|Korte|Lange|Eerste|Tweede|Derde|Sint|Prins|Prinses|Koningin
                     |Koning|Graaf|Dokter) [ ] (?: (?:van|de|der|den|het|ter) [ ] )* )?  # Burgemeester de Withstraat
        [A-Z][\w'-]*? """
    + STREET_SUFFIX
    + r""" \b                                                   # Kerkstraat, Amsterdamsestraatweg
        (?<! Onderweg ) (?<! Halfweg ) (?<! Snelweg )               # words that end like a street but are none
      | \b (?:Laan|Plein|Weg|Kade|Singel|Dreef|Hof|Park|Gracht|Dijk|Straat) [ ]
        (?: (?:van|de|der|den|het|ter|te|op|aan|'t|voor|achter|bij) [ ] ){1,3} [A-Z][\w'-]*   # Laan van Meerdervoort
      | \b (?:Oude|Nieuwe|Korte|Lange|Kromme|Achter|Voor|Binnen|Buiten|Hoge|Lage) [ ]
        (?:Gracht|Kade|Dijk|Haven|Markt|Weg|Laan|Singel|Straat|Wal|Burgwal|Plein)        # Oude Gracht
      | \b (?:[A-Z][a-z]+[ ]){1,3} (?:Street|Road|Avenue|Lane|Drive|Square)                  # Baker Street 12
    )
    """
    + SP
    + r"""+ """
    + HOUSE_NUMBER
    + r"""
      | \b \d{1,5}[a-z]? [ ] (?:[A-Z][a-z]+[ ]){1,3} (?:Street|Road|Avenue|Lane|Drive|Square) \b   # 12 Baker Street
"""
)
