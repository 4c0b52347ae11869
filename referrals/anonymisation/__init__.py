"""Does a piece of free text hold a direct identifier of a person? (DESIGN §1: referrals are anonymised.)

A referral's free text (summary, reasons) may describe what happened, but never who it happened to.
``find_identifiers`` looks for the identifiers people actually type, in Dutch and English and in what
they paste from foreign documents; ``check_fields`` does that for the fields of a form or request,
``describe`` turns the kinds found into a message for the person typing. Every finding carries only
its kind and its position; the matched text itself is never returned or put in a message.

The kinds, and where each is found:

* ``dutch``: BSN (11-test), V-nummer, Dutch phone numbers, e-mail, IBAN (mod-97), licence plates (the
  sidecodes, also in lower case, undashed next to a vehicle, any shape after "kenteken"), postcodes
  with a house number (also "1012ab 12", "1012AB12"), street addresses.
* ``numbers``: national identity numbers of the countries of origin, checked with python-stdnum
  (CNP, EGN, PESEL, Belgian, German, Hungarian, CPF, Chinese, ...), and any number after its name
  ("RNOKPP", "NIN", "CCCD", "ID number").
* ``documents``: passport, identity-card, residence-permit, visa and driving-licence numbers after the
  document's word in Dutch, English or an origin language; MRZ lines.
* ``phones``: international numbers of any country (phonenumbers), national numbers of the origin
  countries after a phone or messenger word (WhatsApp, Telegram, Signal).
* ``online``: handles and profile links, IP addresses, vehicle identification numbers, police and court
  case numbers.
* ``births``: dates and years of birth next to a birth word; an exact age with a town of birth.
* ``names``: a name after a title or naming phrase; a known name where the sentence makes it a person.

Each detector is a readable regular expression plus, where the shape alone would catch ordinary case
text, a check (a checksum, a valid date, a birth word, a capital letter after a title); a cheap gate
on the text decides first whether the detector can match at all. Hours, wages, ages, dates of events,
counts, years, places, nationalities and organisation names are never findings.

Known misses (``KNOWN_MISSES`` in ``tests/data/anonymisation_corpus.py`` keeps an example of each):

* a name with nothing in the sentence to make it one ("she went to the market with Maria"), a name
  missing from the lists (about 21,000 given names and 26,000 surnames), and a name that is an ordinary
  word too ("Hoop", "May", "Will", "Grace", "Joy", "Faith", "Mark", "Dan"): those count only after a
  title or a naming phrase;
* a street name without a street word ("Weena 550"), a foreign address, a postcode in lower case with a
  space and a house number after it that could be a word ("1012 en 12");
* a phone number written in words; a number written nationally without a trunk 0 ("512 640 562")
  unless a word for a phone or a messenger stands before it;
* a document number without the document's word before it ("met AB1234567"), except an MRZ line;
  a case number without its word, except a BVH registration number, a parketnummer, a civil case
  number and an ECLI;
* a national number whose own check is weak (Ukrainian RNOKPP, Nigerian and Ugandan NIN, Vietnamese
  CCCD) without its name before it;
* a user name without "@", a platform word or quotes around it; a link to a site other than the social
  networks, messengers and advertising sites listed in ``online``;
* a date of birth written in words, or without a birth word next to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from referrals.anonymisation import births, documents, dutch, names, numbers, online, phones
from referrals.anonymisation.base import Detector, Finding, Text
from referrals.anonymisation.dutch import SIDECODES, is_valid_bsn, is_valid_iban
from referrals.anonymisation.numbers import is_valid_hungarian_personal_number

#: What each kind is called in a message, Dutch first.
KIND_LABELS: dict[str, Promise] = {
    "bsn": _("burgerservicenummer (BSN)"),
    "v_number": _("V-nummer (vreemdelingennummer)"),
    "national_id": _("buitenlands persoonsnummer (zoals CNP, PESEL of EGN)"),
    "document_number": _("nummer van een paspoort, identiteitskaart, verblijfsvergunning of visum"),
    "phone": _("telefoonnummer"),
    "email": _("e-mailadres"),
    "iban": _("bankrekeningnummer (IBAN)"),
    "licence_plate": _("kenteken"),
    "postcode_house_number": _("postcode met huisnummer"),
    "address": _("adres (straat en huisnummer)"),
    "date_of_birth": _("geboortedatum"),
    "age_birthplace": _("leeftijd met geboorteplaats"),
    "name": _("naam"),
    "online_account": _("gebruikersnaam of profiellink op sociale media"),
    "ip_address": _("IP-adres"),
    "vehicle_id": _("chassisnummer (VIN)"),
    "case_number": _("zaak- of registratienummer van politie of justitie"),
}

#: Every detector, in the order of the kinds above.
DETECTORS: tuple[Detector, ...] = (
    *dutch.DETECTORS,
    *numbers.DETECTORS,
    *documents.DETECTORS,
    *phones.DETECTORS,
    *births.DETECTORS,
    *names.DETECTORS,
    *online.DETECTORS,
)

# A finding of these kinds spans words around other identifiers ("23 jaar, geboren op ... in Iași") and
# does not swallow them.
_SPANNING_KINDS = frozenset({"age_birthplace"})


def _drop_nested(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the outermost finding where one lies inside a longer one (the phone digits inside an IBAN).

    One sweep in order of position: a finding lies inside a longer one when a finding that starts no
    later reaches at least as far (and is not the same stretch of text).
    """
    kept: list[Finding] = []
    reach, reach_start = -1, -1
    for finding in sorted(findings, key=lambda finding: (finding.start, -finding.end, finding.kind)):
        longer_before = reach > finding.end or (reach == finding.end and reach_start < finding.start)
        if not longer_before:
            kept.append(finding)
        if finding.kind not in _SPANNING_KINDS and finding.end > reach:
            reach, reach_start = finding.end, finding.start
    return sorted(kept, key=lambda finding: (finding.start, finding.end, finding.kind))


def find_identifiers(text: str) -> list[Finding]:
    """Every suspected direct identifier in ``text``, in order of position.

    Where two detectors find the same stretch of text, the one with the higher priority names its kind
    (a number after "CNP" is a national number, even where it would also pass the BSN's 11-test).
    """
    prepared = Text(text)
    best: dict[tuple[int, int], tuple[int, set[Finding]]] = {}
    for detector in DETECTORS:
        for finding in detector.findings(prepared):
            span = (finding.start, finding.end)
            priority, found = best.get(span, (detector.priority, set()))
            if detector.priority > priority:
                best[span] = (detector.priority, {finding})
            elif detector.priority == priority:
                found.add(finding)
                best[span] = (priority, found)
    return _drop_nested(finding for _, found in best.values() for finding in found)


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
    "DETECTORS",
    "KIND_LABELS",
    "SIDECODES",
    "Finding",
    "check_fields",
    "describe",
    "find_identifiers",
    "is_valid_bsn",
    "is_valid_hungarian_personal_number",
    "is_valid_iban",
]
