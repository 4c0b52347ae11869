"""Names of people: after a title or a naming phrase, and known names where the sentence makes them one.

Two rules. After a title or a phrase that introduces a name (mevrouw, dhr., de heer, Mr, Mrs, genaamd,
heet, named, called, alias, "her name is"), a capitalised word is a name unless it is an organisation,
a day or a month, and a lower-case word is one when it is a known name ("mevrouw popescu").

Without a title, a word is a name when it is a known given name or surname (``wordlists``: lists without
places, nationalities, months, weekdays, organisations and ordinary words), capitalised, and the
sentence treats it as a person: a verb after it ("Maria werkte", "Andrei zei"), an age ("Maria (19)",
"Maria, 19,"), a role ("Maria, de zus van ...", "haar zus Maria"), a possessive ("Maria's"), another
name beside it ("Maria Popescu", "Maria en Andrei").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from referrals.anonymisation.base import AfterWord, Finding, Text, verbose, words
from referrals.anonymisation.fragments import CAPITALISED_WORD, UPPER
from referrals.anonymisation.wordlists import GIVEN_NAMES, SURNAMES

# --- after a title or a naming phrase ---------------------------------------------------------------------------------

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
    + CAPITALISED_WORD
    + " (?: [ ]+ (?: "
    + _TUSSENVOEGSEL
    + " [ ]+ )* "
    + CAPITALISED_WORD
    + " ){0,2}"
)

# What introduces a name: a title (mevrouw, mevr., mw., meneer, dhr., de heer, Mr, Mrs, Ms, Miss) in any
# case, or a phrase (genaamd, heet, met de naam, zijn naam is, named, called, her name is, alias). "called"
# counts only after a verb or a person ("is called", "a woman called"), because "she called Fier" is a
# phone call. The pattern starts at the word that is looked up ("heer" in "de heer", "naam" in "met de
# naam", "called"); what must come before it is looked behind for.
_TRIGGER = r"""
    (?P<trigger>
        (?i: \b (?: mevrouw | mevr | mw | meneer | mijnheer | dhr | heer (?<=de[ ]heer) ) \b \.? )
      | \b (?: Mr | Mrs | Ms | Miss | Mister | Madam | Madame | mr | MR | MRS | MISS | mrs ) \b \.?
      | (?i: \b (?: genaamd | heet | heette | named | alias | k\.a\. (?<=\ba\.k\.a\.) | aka | bijnaam | roepnaam
                 | nickname | noem(?:t|de) (?:[ ](?:hij|zij|ze))? [ ]zich | goes[ ]by (?:[ ]the[ ]name (?:[ ]of)? )?
                 | naam (?: (?<=met[ ]de[ ]naam) | (?<=onder[ ]de[ ]naam) )
                 | (?:naam|name) [ ]* (?: (?:is|was) \b | : ) ) )
      | (?i: \b called \b )                       # after a verb or a person (``_after_called``)
    )
    [ ]* [\"'\u2018\u201c]?                     # an opening quote: genaamd 'Bella'
"""
_TRIGGER_WORDS = words(
    """
    mevrouw mevr mw meneer mijnheer dhr heer mr mrs ms miss mister madam madame genaamd heet heette named alias k
    aka bijnaam roepnaam nickname noemt noemde goes naam name called
    """
)

_NAME = verbose(_TRIGGER, r"(?P<value>" + _NAME_WORDS + r")")

# A lower-case word after the same: a name when the name lists know it ("mevrouw popescu", "heet maria").
_NAME_IN_LOWER_CASE = verbose(_TRIGGER, r"(?P<value> [^\W\d_A-Z]+ ) (?![\w'\u2019-])")

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


# "called" names someone after these words ("is called", "a woman called"), not after others ("she called").
_CALLED_AFTER = words(
    """
    is was are were be been being also woman man girl boy lady person someone friend sister brother cousin boss
    pimp madam
    """
)
_PREVIOUS_WORD = re.compile(r"(\w+)[ ]+\Z")


def _introduces_a_name(text: str, match: re.Match[str]) -> bool:
    if match.group("trigger").strip().casefold() != "called":
        return True
    previous = _PREVIOUS_WORD.search(text, max(0, match.start() - 20), match.start())
    return previous is not None and previous.group(1).casefold() in _CALLED_AFTER


def _is_named_person(text: str, match: re.Match[str]) -> bool:
    """A capitalised word after a trigger is a name unless it names an organisation, origin or business."""
    if not _introduces_a_name(text, match):
        return False
    words_ = match.group("value").split()
    surname = next((word for word in words_ if not _TUSSENVOEGSEL_WORD.fullmatch(word)), "")
    if not surname or surname.lower() in _NOT_NAMES:
        return False
    if _ORIGIN_AFTER.match(text, match.end()):
        return False
    return not _NAMED_THING.search(text, max(0, match.start("trigger") - 40), match.start("trigger"))


def _is_known_name_in_lower_case(text: str, match: re.Match[str]) -> bool:
    value = match.group("value")
    return (
        value.islower()
        and _is_known(value)
        and _introduces_a_name(text, match)
        and not _NAMED_THING.search(text, max(0, match.start("trigger") - 40), match.start("trigger"))
    )


def _is_known(word: str) -> bool:
    """In the name lists: the word, or each part of a double name ("Ana-Maria")."""
    folded = word.casefold()
    if folded in GIVEN_NAMES or folded in SURNAMES:
        return True
    parts = folded.split("-")
    return len(parts) > 1 and all(part in GIVEN_NAMES or part in SURNAMES for part in parts)


# --- a known name where the sentence makes it a person ----------------------------------------------------------------

# Verbs that follow a person in case notes (Dutch and English, present and past).
_VERBS = """
    is was zijn waren wordt werd werden heeft had hebben hadden kan kon kunnen konden moet moest moesten mag mocht
    wil wilde wilden zal zou durft durfde werkt werkte werkten woont woonde woonden zegt zei zeiden vertelt vertelde
    verklaart verklaarde verklaarden kwam kwamen komt ging gingen gaat belt belde belden kreeg kregen krijgt
    verdiende verdient sliep slaapt sprak spreekt weet wist leeft leefde verbleef verblijft gaf geeft vroeg vraagt
    betaalde betaalt stuurde stuurt maakte maakt zat zit bracht brengt haalde haalt nam neemt meldde meldt vluchtte
    vlucht vertrok reisde reist deed doet zag ziet hoorde liet laat hielp helpt dwong dwingt ronselde regelde
    verkocht verhuurde bedreigde sloeg mishandelde hield heeft huurde beheerde runde leidde ontving ontvangt
    verdween verdwijnt belandde arriveerde wachtte was
    has had have says said tells told states stated explains explained claims claimed reports reported works worked
    lives lived stays stayed came comes went goes called calls calling got gets earned earns slept sleeps spoke
    speaks knew knows wanted wants gave gives asked asks paid pays sent sends made makes brought brings took takes
    left leaves fled flees travelled traveled arrived arrives disappeared escaped met recruited forced threatened
    beat controlled ran runs managed manages owned owns rented rents drove drives kept keeps received receives
    refused refuses agreed agrees decided decides tried tries can could will would must should may might did does
    was were is are
"""
_ADVERBS = "ook zelf nog toen dan later nooit altijd eerst also then later never always first still"
_ROLES = """
    zus broer moeder vader dochter zoon vriendin vriend nicht neef tante oom collega buurvrouw buurman werkgever
    baas eigenaar eigenaresse chef manager ronselaar pooier madam tussenpersoon chauffeur partner echtgenote
    echtgenoot cliënte cliënt client slachtoffer meisje jongen minderjarige dochtertje zoontje verloofde
    sister brother mother father daughter son friend cousin aunt uncle colleague neighbour neighbor employer boss
    owner recruiter pimp driver wife husband girlfriend boyfriend victim niece nephew landlord landlady minor
"""


def _alternatives(text: str) -> str:
    return "(?: " + " | ".join(sorted(set(text.split()), key=len, reverse=True)) + " )"


_KNOWN_NAMES = GIVEN_NAMES | SURNAMES
_FULL_WORD = re.compile(r"[\w'\u2019-]+")

# What after a name makes it a person's.
_PERSON_AFTER = verbose(
    r"(?: ['\u2019]s \b",
    r"  | [ ]* \( [1-9]?\d \)",
    r"  | , [ ]* [1-9]?\d (?: [ ]* (?: jaar | years? (?: [ ]old)? | jr ) )? [ ]* ,",
    r"  | [ ]+ (?: " + _alternatives(_ADVERBS) + r" [ ]+ )? " + _alternatives(_VERBS) + r" \b",
    r"  | , [ ]+ (?: de | het | een | haar | zijn | the | a | an | her | his ) [ ]+ " + _alternatives(_ROLES) + r" \b",
    r")",
)
# What before a name makes it a person's: "haar zus Maria", "her friend Andrei", "cliënte Olga".
_PERSON_BEFORE = verbose(r"(?i: \b " + _alternatives(_ROLES) + r" ) [ ]+ $")
# Two names joined: "Maria en Andrei", "Ion and Vasile".
_AND_NAME_AFTER = verbose(r"[ ]+ (?: en | and | & ) [ ]+ (?P<other> [" + UPPER + r"][\w'\u2019-]* )")
_NAME_AND_BEFORE = verbose(r"(?P<other> [" + UPPER + r"][\w'\u2019-]* ) [ ]+ (?: en | and | & ) [ ]+ $")
# Another name right after: "Maria Popescu", "Ana Maria", "Maria van Dijk".
_NEXT_NAME = verbose(
    r"[ ]+ (?: (?: van | de | der | den | ter | ten ) [ ]+ ){0,2}", r"(?P<next> [" + UPPER + r"][\w'\u2019-]* )"
)
# After an article a known name is a thing ("de Mercedes", "the Sunday"), after a preposition of place a
# place ("in Lima werkte zij"), after a saint's title a place or a church ("Santa Maria", "Sint-Maria"),
# after MS or MV a ship. (A title such as "Ms Anna" is the other rule's, which is case-sensitive.)
_NOT_A_PERSON_BEFORE = verbose(
    r"(?i: \b (?: de | het | een | the | a | an | in | uit | te | vanuit | from | near | nabij | via | richting",
    r"          | rond | around | santa | san | santo | são | sankt | saint | st\.? | sint",
    r"          | ms | mv | ss | zr\.[ ]?ms | hr\.[ ]?ms ) ) [ -]+ $",  # ships: "de MS Anna"
)


def _is_title_case(word: str) -> bool:
    return len(word) > 1 and word[1:] == word[1:].lower()


@dataclass(frozen=True)
class KnownName:
    """A known given name or surname, capitalised, that the sentence around it treats as a person."""

    kind: str = "name"
    priority: int = 1

    def findings(self, text: Text) -> Iterator[Finding]:
        seen: set[int] = set()
        for known in text.words & _KNOWN_NAMES:
            for start in text.starts_of(known):
                if start in seen or (start and text.text[start - 1] in "'\u2019-"):
                    continue  # the second part of "Ana-Maria", or "d'Souza": the first part decides
                seen.add(start)
                full = _FULL_WORD.match(text.text, start)
                word, possessive = _without_possessive(full.group() if full else known)
                if not (word[:1].isupper() and _is_title_case(word) and _is_known(word)):
                    continue
                end = self._extend(text.text, start + len(word))
                if self._is_a_person(text.text, start, end, possessive and end == start + len(word)):
                    yield Finding(self.kind, start, end)

    @staticmethod
    def _extend(text: str, end: int) -> int:
        """Take in the names that follow ("Maria Popescu", "Ana Maria Ionescu", "Maria van Dijk")."""
        for _ in range(2):
            following = _NEXT_NAME.match(text, end)
            if following is None:
                break
            name, _possessive = _without_possessive(following.group("next"))
            if not (_is_title_case(name) and _is_known(name)):
                break
            end = following.start("next") + len(name)
        return end

    @staticmethod
    def _is_a_person(text: str, start: int, end: int, possessive: bool) -> bool:
        if _NOT_A_PERSON_BEFORE.search(text, max(0, start - 10), start):
            return False
        if possessive or " " in text[start:end]:
            return True
        if _PERSON_AFTER.match(text, end) or _PERSON_BEFORE.search(text, max(0, start - 30), start):
            return True
        joined = _AND_NAME_AFTER.match(text, end)
        if joined and _is_known(_without_possessive(joined.group("other"))[0]):
            return True
        before = _NAME_AND_BEFORE.search(text, max(0, start - 40), start)
        return bool(before and _is_known(before.group("other")))


def _without_possessive(word: str) -> tuple[str, bool]:
    for suffix in ("'s", "\u2019s"):
        if word.endswith(suffix):
            return word[: -len(suffix)], True
    return word, False


DETECTORS = (
    AfterWord("name", _NAME, _TRIGGER_WORDS, _is_named_person, priority=2),
    AfterWord("name", _NAME_IN_LOWER_CASE, _TRIGGER_WORDS, _is_known_name_in_lower_case, priority=2),
    KnownName(),
)
