"""Online identifiers and the numbers of other systems: social-media handles and profile links, IP
addresses, vehicle identification numbers, and police and court case numbers."""

from __future__ import annotations

import ipaddress
import re

from referrals.anonymisation.base import AfterWord, AroundWord, Scan, Text, among, searches, verbose, words

# A handle: @ and a user name (@bella_ro98, @andrei.b), not the middle of an e-mail address.
_HANDLE = verbose(r"(?<![\w.@/+-]) @ (?=[A-Za-z0-9_.]*[A-Za-z]) [A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?")

# A user name after the platform or the word for it: "Instagram: bella.love98", "op TikTok als andrei_b",
# "Telegram-account 'sweetlena'", "gebruikersnaam lena_nl". A bare word counts only when it looks like a
# user name (a digit, an underscore or a dot in it) or stands in quotes.
_PLATFORM_USER = verbose(
    r"(?i: \b (?: instagram | insta | ig | facebook | fb | tiktok | snapchat | snap | telegram | twitter | onlyfans",
    r"          | vk | vkontakte | badoo | tinder | kik | wechat | discord | skype | linkedin | threads | youtube",
    r"          | gebruikersnaam | username | user[ ]?name | accountnaam | account[ ]name | profielnaam",
    r"          | profile[ ]name | handle ) \b )",
    r"(?i: (?: [ -]? (?: account | profiel | profile | pagina | page | naam | name | handle | username",
    r"               | gebruikersnaam ) \b )* )",
    r"(?i: (?: [ ]* (?: : | (?: als | as | onder | under | is | was | van | of | heet | called | named | met | with",
    r"               | de | the | naam | name | gebruikersnaam | username ) \b ) ){0,3} )",
    r"[ ]* (?P<quote> ['\"\u2018\u201c] )?",
    r"(?P<value> @? [A-Za-z0-9_](?:[A-Za-z0-9_.]{1,29}[A-Za-z0-9_]) )",
    r"(?(quote) ['\"\u2019\u201d] | (?![\w@]) )",
)
_PLATFORM_WORDS = words(
    """
    instagram insta ig facebook fb tiktok snapchat snap telegram twitter onlyfans vk vkontakte badoo tinder kik
    wechat discord skype linkedin threads youtube gebruikersnaam username user accountnaam account profielnaam
    profile handle
    """
)


def _is_user_name(text: str, match: re.Match[str]) -> bool:
    value = match.group("value")
    return bool(match.group("quote")) or value.startswith("@") or any(char in value for char in "0123456789_.")


# A link to a profile on a social network, a messenger or an advertising site (the path names the person).
_PROFILE_LINK = verbose(
    r"(?i: (?: https?:// )? (?: www\. | m\. | mobile\. )?",
    r"  (?: facebook\.com | fb\.com | fb\.me | instagram\.com | instagr\.am | tiktok\.com | t\.me | telegram\.me",
    r"    | vk\.com | ok\.ru | twitter\.com | x\.com | snapchat\.com | onlyfans\.com | linkedin\.com | wa\.me",
    r"    | youtube\.com | threads\.net | badoo\.com | kinky\.nl | sexjobs\.nl | redlights\.nl | hookers\.nl )",
    r"  / [^\s,;)\]\"']*? [\w/=-] )",
    r"(?= [.,;:!?)\]\"']* (?:\s|$) )",
)


_SITE_WORDS = words(
    """
    facebook fb instagram instagr tiktok t telegram vk ok twitter x snapchat onlyfans linkedin wa youtube threads
    badoo kinky sexjobs redlights hookers
    """
)


def _HAS_A_SLASH(text: Text) -> bool:  # noqa: N802 - a gate, named like the others
    return "/" in text.text


# An IPv4 address (four numbers of 0-255) or an IPv6 address; a version or article number ("versie
# 1.2.3.4", "artikel 3.1.2.4") is none.
_IPV4 = verbose(r"\d (?<![\w.]\d) \d{0,2} (?: \. \d{1,3} ){3} (?![\w]|\.\d)")
_IPV6 = verbose(r"(?<![\w:]) (?: [0-9A-Fa-f]{0,4} : ){2,7} [0-9A-Fa-f]{0,4} (?![\w:])")
_NOT_AN_ADDRESS_BEFORE = re.compile(
    r"(?i: \b (?: versie | version | v | artikel | article | art | paragraaf | section | hoofdstuk | chapter"
    r" | § | release | build ) \.? [ ]* $ )",
    re.VERBOSE,
)


def _is_ip_address(text: str, match: re.Match[str]) -> bool:
    if _NOT_AN_ADDRESS_BEFORE.search(text, max(0, match.start() - 20), match.start()):
        return False
    try:
        address = ipaddress.ip_address(match.group())
    except ValueError:
        return False
    return bool(address.version == 4 or any(char.isalpha() for char in match.group()) or "::" in match.group())


# A vehicle identification number (ISO 3779): 17 capitals and digits, without I, O or Q.
_VIN = verbose(r"[A-HJ-NPR-Z0-9] (?<![A-Za-z0-9<][A-HJ-NPR-Z0-9]) [A-HJ-NPR-Z0-9]{16} (?![A-Za-z0-9<])")


def _is_vin(text: str, match: re.Match[str]) -> bool:
    value = match.group()
    return sum(char.isdigit() for char in value) >= 3 and sum(char.isalpha() for char in value) >= 2


# Case numbers of the police and the courts in the forms they are known by: a BVH registration number
# (PL1300-2023123456), a parketnummer (13/123456-22), a civil case number (C/13/712345) and an ECLI.
_CASE_NUMBER = verbose(
    r"(?<![\w/-])",
    r"(?: PL \d{4} [- ]? \d{8,10}",
    r"  | \d{2} / \d{6} - \d{2}",
    r"  | [CK] / \d{2} / \d{5,7}",
    r"  | ECLI : [A-Z]{2} : [A-Z0-9]{1,7} : \d{4} : [A-Z0-9.]{1,25} )",
    r"(?![\w/-])",
)

# Any number after the name for a case or registration number of the police, the courts, the IND or a
# foreign authority: "zaaknummer 2023-123456", "proces-verbaalnummer PL0900-...", "crime reference number".
_NAMED_CASE_NUMBER = verbose(
    r"(?i: \b (?: bvh(?:-?nummer)? | registratienummer | mutatienummer | proces-verbaal(?:nummer)? | pv-?nummer",
    r"          | aangiftenummer | aangifte[ ]?nummer | dossiernummer | zaaknummer | parketnummer | rolnummer",
    r"          | referentienummer | kenmerk | case[ ](?:number|no|reference) | crime[ ]reference(?:[ ]number)?",
    r"          | reference[ ]number | file[ ]number | incident[ ]number | police[ ]report[ ]number",
    r"          | report[ ]number | docket[ ]number | court[ ]case[ ]number | numărul[ ]dosarului",
    r"          | dosar(?:[ ]nr)? | sygnatura[ ]akt | sygn\.?[ ]akt | ügyszám ) \b \.? )",
    r"(?i: (?: [ ]+ (?: van | of ) (?: [ ]+ [^\W\d]+ ){1,2} )? )     # van de IND, of the police",
    r"(?i: (?: [ ]* (?: [:#] | (?: is | was | nr | no | nummer | number ) \b \.? ) ){0,2} )",
    r"[ ]*",
    r"(?P<value> (?!NVM-) (?: [A-Z]{1,5} [-/ ] ){0,2} \d [\w/.-]{3,24} (?<![./-]) )",
    r"(?![\w/-])",
)
_CASE_WORDS = words(
    """
    bvh bvhnummer registratienummer mutatienummer proces verbaal pv pvnummer aangiftenummer aangifte
    dossiernummer zaaknummer parketnummer rolnummer referentienummer kenmerk case crime reference file incident
    police report docket court numărul dosar sygnatura sygn ügyszám
    """
)


def _has_a_case_number(text: Text) -> bool:
    return text.longest_number >= 9 or "ECLI" in text.text or "C/" in text.text or "K/" in text.text


def _IPV6_HINT(text: Text) -> bool:  # noqa: N802 - a gate, named like the others
    return "::" in text.text or text.text.count(":") >= 3


def _has_five_digits(text: str, match: re.Match[str]) -> bool:
    value: str = match.group("value")
    return sum(char.isdigit() for char in value) >= 5


DETECTORS = (
    Scan("online_account", _HANDLE, gate=lambda text: "@" in text.text),
    AfterWord("online_account", _PLATFORM_USER, _PLATFORM_WORDS, _is_user_name),
    AroundWord("online_account", _PROFILE_LINK, among(_SITE_WORDS), before=25, after=120, gate=_HAS_A_SLASH),
    Scan("ip_address", _IPV4, _is_ip_address, gate=searches(r"\d\.\d{1,3}\.\d{1,3}\.\d")),
    Scan("ip_address", _IPV6, _is_ip_address, gate=_IPV6_HINT),
    Scan("vehicle_id", _VIN, _is_vin, gate=lambda text: any(len(word) == 17 for word in text.words)),
    Scan("case_number", _CASE_NUMBER, gate=_has_a_case_number),
    AfterWord("case_number", _NAMED_CASE_NUMBER, _CASE_WORDS, _has_five_digits),
)
