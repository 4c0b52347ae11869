"""The demo Wegwijzer as data: regions, organisations, services and regulations.

A realistic but invented landscape after the seed documents: the ten police
regions and the national units; a care coordinator in most regions (not in
Zeeland-West-Brabant and Limburg, where CoMensha picks the referrals up);
CoMensha and Slachtofferhulp Nederland, who edit the Wegwijzer together; the
partners of the four phases A identification, B care/support/protection,
C combating, D help towards independence.

Every contact detail is invented: ``<key>@example.org``, ``https://<key>.example.org/``
and phone numbers of the form ``+31 <area> 000 <nnnn>``. Names of public bodies
are real (IND, Schadefonds Geweldsmisdrijven, Het Juridisch Loket, ...); names of
shelters, NGOs and care providers are made up.

What a newcomer can try (``directory.selectors.match_services``), for need
``shelter`` and a profile ``region="amsterdam", gender="female",
age_group="adult", nationality_group="non_eu"``:

* matches: COSM-opvang Amsterdam (regional, free places), Vrouwenopvang Het Baken
  (regional but full), CoMensha's national placement;
* exclusions: COSM-opvang voor mannen (gender), De Beschutting (age group),
  COSM-opvang Zuid-Holland (region), Mannenopvang De Brug (region and gender);
* white spots: ``debt_counselling`` and ``education_work`` outside Amsterdam and
  Rotterdam, e.g. in Limburg and Zeeland-West-Brabant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import OrganisationKind
from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NationalityGroup, NeedCode, Phase

REGIONS: list[tuple[str, str]] = [
    ("noord-nederland", "Noord-Nederland"),
    ("oost-nederland", "Oost-Nederland"),
    ("midden-nederland", "Midden-Nederland"),
    ("noord-holland", "Noord-Holland"),
    ("amsterdam", "Amsterdam"),
    ("den-haag", "Den Haag"),
    ("rotterdam", "Rotterdam"),
    ("zeeland-west-brabant", "Zeeland-West-Brabant"),
    ("oost-brabant", "Oost-Brabant"),
    ("limburg", "Limburg"),
    ("landelijk", "Landelijke eenheden"),
]

REGIONS_WITHOUT_COORDINATOR = {"zeeland-west-brabant", "limburg", "landelijk"}

#: The telephone area code of each region's main city (88: national organisations).
AREA_CODES: dict[str, str] = {
    "noord-nederland": "50",
    "oost-nederland": "26",
    "midden-nederland": "30",
    "noord-holland": "23",
    "amsterdam": "20",
    "den-haag": "70",
    "rotterdam": "10",
    "zeeland-west-brabant": "76",
    "oost-brabant": "73",
    "limburg": "43",
    "landelijk": "88",
}


def phone(region: str, number: int) -> str:
    """An invented number in the fictional ``000`` block of the region's area code."""
    return f"+31 {AREA_CODES[region]} 000 {number:04d}"


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind
    regions: list[str] = field(default_factory=list)
    coordinates_region: str | None = None
    is_national_coordinator: bool = False
    published: bool = True
    description: str = ""
    phone: str = ""

    @property
    def email(self) -> str:
        return f"{self.key}@example.org"

    @property
    def website(self) -> str:
        return f"https://{self.key}.example.org/"


def _care_coordinators() -> list[DemoOrganisation]:
    return [
        DemoOrganisation(
            key=f"zorgcoordinatie-{code}",
            name=f"Zorgcoördinatie Mensenhandel {name}",
            kind=OrganisationKind.CARE_COORDINATION,
            regions=[code],
            coordinates_region=code,
            description=(
                f"De zorgcoördinator mensenhandel van de regio {name}: neemt signalen van politie, inspectie "
                "en hulpverleners aan, brengt de hulpvragen van het slachtoffer in kaart en verwijst door naar "
                "opvang, zorg en hulp in de regio (casusregie)."
            ),
            phone=phone(code, 200),
        )
        for code, name in REGIONS
        if code not in REGIONS_WITHOUT_COORDINATOR
    ]


Kind = OrganisationKind
NATIONAL = ["landelijk"]

ORGANISATIONS: list[DemoOrganisation] = [
    DemoOrganisation(
        "comensha",
        "CoMensha",
        Kind.CARE_COORDINATION,
        regions=NATIONAL,
        is_national_coordinator=True,
        description=(
            "Coördinatiecentrum tegen Mensenhandel en landelijk coördinator van het NVM: registreert (mogelijke) "
            "slachtoffers, plaatst hen in de categorale opvang (COSM) en neemt de verwijzingen op uit regio's "
            "zonder zorgcoördinator. Redigeert de Wegwijzer samen met Slachtofferhulp Nederland."
        ),
        phone=phone("landelijk", 100),
    ),
    *_care_coordinators(),
    DemoOrganisation(
        "politie-avim-amsterdam",
        "Politie Amsterdam, AVIM",
        Kind.POLICE,
        ["amsterdam"],
        description=(
            "Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel (AVIM) van de eenheid Amsterdam: "
            "neemt aangiften van mensenhandel op en biedt buitenlandse slachtoffers de bedenktijd aan."
        ),
        phone=phone("amsterdam", 300),
    ),
    DemoOrganisation(
        "politie-avim-rotterdam",
        "Politie Rotterdam, AVIM",
        Kind.POLICE,
        ["rotterdam"],
        description=(
            "Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel (AVIM) van de eenheid Rotterdam: "
            "neemt aangiften van mensenhandel op en biedt buitenlandse slachtoffers de bedenktijd aan."
        ),
        phone=phone("rotterdam", 300),
    ),
    DemoOrganisation(
        "arbeidsinspectie",
        "Nederlandse Arbeidsinspectie",
        Kind.LABOUR_INSPECTORATE,
        NATIONAL,
        description="Onderzoekt signalen van arbeidsuitbuiting en doet strafrechtelijk onderzoek naar daders.",
        phone=phone("landelijk", 400),
    ),
    DemoOrganisation(
        "kmar",
        "Koninklijke Marechaussee",
        Kind.BORDER_POLICE,
        NATIONAL,
        description="Signaleert mensenhandel bij grenscontroles en op de luchthavens en neemt daar aangiften op.",
        phone=phone("landelijk", 500),
    ),
    DemoOrganisation(
        "slachtofferhulp",
        "Slachtofferhulp Nederland",
        Kind.VICTIM_SUPPORT,
        NATIONAL,
        description=(
            "Gratis praktische, juridische en emotionele ondersteuning voor slachtoffers van misdrijven. "
            "Redigeert de Wegwijzer samen met CoMensha."
        ),
        phone=phone("landelijk", 600),
    ),
    DemoOrganisation(
        "cosm-amsterdam",
        "COSM-opvang Amsterdam",
        Kind.SHELTER,
        ["amsterdam", "noord-holland"],
        description=(
            "Categorale opvang voor buitenlandse vrouwen die slachtoffer zijn van mensenhandel, met begeleiding "
            "tijdens en na de bedenktijd. Plaatsing via CoMensha."
        ),
        phone=phone("amsterdam", 700),
    ),
    DemoOrganisation(
        "cosm-zuid-holland",
        "COSM-opvang Zuid-Holland",
        Kind.SHELTER,
        ["den-haag", "rotterdam"],
        description="Categorale opvang voor buitenlandse vrouwen die slachtoffer zijn van mensenhandel.",
        phone=phone("den-haag", 700),
    ),
    DemoOrganisation(
        "cosm-mannen",
        "COSM-opvang voor mannen",
        Kind.SHELTER,
        ["oost-nederland", "landelijk"],
        description=(
            "Landelijke categorale opvang voor mannelijke slachtoffers van mensenhandel, vaak van "
            "arbeidsuitbuiting. Plaatsing via CoMensha."
        ),
        phone=phone("oost-nederland", 700),
    ),
    DemoOrganisation(
        "vrouwenopvang-het-baken",
        "Vrouwenopvang Het Baken",
        Kind.SHELTER,
        ["amsterdam", "noord-holland"],
        description=(
            "Crisis- en beschermde opvang voor vrouwen (en hun kinderen) bij huiselijk geweld, eergerelateerd "
            "geweld en mensenhandel."
        ),
        phone=phone("amsterdam", 710),
    ),
    DemoOrganisation(
        "vrouwenopvang-zuid",
        "Vrouwenopvang Zuid",
        Kind.SHELTER,
        ["zeeland-west-brabant", "oost-brabant", "limburg"],
        description="Beschermde opvang voor vrouwen in het zuiden van het land, ook voor slachtoffers van uitbuiting.",
        phone=phone("oost-brabant", 710),
    ),
    DemoOrganisation(
        "mannenopvang-de-brug",
        "Mannenopvang De Brug",
        Kind.SHELTER,
        ["midden-nederland", "oost-nederland"],
        description="Opvang voor mannen bij huiselijk geweld, eergerelateerd geweld en uitbuiting.",
        phone=phone("midden-nederland", 710),
    ),
    DemoOrganisation(
        "jeugdbescherming-noordwest",
        "Jeugdbescherming Noordwest",
        Kind.OTHER,
        ["amsterdam", "noord-holland"],
        description=(
            "Gecertificeerde instelling voor jeugdbescherming: voert ondertoezichtstellingen en voogdij uit, "
            "ook voor minderjarige slachtoffers van mensenhandel."
        ),
        phone=phone("amsterdam", 800),
    ),
    DemoOrganisation(
        "de-beschutting",
        "De Beschutting, jeugdhulp",
        Kind.SHELTER,
        ["midden-nederland", "landelijk"],
        description=(
            "Beschermde en gesloten jeugdhulp voor minderjarige slachtoffers van mensenhandel, onder wie "
            "meisjes die met loverboys te maken kregen en alleenstaande minderjarige vreemdelingen."
        ),
        phone=phone("midden-nederland", 800),
    ),
    DemoOrganisation(
        "juridisch-loket",
        "Het Juridisch Loket",
        Kind.LEGAL_AID,
        NATIONAL,
        description="Gratis juridisch advies en, waar nodig, doorverwijzing naar een advocaat.",
        phone=phone("landelijk", 900),
    ),
    DemoOrganisation(
        "raad-voor-rechtsbijstand",
        "Raad voor Rechtsbijstand",
        Kind.LEGAL_AID,
        NATIONAL,
        description="Regelt de gesubsidieerde rechtsbijstand, ook de kosteloze slachtofferadvocaat.",
        phone=phone("landelijk", 910),
    ),
    DemoOrganisation(
        "advocatencollectief",
        "Slachtofferadvocaten Mensenhandel Collectief",
        Kind.LEGAL_AID,
        NATIONAL,
        description="Netwerk van advocaten die gespecialiseerd zijn in het bijstaan van slachtoffers van mensenhandel.",
        phone=phone("landelijk", 920),
    ),
    DemoOrganisation(
        "ind",
        "Immigratie- en Naturalisatiedienst (IND)",
        Kind.IMMIGRATION,
        NATIONAL,
        description="Beslist over de bedenktijd en de B8-verblijfsvergunning voor slachtoffers van mensenhandel.",
        phone=phone("landelijk", 1000),
    ),
    DemoOrganisation(
        "fairwerk",
        "FairWerk Nederland",
        Kind.NGO,
        NATIONAL,
        description=(
            "Onafhankelijke organisatie voor (arbeids)migranten die worden uitgebuit: informatie in veel talen, "
            "steun bij het terugvorderen van loon en doorverwijzing naar hulp."
        ),
        phone=phone("landelijk", 1100),
    ),
    DemoOrganisation(
        "schadefonds",
        "Schadefonds Geweldsmisdrijven",
        Kind.VICTIM_SUPPORT,
        NATIONAL,
        description="Keert een eenmalige tegemoetkoming uit aan slachtoffers met ernstig letsel door geweld.",
        phone=phone("landelijk", 1200),
    ),
    DemoOrganisation(
        "ggz-de-horizon",
        "GGZ De Horizon, traumacentrum",
        Kind.HEALTHCARE,
        ["amsterdam", "noord-holland", "midden-nederland"],
        description="Specialistische ggz bij psychotrauma, met ervaring met slachtoffers van mensenhandel.",
        phone=phone("midden-nederland", 1300),
    ),
    DemoOrganisation(
        "ggd-amsterdam",
        "GGD Amsterdam",
        Kind.HEALTHCARE,
        ["amsterdam"],
        description="Medische zorg, seksuele gezondheid en zorg voor onverzekerden in Amsterdam.",
        phone=phone("amsterdam", 1300),
    ),
    DemoOrganisation(
        "veilig-terug",
        "Stichting Veilig Terug",
        Kind.NGO,
        NATIONAL,
        description=(
            "Ondersteunt vrijwillige terugkeer naar het land van herkomst en de herintegratie daar, samen met "
            "partnerorganisaties in het buitenland."
        ),
        phone=phone("landelijk", 1400),
    ),
    DemoOrganisation(
        "gemeente-amsterdam",
        "Gemeente Amsterdam",
        Kind.MUNICIPALITY,
        ["amsterdam"],
        description=(
            "Werkt volgens het basisniveau bestuurlijke aanpak mensenhandel: inkomen, huisvesting, schuldhulp "
            "en werk voor slachtoffers, ook bij de doorstroom van slachtoffers met een B8-verblijfsvergunning."
        ),
        phone=phone("amsterdam", 1500),
    ),
    DemoOrganisation(
        "gemeente-rotterdam",
        "Gemeente Rotterdam",
        Kind.MUNICIPALITY,
        ["rotterdam"],
        description=(
            "Werkt volgens het basisniveau bestuurlijke aanpak mensenhandel: inkomen, huisvesting, schuldhulp "
            "en werk voor slachtoffers."
        ),
        phone=phone("rotterdam", 1500),
    ),
    DemoOrganisation(
        "tolknet",
        "TolkNet Nederland",
        Kind.OTHER,
        NATIONAL,
        description="Bemiddelt beëdigde tolken voor gesprekken met politie, hulpverleners en advocaten.",
        phone=phone("landelijk", 1600),
    ),
    DemoOrganisation(
        "ministerie-jenv",
        "Ministerie van Justitie en Veiligheid",
        Kind.MINISTRY,
        NATIONAL,
        published=False,
        description="Opdrachtgever van het NVM; ziet alleen geaggregeerde cijfers.",
        phone=phone("landelijk", 1700),
    ),
]


@dataclass(frozen=True)
class DemoService:
    """One service; empty restrictions mean "no restriction", ``national`` means every region."""

    organisation: str
    name: str
    description: str
    needs: tuple[NeedCode, ...]
    regions: tuple[str, ...] = ()
    national: bool = False
    genders: tuple[Gender, ...] = ()
    age_groups: tuple[AgeGroup, ...] = ()
    nationality_groups: tuple[NationalityGroup, ...] = ()
    exploitation_forms: tuple[ExploitationForm, ...] = ()
    languages: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    published: bool = True
    #: Days between the last review and the day of seeding (None: never reviewed).
    reviewed_days_ago: int | None = 30
    #: (total, free) places, for services with beds.
    capacity: tuple[int, int] | None = None


N = NeedCode
P = Phase
WOMEN = (Gender.FEMALE,)
MEN = (Gender.MALE,)
ADULTS = (AgeGroup.ADULT,)
MINORS = (AgeGroup.MINOR,)
FOREIGN = (NationalityGroup.EU, NationalityGroup.NON_EU)
NON_EU = (NationalityGroup.NON_EU,)
AMSTERDAM = ("amsterdam", "noord-holland")
SOUTH = ("zeeland-west-brabant", "oost-brabant", "limburg")

SERVICES: list[DemoService] = [
    # Phase A and C: signalling, reporting, investigating.
    DemoService(
        "politie-avim-amsterdam",
        "Aangifte en bedenktijd",
        "Intakegesprek en aangifte van mensenhandel; buitenlandse slachtoffers krijgen de bedenktijd aangeboden.",
        (N.POLICE_REPORT, N.SAFETY),
        regions=("amsterdam",),
        languages=("nl", "en"),
        phases=(P.A, P.C),
    ),
    DemoService(
        "politie-avim-rotterdam",
        "Aangifte en bedenktijd",
        "Intakegesprek en aangifte van mensenhandel; buitenlandse slachtoffers krijgen de bedenktijd aangeboden.",
        (N.POLICE_REPORT, N.SAFETY),
        regions=("rotterdam",),
        languages=("nl", "en"),
        phases=(P.A, P.C),
    ),
    DemoService(
        "arbeidsinspectie",
        "Melding en onderzoek arbeidsuitbuiting",
        "Meld signalen van arbeidsuitbuiting; de inspectie onderzoekt en kan aangifte opnemen.",
        (N.POLICE_REPORT,),
        national=True,
        exploitation_forms=(ExploitationForm.LABOUR,),
        phases=(P.A, P.C),
    ),
    DemoService(
        "kmar",
        "Signalering en aangifte aan de grens",
        "Signalering bij grenscontroles en op de luchthavens; aangifte kan bij de Marechaussee.",
        (N.POLICE_REPORT, N.SAFETY),
        national=True,
        phases=(P.A, P.C),
    ),
    # Phase B: care, support and protection.
    DemoService(
        "comensha",
        "Landelijke bemiddeling naar opvang",
        "CoMensha zoekt een passende opvangplaats (onder meer in de COSM) wanneer de eigen regio geen plaats heeft.",
        (N.SHELTER,),
        national=True,
        phases=(P.B,),
        reviewed_days_ago=7,
    ),
    DemoService(
        "cosm-amsterdam",
        "Categorale opvang voor vrouwen",
        "Beveiligde opvang met begeleiding voor buitenlandse vrouwen tijdens en na de bedenktijd.",
        (N.SHELTER, N.SAFETY),
        regions=AMSTERDAM,
        genders=WOMEN,
        age_groups=ADULTS,
        nationality_groups=FOREIGN,
        phases=(P.B,),
        reviewed_days_ago=14,
        capacity=(24, 3),
    ),
    DemoService(
        "cosm-amsterdam",
        "Kortdurende crisisplaatsen (pilot)",
        "Concept: twee crisisplaatsen voor de eerste nachten, in afwachting van een vaste COSM-plaats.",
        (N.SHELTER,),
        regions=("amsterdam",),
        genders=WOMEN,
        age_groups=ADULTS,
        nationality_groups=FOREIGN,
        phases=(P.B,),
        published=False,
        reviewed_days_ago=None,
    ),
    DemoService(
        "cosm-zuid-holland",
        "Categorale opvang voor vrouwen",
        "Beveiligde opvang met begeleiding voor buitenlandse vrouwen tijdens en na de bedenktijd.",
        (N.SHELTER, N.SAFETY),
        regions=("den-haag", "rotterdam"),
        genders=WOMEN,
        age_groups=ADULTS,
        nationality_groups=FOREIGN,
        phases=(P.B,),
        capacity=(20, 2),
    ),
    DemoService(
        "cosm-mannen",
        "Categorale opvang voor mannen",
        "Landelijke opvang met begeleiding voor buitenlandse mannen, vaak slachtoffer van arbeidsuitbuiting.",
        (N.SHELTER, N.SAFETY),
        national=True,
        genders=MEN,
        age_groups=ADULTS,
        nationality_groups=FOREIGN,
        phases=(P.B,),
        capacity=(16, 5),
    ),
    DemoService(
        "vrouwenopvang-het-baken",
        "Crisisopvang voor vrouwen",
        "Crisis- en beschermde opvang voor vrouwen en hun kinderen; ook voor Nederlandse slachtoffers.",
        (N.SHELTER, N.SAFETY),
        regions=AMSTERDAM,
        genders=WOMEN,
        phases=(P.B,),
        capacity=(30, 0),
    ),
    DemoService(
        "vrouwenopvang-het-baken",
        "Ambulante begeleiding na de opvang",
        "Begeleiding bij zelfstandig wonen na het vertrek uit de opvang.",
        (N.HOUSING, N.SAFETY),
        regions=AMSTERDAM,
        genders=WOMEN,
        phases=(P.D,),
    ),
    DemoService(
        "vrouwenopvang-zuid",
        "Beschermde opvang voor vrouwen",
        "Beschermde opvang voor vrouwen, ook voor slachtoffers van mensenhandel.",
        (N.SHELTER, N.SAFETY),
        regions=SOUTH,
        genders=WOMEN,
        phases=(P.B,),
        capacity=(18, 2),
    ),
    DemoService(
        "mannenopvang-de-brug",
        "Opvang voor mannen",
        "Opvang en begeleiding voor mannen bij geweld, bedreiging of uitbuiting.",
        (N.SHELTER, N.SAFETY),
        regions=("midden-nederland", "oost-nederland"),
        genders=MEN,
        age_groups=ADULTS,
        phases=(P.B,),
        capacity=(10, 4),
    ),
    DemoService(
        "jeugdbescherming-noordwest",
        "Jeugdbescherming bij mensenhandel",
        "Ondertoezichtstelling of voogdij voor minderjarige slachtoffers, samen met de zorgcoördinator.",
        (N.CHILD_PROTECTION, N.SAFETY),
        regions=AMSTERDAM,
        age_groups=MINORS,
        phases=(P.B, P.D),
    ),
    DemoService(
        "de-beschutting",
        "Beschermde opvang voor minderjarigen",
        "Beschermde en zo nodig gesloten opvang met behandeling, onder meer bij loverboyproblematiek.",
        (N.SHELTER, N.CHILD_PROTECTION, N.MENTAL_HEALTH),
        national=True,
        age_groups=MINORS,
        phases=(P.B,),
        capacity=(12, 1),
    ),
    DemoService(
        "ggz-de-horizon",
        "Traumabehandeling",
        "Diagnostiek en behandeling van psychotrauma; gesprekken zo nodig met een tolk.",
        (N.MENTAL_HEALTH,),
        regions=("amsterdam", "noord-holland", "midden-nederland"),
        languages=("nl", "en"),
        phases=(P.B, P.D),
    ),
    DemoService(
        "ggz-de-horizon",
        "Crisisdienst GGZ",
        "Acute psychiatrische hulp, dag en nacht bereikbaar voor hulpverleners.",
        (N.MENTAL_HEALTH, N.SAFETY),
        regions=("amsterdam",),
        phases=(P.B,),
        reviewed_days_ago=420,
    ),
    DemoService(
        "ggd-amsterdam",
        "Medisch spreekuur voor slachtoffers mensenhandel",
        "Medische zorg, ook voor onverzekerde slachtoffers, en soa-onderzoek.",
        (N.MEDICAL_CARE,),
        regions=("amsterdam",),
        languages=("nl", "en"),
        phases=(P.B,),
    ),
    DemoService(
        "slachtofferhulp",
        "Emotionele en praktische steun",
        "Een vaste medewerker helpt bij de verwerking en bij praktische zaken na het misdrijf.",
        (N.MENTAL_HEALTH, N.SAFETY),
        national=True,
        languages=("nl", "en"),
        phases=(P.B, P.D),
    ),
    DemoService(
        "slachtofferhulp",
        "Juridische steun en schadevergoeding",
        "Uitleg over het strafproces en hulp bij het voegen in de strafzaak en bij het Schadefonds.",
        (N.LEGAL_AID, N.COMPENSATION),
        national=True,
        languages=("nl", "en"),
        phases=(P.C, P.D),
    ),
    DemoService(
        "juridisch-loket",
        "Gratis juridisch advies",
        "Advies over rechten als slachtoffer, verblijf, werk en uitkering; verwijst zo nodig naar een advocaat.",
        (N.LEGAL_AID,),
        national=True,
        languages=("nl", "en"),
        phases=(P.B, P.C, P.D),
    ),
    DemoService(
        "advocatencollectief",
        "Slachtofferadvocaat mensenhandel",
        "Gespecialiseerde advocaat voor aangifte, verblijfsprocedure, spreekrecht en schadevergoeding.",
        (N.LEGAL_AID, N.RESIDENCE_PERMIT, N.COMPENSATION),
        national=True,
        phases=(P.B, P.C),
    ),
    DemoService(
        "ind",
        "B8-verblijfsvergunning voor slachtoffers mensenhandel",
        "Beslissing op de aanvraag die de politie bij de aangifte voor het slachtoffer indient.",
        (N.RESIDENCE_PERMIT,),
        national=True,
        nationality_groups=NON_EU,
        phases=(P.B, P.C),
    ),
    DemoService(
        "ind",
        "Verblijf tijdens de bedenktijd",
        "Verblijfsdocument voor de drie maanden bedenktijd, waarin het vertrek uit Nederland is opgeschort.",
        (N.RESIDENCE_PERMIT, N.IDENTITY_DOCUMENTS),
        national=True,
        nationality_groups=NON_EU,
        phases=(P.A, P.B),
    ),
    DemoService(
        "fairwerk",
        "Steun bij arbeidsuitbuiting",
        "Vertrouwelijk advies, hulp bij het terugvorderen van achterstallig loon en doorverwijzing.",
        (N.LEGAL_AID, N.INCOME),
        national=True,
        exploitation_forms=(ExploitationForm.LABOUR,),
        languages=("nl", "en", "pl", "ro", "bg", "es", "pt"),
        phases=(P.A, P.B, P.C),
    ),
    DemoService(
        "fairwerk",
        "Spreekuur voor arbeidsmigranten",
        "Spreekuur in de regio's met veel arbeidsmigranten, ook over huisvesting die met het werk verloren gaat.",
        (N.SAFETY, N.HOUSING),
        regions=("den-haag", "rotterdam", "zeeland-west-brabant", "oost-brabant"),
        languages=("nl", "en", "pl", "ro", "bg"),
        phases=(P.A, P.B),
    ),
    DemoService(
        "tolknet",
        "Tolk bij gesprekken met hulpverleners",
        "Telefonische en aanwezige tolken, binnen 24 uur te boeken.",
        (N.INTERPRETER,),
        national=True,
        languages=("en", "fr", "ar", "ti", "ro", "bg", "pl", "es", "pt", "zh", "ru", "uk", "hu"),
        phases=(P.A, P.B, P.C, P.D),
    ),
    # Phases C and D: compensation, independence, return.
    DemoService(
        "schadefonds",
        "Tegemoetkoming bij ernstig letsel",
        "Eenmalige uitkering voor ernstig lichamelijk of psychisch letsel door een geweldsmisdrijf.",
        (N.COMPENSATION,),
        national=True,
        phases=(P.C, P.D),
    ),
    DemoService(
        "veilig-terug",
        "Vrijwillige terugkeer",
        "Hulp bij reisdocumenten, de reis en de eerste opvang bij aankomst in het land van herkomst.",
        (N.RETURN_REINTEGRATION, N.IDENTITY_DOCUMENTS),
        national=True,
        nationality_groups=FOREIGN,
        languages=("nl", "en", "fr", "es", "ru"),
        phases=(P.D,),
    ),
    DemoService(
        "veilig-terug",
        "Herintegratie in het land van herkomst",
        "Een startbudget en begeleiding door een partnerorganisatie in het land van herkomst.",
        (N.RETURN_REINTEGRATION, N.INCOME),
        national=True,
        nationality_groups=FOREIGN,
        phases=(P.D,),
    ),
    DemoService(
        "gemeente-amsterdam",
        "Levensonderhoud",
        "Bijstand of een voorschot zolang er nog geen ander inkomen is.",
        (N.INCOME,),
        regions=("amsterdam",),
        phases=(P.B, P.D),
    ),
    DemoService(
        "gemeente-amsterdam",
        "Huisvesting na de opvang",
        "Woonruimte voor de doorstroom uit de opvang, ook voor slachtoffers met een B8-verblijfsvergunning.",
        (N.HOUSING,),
        regions=("amsterdam",),
        phases=(P.D,),
    ),
    DemoService(
        "gemeente-amsterdam",
        "Schuldhulpverlening",
        "Hulp bij schulden die onder dwang zijn ontstaan, zoals boetes, leningen en abonnementen.",
        (N.DEBT_COUNSELLING,),
        regions=("amsterdam",),
        phases=(P.D,),
    ),
    DemoService(
        "gemeente-amsterdam",
        "Inschrijving en identiteitsbewijs",
        "Inschrijving in de basisregistratie personen (BRP) en aanvraag van een identiteitsbewijs.",
        (N.IDENTITY_DOCUMENTS,),
        regions=("amsterdam",),
        phases=(P.B, P.D),
    ),
    DemoService(
        "gemeente-amsterdam",
        "Taal, scholing en werk",
        "Taallessen, opleiding en begeleiding naar betaald werk.",
        (N.EDUCATION_WORK,),
        regions=("amsterdam",),
        phases=(P.D,),
    ),
    DemoService(
        "gemeente-rotterdam",
        "Werk en inkomen",
        "Bijstand, taallessen en begeleiding naar werk.",
        (N.INCOME, N.EDUCATION_WORK),
        regions=("rotterdam",),
        phases=(P.B, P.D),
    ),
    DemoService(
        "gemeente-rotterdam",
        "Huisvesting na de opvang",
        "Woonruimte voor de doorstroom uit de opvang, ook voor slachtoffers met een B8-verblijfsvergunning.",
        (N.HOUSING,),
        regions=("rotterdam",),
        phases=(P.D,),
    ),
    DemoService(
        "gemeente-rotterdam",
        "Schuldhulpverlening",
        "Hulp bij schulden die onder dwang zijn ontstaan, zoals boetes, leningen en abonnementen.",
        (N.DEBT_COUNSELLING,),
        regions=("rotterdam",),
        phases=(P.D,),
    ),
]


@dataclass(frozen=True)
class DemoRegulation:
    code: str
    name: str
    organisation: str
    description: str
    eligibility: str
    needs: tuple[NeedCode, ...]
    published: bool = True
    reviewed_days_ago: int | None = 60


REGULATIONS: list[DemoRegulation] = [
    DemoRegulation(
        "bedenktijd",
        "Bedenktijd",
        "ind",
        (
            "Bij de geringste aanwijzing van mensenhandel biedt de politie (of de Marechaussee) een buitenlands "
            "slachtoffer drie maanden bedenktijd om te beslissen of hij of zij aangifte doet of op een andere "
            "manier meewerkt aan het strafrechtelijk onderzoek. Het vertrek uit Nederland is in die tijd "
            "opgeschort; het slachtoffer heeft recht op opvang, medische zorg, rechtshulp en levensonderhoud."
        ),
        (
            "Slachtoffers zonder Nederlandse nationaliteit en zonder rechtmatig verblijf. De geringste "
            "aanwijzing van mensenhandel is genoeg; de politie (AVIM) of de Marechaussee biedt de bedenktijd "
            "aan, de IND verleent het verblijf."
        ),
        (N.RESIDENCE_PERMIT, N.SHELTER, N.SAFETY),
    ),
    DemoRegulation(
        "b8-verblijfsvergunning",
        "B8-verblijfsvergunning voor slachtoffers mensenhandel",
        "ind",
        (
            "Tijdelijke verblijfsvergunning voor buitenlandse slachtoffers van mensenhandel zolang het "
            "opsporingsonderzoek en de vervolging lopen. De politie vraagt de vergunning bij de aangifte voor "
            "het slachtoffer aan; de IND beslist. Na afloop volgt de doorstroom naar huisvesting in een gemeente "
            "of de terugkeer naar het land van herkomst."
        ),
        (
            "Buitenlandse slachtoffers die aangifte doen of op een andere manier meewerken aan het "
            "strafrechtelijk onderzoek. Wie door ernstige bedreiging of een medische of psychische belemmering "
            "niet kan meewerken, kan ontheffing van die voorwaarde vragen."
        ),
        (N.RESIDENCE_PERMIT,),
    ),
    DemoRegulation(
        "cosm",
        "Categorale opvang slachtoffers mensenhandel (COSM)",
        "comensha",
        (
            "Gespecialiseerde opvangplaatsen met begeleiding, beveiliging en zorg voor buitenlandse slachtoffers "
            "tijdens de bedenktijd en zo nodig daarna. CoMensha plaatst slachtoffers in een COSM-voorziening met "
            "een vrije plaats; er zijn voorzieningen voor vrouwen en voor mannen."
        ),
        (
            "Meerderjarige slachtoffers zonder Nederlandse nationaliteit die de bedenktijd hebben aanvaard of "
            "een B8-verblijfsvergunning aanvragen. Minderjarigen gaan naar de beschermde opvang van de jeugdhulp."
        ),
        (N.SHELTER, N.SAFETY),
    ),
    DemoRegulation(
        "schadefonds-geweldsmisdrijven",
        "Tegemoetkoming van het Schadefonds Geweldsmisdrijven",
        "schadefonds",
        (
            "Een eenmalige tegemoetkoming van de overheid voor slachtoffers die door een opzettelijk "
            "geweldsmisdrijf ernstig lichamelijk of psychisch letsel hebben opgelopen, ook als de dader onbekend "
            "is of niet kan betalen. Mensenhandel kan zo'n geweldsmisdrijf zijn."
        ),
        (
            "Slachtoffers met ernstig letsel door een geweldsmisdrijf in Nederland, ongeacht hun nationaliteit. "
            "Slachtofferhulp Nederland of de advocaat helpt bij de aanvraag."
        ),
        (N.COMPENSATION,),
    ),
    DemoRegulation(
        "kosteloze-rechtsbijstand",
        "Kosteloze rechtsbijstand (slachtofferadvocaat)",
        "raad-voor-rechtsbijstand",
        (
            "Slachtoffers van ernstige gewelds- en zedenmisdrijven, waaronder mensenhandel, krijgen een "
            "gespecialiseerde advocaat zonder eigen bijdrage, bijvoorbeeld voor de aangifte, de verblijfsprocedure, "
            "het spreekrecht en de vordering tot schadevergoeding."
        ),
        "Slachtoffers van mensenhandel, ongeacht hun inkomen en nationaliteit.",
        (N.LEGAL_AID, N.COMPENSATION),
    ),
    DemoRegulation(
        "voortgezet-verblijf",
        "Voortgezet verblijf na een B8-verblijfsvergunning",
        "ind",
        (
            "Concept, nog na te kijken door de redactie: een verblijfsvergunning op humanitaire gronden voor "
            "slachtoffers die na de B8-verblijfsvergunning in Nederland willen blijven."
        ),
        (
            "Houders van een B8-verblijfsvergunning van wie de strafzaak tot een veroordeling leidde of al "
            "lange tijd loopt. De precieze voorwaarden worden nog aangevuld."
        ),
        (N.RESIDENCE_PERMIT,),
        published=False,
        reviewed_days_ago=None,
    ),
]
