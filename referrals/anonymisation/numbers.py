"""National identity numbers of the countries people are referred from, checked with python-stdnum.

Two ways to recognise one. Bare, by its shape and its own checks (a check digit, and a valid date of
birth where the number holds one): the Romanian CNP, Bulgarian EGN, Polish PESEL, Belgian national
number, German tax identification number, Brazilian CPF, Chinese resident identity number, Hungarian
personal number, Lithuanian and Estonian personal codes, Turkish identity number, Greek AMKA, Czech and
Slovak birth numbers, Spanish DNI and NIE, Italian codice fiscale and French NIR. After the number's
own name ("CNP", "PESEL", "РНОКПП", "NIN", "CCCD", "ID number", ...), any number of its shape counts,
valid or mistyped: the Ukrainian RNOKPP, Nigerian and Ugandan NIN and Vietnamese CCCD have no check
strong enough to stand alone.

python-stdnum has no Hungarian personal number (személyi szám); ``is_valid_hungarian_personal_number``
is its published rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.bg import egn as bg_egn
from stdnum.br import cpf as br_cpf
from stdnum.cn import ric as cn_ric
from stdnum.cz import rc as cz_rc
from stdnum.de import idnr as de_idnr
from stdnum.ee import ik as ee_ik
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fr import nir as fr_nir
from stdnum.gr import amka as gr_amka
from stdnum.it import codicefiscale as it_codicefiscale
from stdnum.lt import asmens as lt_asmens
from stdnum.pl import pesel as pl_pesel
from stdnum.ro import cnp as ro_cnp
from stdnum.sk import rc as sk_rc
from stdnum.tr import tckimlik as tr_tckimlik

from referrals.anonymisation.base import AfterWord, Finding, Scan, Text, searches, verbose, words


def is_valid_hungarian_personal_number(number: str) -> bool:
    """Hungary's személyi szám: sex and century (1-8), date of birth YYMMDD, serial, check digit.

    The check digit is the weighted sum of the first ten digits modulo 11: weights 1 to 10 for people
    born before 1997, 10 to 1 from 1997 on; a remainder of 10 is never issued.
    """
    if len(number) != 11 or not number.isdigit() or number[0] not in "12345678":
        return False
    century = {"1": 1900, "2": 1900, "3": 1800, "4": 1800, "5": 2000, "6": 2000, "7": 1900, "8": 1900}[number[0]]
    try:
        born = dt.date(century + int(number[1:3]), int(number[3:5]), int(number[5:7]))
    except ValueError:
        return False
    weights = range(10, 0, -1) if born >= dt.date(1997, 1, 1) else range(1, 11)
    remainder = sum(weight * int(digit) for weight, digit in zip(weights, number[:10], strict=True)) % 11
    return remainder != 10 and remainder == int(number[10])


#: Which numbers a bare run of digits of this length may be, each with the check stdnum gives it.
_BY_LENGTH: dict[int, tuple[Callable[[str], bool], ...]] = {
    10: (bg_egn.is_valid,),
    11: (
        pl_pesel.is_valid,
        be_nn.is_valid,
        be_bis.is_valid,
        de_idnr.is_valid,
        br_cpf.is_valid,
        is_valid_hungarian_personal_number,
        lt_asmens.is_valid,
        ee_ik.is_valid,
        tr_tckimlik.is_valid,
        gr_amka.is_valid,
    ),
    13: (ro_cnp.is_valid,),
    15: (fr_nir.is_valid,),
    18: (cn_ric.is_valid,),
}

# A national number standing alone: in one piece, or in the punctuation of its country (Belgium
# 85.07.30-033.61, Brazil 390.533.447-05, Hungary 1-850730-1234, Czechia and Slovakia 850730/1234).
# Runs of digits and that punctuation are found first (cheaply), then held against the shapes.
_DIGITS_AND_PUNCTUATION = re.compile(r"\d[\d./X-]*")
_BARE_NUMBER = verbose(
    r"(?P<be> \d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2} )",
    r"| (?P<cpf> \d{3}\.\d{3}\.\d{3}-\d{2} )",
    r"| (?P<hu> [1-8]-\d{6}-\d{4} )",
    r"| (?P<rc> \d{6}/\d{3,4} )",
    r"| \d{17}[\dX] | \d{15} | \d{13} | \d{11} | \d{10}",
)


@dataclass(frozen=True)
class BareNationalNumber:
    kind: str = "national_id"
    priority: int = 0

    def findings(self, text: Text) -> Iterator[Finding]:
        if text.longest_number < 9:
            return
        for run in _DIGITS_AND_PUNCTUATION.finditer(text.text):
            value = run.group().rstrip("./-")
            start, end = run.start(), run.start() + len(value)
            before = text.text[start - 1 : start]
            after = text.text[end : end + 2]
            if before and (before.isalnum() or before in "_+.,/-"):
                continue
            if after and (after[0].isalnum() or after[0] in "_-" or (after[0] in ".,/" and after[1:2].isdigit())):
                continue
            shape = _BARE_NUMBER.fullmatch(value)
            if shape is not None and _is_bare_national_number(shape):
                yield Finding(self.kind, start, end)


def _is_bare_national_number(match: re.Match[str]) -> bool:
    value = match.group()
    if match.group("be"):
        return bool(be_nn.is_valid(value) or be_bis.is_valid(value))
    if match.group("cpf"):
        return bool(br_cpf.is_valid(value))
    if match.group("hu"):
        return is_valid_hungarian_personal_number(value.replace("-", ""))
    if match.group("rc"):
        return bool(cz_rc.is_valid(value) or sk_rc.is_valid(value))
    return any(valid(value) for valid in _BY_LENGTH.get(len(value), ()))


# The Spanish DNI (12345678Z) and NIE (X1234567L), and the Italian codice fiscale (RSSMRA85T10A562S).
_LETTERED_NUMBER = verbose(
    r"(?P<value> [\dA-Z] (?<![\w-][\dA-Z])",
    r"    (?: \d{7}[A-Z] | (?<=[XYZ]) \d{7}[A-Z] | [A-Z]{5}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z] ) )",
    r"(?![\w-])",
)


_ITALIAN_CODE = searches(r"[A-Z]{6}\d\d[A-Z]")


def _is_lettered_national_number(text: str, match: re.Match[str]) -> bool:
    value = match.group("value")
    return bool(es_dni.is_valid(value) or es_nie.is_valid(value) or it_codicefiscale.is_valid(value))


# A number after its name. The name comes in the languages of the documents it is copied from.
_NAMED_NUMBER = verbose(
    r"(?i: \b (?: cnp | pesel | egn | егн | рнокпп | іпн | инн | rnokpp | ipn | rntrc | nin | nida | cccd | cmnd",
    r"          | căn[ ]cước (?:[ ]công[ ]dân)? | can[ ]cuoc | philsys (?:[ ]number)? | psn | cpf | dni | nie | nif",
    r"          | taj (?:-szám | [ ]szám)? | személyi[ ]szám | személyi[ ]azonosító (?:[ ]jel)? | szemelyi[ ]szam",
    r"          | idnr | steuer-?id | steuer-?identifikationsnummer | (?:steuerliche[ ])? identifikationsnummer",
    r"          | rijksregisternummer | rijksregister (?:[ ]nummer)? | insz (?:-nummer)? | numéro[ ]national",
    r"          | national[ ]register[ ]number | persoonsnummer | personnummer",
    r"          | personal[ ] (?:identification[ ] | id[ ])? (?:number|code)",
    r"          | national[ ] (?:id | identity | identification | insurance) (?:[ ]card)? [ ] (?:number|no)",
    r"          | identiteitsnummer | identificatienummer | identity[ ]number | identification[ ]number",
    r"          | id[ -]? (?:nummer | number | nr | no) | social[ ]security[ ]number | ssn",
    r"          | sozialversicherungsnummer | tax[ ] (?:id | number | identification[ ]number | code)",
    r"          | belastingnummer | fiscaal[ ]nummer | codice[ ]fiscale | tin | mã[ ]số[ ]thuế",
    r"          | số[ ]định[ ]danh ) \b \.? )",
    r"[ ]* (?: (?i: nummer | number | nr | no | num | szám | номер ) \.? [ ]* )?",
    r"(?i: (?: van | of ) (?: [ ]+ [^\W\d]+ ){1,2} [ ]+ )?        # van mevrouw, of the victim",
    r"(?: [:#] | (?i: is | was ) \b )? [ ]*",
    r"(?P<value> [A-Z]{0,3} [ -]? \d [\dA-Z]* (?: [ ./-] [\dA-Z]+ ){0,5} )",
    r"(?!\w)",
)
_NAMED_NUMBER_WORDS = words(
    """
    cnp pesel egn егн рнокпп іпн инн rnokpp ipn rntrc nin nida cccd cmnd căn can philsys psn cpf dni nie nif
    taj személyi szemelyi idnr steuer steuerid steueridentifikationsnummer steuerliche identifikationsnummer
    rijksregisternummer rijksregister insz numéro national persoonsnummer personnummer personal
    identiteitsnummer identificatienummer identity identification id social ssn sozialversicherungsnummer tax
    belastingnummer fiscaal codice tin mã số
    """
)


def _has_six_digits(text: str, match: re.Match[str]) -> bool:
    value: str = match.group("value")
    return sum(char.isdigit() for char in value) >= 6


# A BSN after its name: "BSN 123456789" is a BSN even where a typo breaks its 11-test.
_NAMED_BSN = verbose(
    r"(?i: \b (?: bsn | burgerservicenummer | sofinummer | sofi-nummer | citizen[ ]service[ ]number ) \b )",
    r"[ ]* (?: [:#] | (?i: is | was ) \b )? [ ]* \(? [ ]*",
    r"(?P<value> \d{3}(?P<sep>[.\s]?)\d{3}(?P=sep)\d{3} | \d{4}\.\d{2}\.\d{3} )",
    r"(?![\d.-]\d)",
)

DETECTORS = (
    BareNationalNumber(),
    Scan(
        "national_id",
        _LETTERED_NUMBER,
        _is_lettered_national_number,
        gate=lambda text: text.longest_digits >= 7 or _ITALIAN_CODE(text),
        priority=0,
    ),
    AfterWord("national_id", _NAMED_NUMBER, _NAMED_NUMBER_WORDS, _has_six_digits),
    AfterWord("bsn", _NAMED_BSN, words("bsn burgerservicenummer sofinummer sofi citizen")),
)
