#!/usr/bin/env python3
"""Regenerate the name lists of the anonymisation guard (referrals/anonymisation/data/).

    .venv/bin/python scripts/generate_name_lists.py

The names come from Faker (MIT licence; a development dependency, so it is in .venv): the given names
and surnames of the locales of the countries most victims come from (Romania, Bulgaria, Poland,
Hungary, Ukraine, Nigeria, East Africa for Uganda, the Maghreb for Morocco, China, Vietnam, Brazil,
the Philippines through Spanish and English) and of the Netherlands, Belgium and its neighbours.
Cyrillic names are kept and also transliterated the ways they are written in Dutch and English text.

Then everything that is also something else is taken out, because a capitalised word is then no
evidence of a person:

* ordinary words: any name that is a lower-case word in Dutch or English (OpenTaal's word list and
  SCOWL's common English words, Debian packages ``wdutch`` and ``wbritish-small``): "hoop", "may", "will",
  "mark", "grace";
* places: countries (ISO 3166-1, in English and Dutch), their subdivisions (ISO 3166-2), and the
  cities, states and regions Faker knows (Debian package ``iso-codes`` for the ISO lists);
* nationalities and languages, months and weekdays (Dutch and English);
* the words of the directory's organisation names and of well-known organisations and brands.

A few names are kept although they are also rare words (``KEEP``): they are among the most common
names of the people referred, and their ordinary sense hardly occurs in case text.

Only Faker's names go into the repository (with Faker's licence beside them); the word lists and ISO
lists are used to filter and are not copied. ``countries.txt`` (Faker's country names, and continents,
wide regions and Dutch provinces of our own) lets the guard tell a country of birth from a town of birth.
A short supplement (``SUPPLEMENT_GIVEN``, ``SUPPLEMENT_SURNAMES``) adds common names of the people
referred that Faker's lists lack; it passes the same filters. Nothing here runs at run time, and
nothing is downloaded.
"""

from __future__ import annotations

import gettext
import importlib
import json
import os
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "referrals" / "anonymisation" / "data"
DICTIONARIES = [Path("/usr/share/dict/dutch"), Path("/usr/share/dict/british-english-small")]
ISO = Path("/usr/share/iso-codes/json")
LOCALE_DIR = "/usr/share/locale"


def _words(text: str) -> list[str]:
    return text.split()


LATIN_LOCALES = [
    "ro_RO",
    "hu_HU",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "sl_SI",
    "hr_HR",
    "lt_LT",
    "lv_LV",
    "et_EE",  # Eastern Europe
    "en_NG",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "tw_GH",
    "en_KE",
    "sw",
    "zu_ZA",  # West and East Africa
    "fr_DZ",
    "en_PK",
    "az_AZ",
    "uz_UZ",
    "tr_TR",  # North Africa, the Muslim world
    "vi_VN",
    "en_TH",  # South-East Asia
    "pt_BR",
    "pt_PT",
    "es_ES",
    "es_MX",
    "es_CO",
    "es_AR",
    "es_CL",  # Brazil; Spanish names (also the Philippines)
    "nl_NL",
    "nl_BE",
    "fr_BE",
    "fr_FR",
    "de_DE",
    "de_AT",
    "de_CH",
    "it_IT",  # the Netherlands and around
    "en",
    "en_US",
    "en_GB",
    "en_IE",
    "en_NZ",
    "en_IN",  # English (the Philippines, Nigeria, Uganda too)
]
CYRILLIC_LOCALES = ["bg_BG", "uk_UA", "ru_RU", "mk_MK"]
ROMANIZED_LOCALES = ["zh_CN", "zh_TW"]  # Chinese names in pinyin
ORIGIN_COUNTRIES = ["RO", "BG", "PL", "HU", "UA", "NG", "UG", "MA", "CN", "VN", "BR", "PH"]
NEIGHBOUR_COUNTRIES = ["NL", "BE", "DE", "FR", "GB", "ES", "IT", "PT", "CZ", "SK", "MD", "RU", "TR", "AL", "RS"]

#: Names that are also words, but whose ordinary sense hardly occurs in case text, while the name is
#: among the most common of the people referred (Romanian, Nigerian, Chinese).
KEEP = {"ion", "florin", "victor", "maria", "eva", "sara", "precious", "blessing", "wei", "li", "wang", "jun", "lan"}

#: Common names of the people referred that Faker's lists lack (our own addition: Ukrainian and Bulgarian
#: spellings, Igbo, Edo, Yoruba, Ganda, Acholi, Moroccan, Chinese, Vietnamese and Filipino names).
SUPPLEMENT_GIVEN = _words(
    """
    Yulia Yuliia Kateryna Katerina Nataliya Natalya Oleksandra Oleksandr Oleksii Oleksiy Andrii Andriy Serhiy
    Yurii Yuriy Viktoriia Anastasiia Daryna Mariia Valentyna Halyna Liudmyla Lyudmyla Svitlana Tetyana Inna Alina
    Vitalii Vitaliy Bohdan Taras Mykola Mykhailo Volodymyr Petro Vasyl Stepan
    Desislava Petya Tsvetelina Radostina Gergana Yordanka Silviya Rumyana Stanislava Hristina Galina Nadezhda
    Teodora Plamen Hristo Tsvetan Krasimir Yordan Todor Nikolay Dimitrina Mariyana Stefka
    Andreea Bianca Roxana Loredana Mirela Florentina Georgiana Ionela Nicoleta Mădălina Madalina Cătălina Catalina
    Ionuț Ionut Costel Gheorghe Vasile Marian Cosmin Daniela Alexandra
    Chioma Chiamaka Ngozi Nneka Adaeze Amaka Ifeoma Uchenna Chinyere Ebere Obioma Osas Osagie Efe Eghosa Esohe
    Osaro Nosa Ivie Isoken Ejiro Funmilayo Folake Bukola Titilayo Yetunde Kehinde Taiwo Tope Tosin Bisola Osaze
    Nakato Babirye Nansubuga Namubiru Nakimuli Namuli Nalwoga Namutebi Nabirye Waiswa Mugisha Tumusiime
    Ainembabazi Atuhaire Kyomuhendo Akello Apio Auma Okello Opio Ochieng Achieng Nambi
    Fatima Khadija Zineb Meryem Samira Naima Hafsa Salma Hanane Siham Loubna Imane Youssef Mohammed Hamza Rachid
    Karim Hicham Mustapha Abdelilah Othmane Soufiane Ayoub Anouar Nordin Bilal
    Jing Ying Xiu Hua Fang Yan Ling Hui Qing Xiaoling Xiaomei Lihua Yuying Hong Ping Min Lei Tao
    Linh Huong Hương Thao Thảo Trang Hoa Ngoc Phuong Phương Thuy Thủy Hanh Hạnh Nhung Dung Tuan Tuấn Hung Hùng
    Duc Đức Minh Quang Khanh Hieu Hiếu Thanh Anh Tuyet Hai
    Maricel Marites Rowena Analyn Jocelyn Mylene Rhea Jonalyn Marilou Jenelyn Jessa Kristine Arlene Rodel Romel
    Ramil Arnel Reynaldo Rolando
"""
)
SUPPLEMENT_SURNAMES = _words(
    """
    Osagie Omoregie Igbinedion Aigbe Obaseki Ehigiator Osaro Okonkwo Eze Nwosu Adeyemi Ogunleye
    Ssekandi Sserwadda Mukasa Kizza Lubega Okello Tumusiime Byaruhanga
    Nguyen Tran Pham Hoang Huynh Phan Vu Dang Bui Ngo Duong Ly
    El-Amrani Benali Bakkali Ouali Tahiri Idrissi Ziani
"""
)

MONTHS_AND_DAYS = _words(
    """
    januari februari maart april mei juni juli augustus september oktober november december
    january february march may june july august october
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    monday tuesday wednesday thursday friday saturday sunday
"""
)

#: Nationalities and languages as Dutch and English write them (ISO gives the country names).
NATIONALITIES = _words(
    """
    roemeens roemeense roemeen roemenen romanian romanians bulgaars bulgaarse bulgaar bulgaren bulgarian bulgarians
    pools poolse polen polish pole poles hongaars hongaarse hongaar hongaren hungarian hungarians
    oekraïens oekraïense oekraïner oekraiens oekraiense ukrainian ukrainians nigeriaans nigeriaanse nigeriaan
    nigerian nigerians oegandees oegandese oegandezen ugandan ugandans marokkaans marokkaanse marokkaan marokkanen
    moroccan moroccans chinees chinese chinezen vietnamees vietnamese vietnamezen braziliaans braziliaanse
    braziliaan brazilian brazilians filipijns filipijnse filipijn filipino filipina filipinos filipinas
    nederlands nederlandse nederlander dutch belgisch belgische belg belgian duits duitse duitser german germans
    frans franse fransman french engels engelse engelsman english brits britse british spaans spaanse spanish
    italiaans italiaanse italian portugees portugese portuguese turks turkse turk turkish russisch russische
    rus russian arabisch arabische arabic berbers berber tamazight amazigh moldavisch moldavische moldovan
    albanees albanese albanian servisch servische serbian tsjechisch tsjechische czech slowaaks slowaakse slovak
    litouws litouwse lithuanian lets letse latvian eritrees eritrese eritrean syrisch syrische syrian
    afghaans afghaanse afghan iraans iraanse iranian iraaks iraakse iraqi somalisch somalische somali
    ghanees ghanese ghanaian sierra-leoons guinees guinese guinean kameroens kameroense cameroonian
    indiaas indiase indian pakistaans pakistaanse pakistani thais thaise thai indonesisch indonesische
    indonesian yoruba igbo hausa edo bini tagalog mandarijn mandarin kantonees cantonese
    europees europese european afrikaans afrikaanse african aziatisch aziatische asian
"""
)

#: Organisations and brands a referral names, whose names are also given names somewhere.
ORGANISATIONS_AND_BRANDS = _words(
    """
    fier arosa humanitas kompaan jade perspectief bonjo ipse cordaid sensoor ggd veilig thuis
    comensha slachtofferhulp vluchtelingenwerk coa ind uwv kmar marechaussee avim arbeidsinspectie
    nidos leger heils terwille sisters frontaal spirit pretty woman esperanza shelter
    mercedes porsche toyota opel audi renault peugeot citroën citroen skoda dacia volvo seat kia
    hyundai nissan mazda tesla lexus fiat ford volkswagen bmw mini jaguar chevrolet lada
    lidl aldi jumbo heijn action zeeman hema primark amazon uber bolt deliveroo thuisbezorgd
    instagram facebook tiktok telegram whatsapp signal snapchat onlyfans badoo tinder
    western union moneygram ria
"""
)

UKRAINIAN = dict(
    zip(
        "абвгґдезжийклмнопрстуфхцчшщьюяєії'",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "z",
            "zh",
            "y",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "iu",
            "ia",
            "ie",
            "i",
            "i",
            "",
        ],
        strict=True,
    )
)
BULGARIAN = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "h",
            "ts",
            "ch",
            "sh",
            "sht",
            "a",
            "y",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
RUSSIAN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
#: The spellings people use besides the official systems: Yulia, Yuriy, Tatyana, Olga.
POPULAR = {"iia": "ia", "iu": "yu", "ia": "ya", "ie": "ye", "kh": "h"}
MACEDONIAN = {**RUSSIAN, "ѓ": "gj", "ѕ": "dz", "ј": "j", "љ": "lj", "њ": "nj", "ќ": "kj", "џ": "dž"}
TRANSLITERATIONS = {"bg_BG": [BULGARIAN], "uk_UA": [UKRAINIAN, RUSSIAN], "ru_RU": [RUSSIAN], "mk_MK": [MACEDONIAN]}


#: Ukrainian's official system writes these letters differently at the start of a name (Yurii, Yana).
UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def transliterate(name: str, table: dict[str, str]) -> str:
    lower = name.lower()
    first = UKRAINIAN_INITIAL.get(lower[:1], table.get(lower[:1], lower[:1])) if table is UKRAINIAN else ""
    rest = lower[1:] if first else lower
    return (first + "".join(table.get(char, char) for char in rest)).capitalize()


def popular_spelling(latin: str) -> str:
    lower = latin.lower()
    for official, popular in POPULAR.items():
        lower = lower.replace(official, popular)
    return lower.capitalize()


def fold(name: str) -> str:
    """Without diacritics, as people type a name without them: Ștefan -> Stefan, Łukasz -> Lukasz."""
    name = name.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def words_of(names: Iterable[str]) -> set[str]:
    """Single names: "Ana Maria" gives Ana and Maria; "Ana-Maria" stays whole and gives its parts too."""
    found: set[str] = set()
    for name in names:
        for part in name.replace("(", " ").replace(")", " ").split():
            found.add(part)
            found.update(piece for piece in part.split("-") if piece)
    return {word.strip(".,'") for word in found if len(word.strip(".,'")) >= 2}


def provider_lists(attribute: str, kind: str, locale: str) -> list[str]:
    provider = importlib.import_module(f"faker.providers.{kind}.{locale}").Provider
    values: list[str] = []
    for name, value in vars(provider).items():
        if name.startswith("_") or callable(value) or isinstance(value, property | staticmethod | classmethod):
            continue
        if isinstance(value, list | tuple | dict | set) and attribute in name:
            values.extend(str(item) for item in value)
    return values


def faker_names(module: str) -> set[str]:
    names: set[str] = set()
    for locale in LATIN_LOCALES:
        names |= words_of(provider_lists(module, "person", locale))
    for locale in ROMANIZED_LOCALES:
        names |= words_of(provider_lists(module.replace("_names", "_romanized_names"), "person", locale))
    for locale in CYRILLIC_LOCALES:
        cyrillic = words_of(provider_lists(module, "person", locale))
        names |= cyrillic
        for table in TRANSLITERATIONS[locale]:
            latin = {transliterate(name, table) for name in cyrillic}
            names |= latin | {popular_spelling(name) for name in latin}
    return names | {fold(name) for name in names}


def dictionary_words() -> set[str]:
    """Every lower-case word of the Dutch and English word lists."""
    words: set[str] = set()
    for path in DICTIONARIES:
        if not path.exists():
            sys.exit(f"{path} is missing: apt-get install wdutch wbritish-small")
        words |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip().islower()}
    return words


def iso_countries() -> set[str]:
    countries = json.loads((ISO / "iso_3166-1.json").read_text())["3166-1"]
    dutch = gettext.translation("iso_3166-1", localedir=LOCALE_DIR, languages=["nl"], fallback=True)
    names: set[str] = set()
    for country in countries:
        for key in ("name", "common_name", "official_name"):
            if key in country:
                names |= {country[key], dutch.gettext(country[key])}
    return names


def iso_subdivisions() -> set[str]:
    subdivisions = json.loads((ISO / "iso_3166-2.json").read_text())["3166-2"]
    wanted = set(ORIGIN_COUNTRIES + NEIGHBOUR_COUNTRIES)
    return {item["name"] for item in subdivisions if item["code"][:2] in wanted}


#: Capitals and large cities of the world, and the towns of origin and transit that case notes name (our
#: own list: Faker has no towns for most of these countries).
WORLD_CITIES = _words(
    """
    Abidjan Abuja Accra Addis Agadez Aleppo Alexandria Algiers Amman Ankara Antalya Asmara Athens Baghdad Bamako
    Bangkok Barcelona Beijing Beirut Belgrade Benghazi Benin Berlin Bogota Bordeaux Brasilia Bratislava Brussels
    Bucharest Budapest Burgas Cairo Calabar Casablanca Cebu Chisinau Conakry Cotonou Dakar Damascus Davao Delhi
    Dhaka Dnipro Doha Dubai Dublin Enugu Fez Florence Fortaleza Freetown Fuzhou Gdansk Geneva Guangzhou Gulu Hanoi
    Havana Helsinki Ibadan Istanbul Izmir Jakarta Jeddah Jerusalem Johannesburg Kabul Kampala Kano Karachi Kharkiv
    Khartoum Kinshasa Kyiv Kiev Lagos Lahore Lima Lisbon Ljubljana Lome London Lourdes Luanda Lyon Madrid Manaus
    Manila Marrakech Marrakesh Marseille Mbarara Mecca Medellin Milan Minsk Mogadishu Monrovia Moscow Mumbai
    Munich Nador Nairobi Naples Niamey Nice Odesa Odessa Oran Oslo Ouagadougou Palermo Paris Plovdiv Porto Prague
    Rabat Recife Riga Rio Riyadh Rome Salvador Santiago Sapele Seville Shanghai Shenzhen Sliven Sofia Stockholm
    Tangier Tanger Tbilisi Tehran Tetouan Tirana Tokyo Toronto Tripoli Tunis Turin Uyo Valencia Varna Venice Vienna
    Vilnius Warri Warsaw Wenzhou Yaounde Zagreb Zurich Lampedusa Ceuta Melilla Calais Dunkirk Ventimiglia Lesbos
    Victoria Sydney Adelaide Florida Georgia Jordan Chelsea Austin Regina Beverly Lincoln Madison Orlando Phoenix
    """
)

#: Faker's towns and regions of the countries of origin and of the Netherlands and its neighbours.
PLACE_LOCALES = [
    "nl_NL",
    "nl_BE",
    "de_DE",
    "fr_FR",
    "en_GB",
    "es_ES",
    "ro_RO",
    "pl_PL",
    "hu_HU",
    "uk_UA",
    "cs_CZ",
    "fr_DZ",
    "pt_BR",
    "vi_VN",
    "en_PH",
]
PLACE_KEYS = (
    "cities",
    "city_names",
    "real_city_names",
    "states",
    "regions",
    "provinces",
    "counties",
    "wilayas",
    "estados",
    "departments",
    "region_names",
    "luzon_provinces",
    "mindanao_provinces",
    "visayas_provinces",
)


def faker_places() -> set[str]:
    places = set(_faker_countries())
    for locale in PLACE_LOCALES:
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        for key in PLACE_KEYS:
            value = vars(provider).get(key)
            if isinstance(value, list | tuple | dict | set):
                places.update(str(item) for item in value)
    return places


def organisation_words() -> set[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nvm.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from directory.demo_data import ORGANISATIONS

    return {word for organisation in ORGANISATIONS for word in organisation.name.replace(",", " ").split()}


def whole_names(names: Iterable[str]) -> set[str]:
    """Every name case-folded, also without diacritics ("Santa Maria" takes Maria out of nothing)."""
    return {form for name in names for form in (name.casefold(), fold(name).casefold())}


def lower_words(names: Iterable[str]) -> set[str]:
    """Every name and every word in it, case-folded and also without diacritics."""
    words: set[str] = set()
    for name in names:
        for word in [name, *name.replace("-", " ").split()]:
            words |= {word.casefold(), fold(word).casefold()}
    return words


def _order(name: str) -> tuple[str, str]:
    """Alphabetical regardless of case, then by case: the same order on every run."""
    return name.casefold(), name


def main() -> None:
    ordinary = dictionary_words() - KEEP
    places = whole_names(iso_countries() | iso_subdivisions() | faker_places() | set(WORLD_CITIES))
    excluded = (
        places
        | set(MONTHS_AND_DAYS)
        | {"santa", "san", "santo", "são", "sao", "sankt", "saint", "sint", "st"}  # saints: places and churches
        | set(NATIONALITIES)
        | lower_words(ORGANISATIONS_AND_BRANDS)
        | lower_words(organisation_words())
    )

    def keep(name: str) -> bool:
        folded = name.casefold()
        return folded not in ordinary and folded not in excluded and fold(folded) not in excluded

    given_names = faker_names("first_names") | words_of(SUPPLEMENT_GIVEN)
    given = sorted({name for name in given_names | {fold(n) for n in given_names} if keep(name)}, key=_order)
    surnames_found = faker_names("last_names") | words_of(SUPPLEMENT_SURNAMES)
    surnames = sorted({n for n in surnames_found | {fold(n) for n in surnames_found} if keep(n)}, key=_order)
    countries = sorted(
        {name for name in _faker_countries() if "," not in name} | set(EXTRA_REGIONS),
        key=_order,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    header = "# Generated by scripts/generate_name_lists.py from Faker's name lists (MIT, see LICENSE.faker).\n"
    (OUT / "given_names.txt").write_text(header + "\n".join(given) + "\n", encoding="utf-8")
    (OUT / "surnames.txt").write_text(header + "\n".join(surnames) + "\n", encoding="utf-8")
    countries_header = (
        "# Generated by scripts/generate_name_lists.py: countries (Faker's lists, MIT, see LICENSE.faker),\n"
        "# continents, wide regions and Dutch provinces, in Dutch and English.\n"
    )
    (OUT / "countries.txt").write_text(countries_header + "\n".join(countries) + "\n", encoding="utf-8")
    print(f"{len(given)} given names, {len(surnames)} surnames, {len(countries)} countries and regions in {OUT}")


#: Regions that name no town: a place of birth this wide identifies no one.
EXTRA_REGIONS = _words(
    """
    Europa Europe Afrika Africa Azië Asia Amerika America Zuid-Amerika South-America Latijns-Amerika
    Oost-Europa Eastern-Europe West-Afrika West-Africa Oost-Afrika East-Africa Noord-Afrika North-Africa
    Midden-Oosten Balkan Azie Groningen Friesland Fryslân Drenthe Overijssel Flevoland Gelderland Utrecht
    Noord-Holland Zuid-Holland Zeeland Noord-Brabant Brabant Limburg Nederland Holland Vlaanderen Wallonië
    Transsylvanië Transylvania Moldavië Moldova Siberië Siberia Kurdistan Koerdistan Donbas Donbass Krim Crimea
    Biafra Edo-staat Mindanao Luzon Visayas Noord-Vietnam Zuid-Vietnam Noord-Nigeria Zuid-Nigeria Oost-Oekraïne
"""
)


def _faker_countries() -> list[str]:
    countries: list[str] = []
    for locale in ("en", "nl_NL"):
        module = "address"
        provider = importlib.import_module(f"faker.providers.{module}.{locale}").Provider
        countries.extend(str(country) for country in vars(provider).get("countries", ()))
    return countries


if __name__ == "__main__":
    main()
