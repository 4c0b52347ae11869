"""Demo directory for ``seed_demo``: the Dutch police regions and the organisations users belong to.

Contact details are invented (example.org). Zeeland-West-Brabant and Limburg
deliberately have no care coordinator, as in reality: CoMensha picks their
referrals up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.models import Organisation, OrganisationKind, Region

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


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind
    regions: list[str] = field(default_factory=list)
    coordinates_region: str | None = None
    is_national_coordinator: bool = False
    published: bool = True

    @property
    def email(self) -> str:
        return f"{self.key}@example.org"


def _care_coordinators() -> list[DemoOrganisation]:
    return [
        DemoOrganisation(
            key=f"zorgcoordinatie-{code}",
            name=f"Zorgcoördinatie Mensenhandel {name}",
            kind=OrganisationKind.CARE_COORDINATION,
            regions=[code],
            coordinates_region=code,
        )
        for code, name in REGIONS
        if code not in REGIONS_WITHOUT_COORDINATOR
    ]


ORGANISATIONS: list[DemoOrganisation] = [
    DemoOrganisation(
        "comensha",
        "CoMensha",
        OrganisationKind.CARE_COORDINATION,
        regions=["landelijk"],
        is_national_coordinator=True,
    ),
    *_care_coordinators(),
    DemoOrganisation("politie-avim-amsterdam", "Politie Amsterdam, AVIM", OrganisationKind.POLICE, ["amsterdam"]),
    DemoOrganisation("politie-avim-rotterdam", "Politie Rotterdam, AVIM", OrganisationKind.POLICE, ["rotterdam"]),
    DemoOrganisation(
        "arbeidsinspectie", "Nederlandse Arbeidsinspectie", OrganisationKind.LABOUR_INSPECTORATE, ["landelijk"]
    ),
    DemoOrganisation("kmar", "Koninklijke Marechaussee", OrganisationKind.BORDER_POLICE, ["landelijk"]),
    DemoOrganisation("slachtofferhulp", "Slachtofferhulp Nederland", OrganisationKind.VICTIM_SUPPORT, ["landelijk"]),
    DemoOrganisation(
        "cosm-amsterdam", "COSM-opvang Amsterdam", OrganisationKind.SHELTER, ["amsterdam", "noord-holland"]
    ),
    DemoOrganisation(
        "ministerie-jenv",
        "Ministerie van Justitie en Veiligheid",
        OrganisationKind.MINISTRY,
        ["landelijk"],
        published=False,
    ),
]


def seed_directory() -> dict[str, Organisation]:
    """Create or update the demo regions and organisations; returns organisations by key."""
    regions = {code: Region.objects.update_or_create(code=code, defaults={"name": name})[0] for code, name in REGIONS}
    organisations: dict[str, Organisation] = {}
    for demo in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            name=demo.name,
            defaults={
                "kind": demo.kind,
                "coordinates_region": regions[demo.coordinates_region] if demo.coordinates_region else None,
                "is_national_coordinator": demo.is_national_coordinator,
                "email": demo.email,
                "website": f"https://{demo.key}.example.org/",
                "published": demo.published,
            },
        )
        organisation.regions.set([regions[code] for code in demo.regions])
        organisations[demo.key] = organisation
    return organisations
