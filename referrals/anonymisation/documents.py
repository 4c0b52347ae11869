"""Numbers of passports, identity cards, residence permits, visas and driving licences, and MRZ lines.

A document number has no check of its own that text could rely on (each country shapes it differently:
AB1234567, E12345678, FA123456, 051234567, "seria RX nr. 123456"), so it counts only after the word
for the document, in Dutch, English or the languages of the countries of origin, with at most a few
words between ("paspoort met nummer", "passport no.", "номер паспорта"). The machine-readable zone
(MRZ) of a passport or card needs no word: no ordinary text holds a run of capitals, digits and "<<".
"""

from __future__ import annotations

import re

from referrals.anonymisation.base import AfterWord, Scan, verbose, words

_DOCUMENT_WORD = r"""
    (?: paspoort(?:nummer|nr)? | passport(?:[ ]?(?:number|no))? | reisdocument(?:nummer)? | travel[ ]document
      | reisdocumentnummer | id[ -]?kaart(?:nummer)? | identiteitskaart(?:nummer)? | identiteitsbewijs(?:nummer)?
      | identiteitsdocument | id[ -]?card | identity[ ]card | identity[ ]document | id[ -]?bewijs
      | verblijfsvergunning(?:nummer|snummer)? | verblijfsdocument(?:nummer)? | verblijfspas | vreemdelingendocument
      | residence[ ](?:permit|card|document) | permis[ ]de[ ]séjour | titre[ ]de[ ]séjour | aufenthaltstitel
      | aufenthaltserlaubnis | permesso[ ]di[ ]soggiorno | tarjeta[ ]de[ ]residencia | w-?document | w2-?document
      | visum(?:nummer)? | visa(?:[ ]?(?:number|sticker))? | rijbewijs(?:nummer)? | driving[ ]licen[cs]e
      | driver'?s[ ]licen[cs]e | documentnummer | document[ ](?:number|no|nr) | documentnr
      | pașaport | paşaport | pasaport | pasaportul | carte[ ]de[ ]identitate | buletin(?:ul)? | c\.?i\.?
      | паспорт(?:а|у)? | лична[ ]карта | посвідка | паспорта | paszport(?:u)? | dowód[ ]osobisty | dowodu
      | dowód | útlevél(?:szám)? | személyi[ ]igazolvány | hộ[ ]chiếu | passaporte | pasaporte | passeport
      | cnie | carte[ ]nationale | reisepass | personalausweis | ausweis | rg )
"""

# Words that may stand between the document and its number: "paspoort met nummer", "passport no.",
# "haar ID-kaart (nr. ...)", "carte de identitate seria RX nr. 123456", "номер", "numer", "szám", "số".
_FILLER = r"""
    (?: [ ]* (?: [:#(] | - | n[°º] | (?: nummer | number | nr | no | num[eé]ro | numer | numărul | număr
               | номер | szám | số | met | with | heeft | has | is | was | van | of | haar | her | his | zijn
               | de | the | een | a | seria | series | serie | серия | серія | sorozat | afgegeven
               | issued ) \b [.:]? ) ){0,5}
"""

_DOCUMENT_NUMBER = verbose(
    r"(?i: \b " + _DOCUMENT_WORD + r" \b \.? )",
    r"(?i: " + _FILLER + r" ) [ ]*",
    r"(?P<value>",
    r"    [A-ZА-ЯІЇЄҐ]{2} [ ]+ (?i: nr | no ) \.? [ ]* \d{6,7}          # Romanian series: RX nr. 123456",
    r"  | [A-ZА-ЯІЇЄҐ]{1,3} [ -]? \d{6,9} [A-Z]?                      # AB1234567, E12345678, МЕ 123456",
    r"  | \d{1,2} \. \d{3} \. \d{3} - [\dX]                          # Brazilian RG: 12.345.678-9",
    r"  | \d{6} [A-Z]{2}                                              # Hungarian identity card: 123456AB",
    r"  | \d{3} - \d{7} - \d{2}                                        # Belgian eID card: 592-1234567-89",
    r"  | (?= [A-Z0-9]* \d[A-Z0-9]* \d ) [A-Z0-9]{6,10}               # 051234567, XR1001R58",
    r")",
    r"(?![\w-])",
)

_DOCUMENT_WORDS = words(
    """
    paspoort paspoortnummer paspoortnr passport passportnumber reisdocument reisdocumentnummer travel id idkaart
    idkaartnummer identiteitskaart identiteitskaartnummer identiteitsbewijs identiteitsbewijsnummer
    identiteitsdocument identity idbewijs verblijfsvergunning verblijfsvergunningnummer verblijfsvergunningsnummer
    verblijfsdocument verblijfsdocumentnummer verblijfspas vreemdelingendocument residence permis titre
    aufenthaltstitel aufenthaltserlaubnis permesso tarjeta w w2 wdocument w2document visum visumnummer visa
    rijbewijs rijbewijsnummer driving driver documentnummer document documentnr pașaport paşaport pasaport
    pasaportul carte buletin buletinul c ci паспорт паспорта паспорту лична посвідка paszport paszportu dowód
    dowodu útlevél útlevélszám személyi hộ passaporte pasaporte passeport cnie reisepass personalausweis ausweis rg
    """
)


def _has_five_digits(text: str, match: re.Match[str]) -> bool:
    value: str = match.group("value")
    return sum(char.isdigit() for char in value) >= 5


# A line of a machine-readable zone (ICAO 9303): 30, 36 or 44 capitals, digits and fillers ("<").
_MRZ_LINE = verbose(r"(?<![A-Z0-9<]) [A-Z0-9<]{28,44} (?![A-Z0-9<])")


def _is_mrz(text: str, match: re.Match[str]) -> bool:
    return "<<" in match.group()


DETECTORS = (
    AfterWord("document_number", _DOCUMENT_NUMBER, _DOCUMENT_WORDS, _has_five_digits),
    Scan("document_number", _MRZ_LINE, _is_mrz, gate=lambda text: "<<" in text.text),
)
