"""factory_boy factories for the test suite."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from directory.models import Organisation, OrganisationKind, Region

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
