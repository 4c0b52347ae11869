"""factory_boy factories for the test suite."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from directory.models import Need, Organisation, OrganisationKind, Region, Regulation, Service

PASSWORD = "correct-horse-battery-staple"
# Hashing with Argon2 for every user of every test would dominate the run time:
# hash once and share it. Logins in the tests still verify it with Argon2.
_PASSWORD_HASH = make_password(PASSWORD)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"regio-{n}")
    name = factory.Sequence(lambda n: f"Regio {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.OTHER
    email = factory.Sequence(lambda n: f"org{n}@example.org")
    published = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.SIGNALLER
    organisation = factory.SubFactory(OrganisationFactory)
    password = _PASSWORD_HASH


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published, unrestricted regional service; pass ``needs=["shelter"]`` and ``regions=[region]``."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Dienst {n}")
    description = "Hulp voor slachtoffers."
    published = True

    @factory.post_generation
    def needs(self, create, codes, **kwargs):
        if create and codes:
            self.needs.set(Need.objects.filter(code__in=codes))

    @factory.post_generation
    def regions(self, create, regions, **kwargs):
        if create and regions:
            self.regions.set(regions)


class RegulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regulation
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"regeling-{n}")
    name = factory.Sequence(lambda n: f"Regeling {n}")
    description = "Wat de regeling inhoudt."
    eligibility = "Wie in aanmerking komt."
    organisation = factory.SubFactory(OrganisationFactory)
    published = True

    @factory.post_generation
    def needs(self, create, codes, **kwargs):
        if create and codes:
            self.needs.set(Need.objects.filter(code__in=codes))


def referral_data(region_code: str = "north", **overrides):
    """A valid body for ``POST /api/v1/referrals/``."""
    data = {
        "region": region_code,
        "gender": "female",
        "age_group": "adult",
        "nationality": "RO",
        "exploitation_forms": ["sexual"],
        "needs": ["shelter", "legal_aid"],
        "urgency": "normal",
        "consent": "given",
        "languages": ["ro"],
        "summary": "Aangetroffen bij een controle in een massagesalon; werkte 12 uur per dag.",
    }
    data.update(overrides)
    return data
