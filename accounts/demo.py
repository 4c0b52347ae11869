"""Demo users for ``seed_demo``: one per role, all with the same published password."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role, User
from directory.models import Organisation

DEMO_PASSWORD = "nvm-demo-wachtwoord"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str | None
    is_staff: bool = False


DEMO_USERS: list[DemoUser] = [
    DemoUser("signaleerder", Role.SIGNALLER, "politie-avim-amsterdam"),
    DemoUser("zorgcoordinator", Role.COORDINATOR, "zorgcoordinatie-amsterdam"),
    DemoUser("comensha", Role.NATIONAL_COORDINATOR, "comensha"),
    DemoUser("hulpverlener", Role.PROVIDER, "cosm-amsterdam"),
    DemoUser("analist", Role.ANALYST, "ministerie-jenv"),
    DemoUser("redacteur", Role.DIRECTORY_EDITOR, "slachtofferhulp"),
    DemoUser("auditor", Role.AUDITOR, "comensha"),
    DemoUser("beheerder", "", None, is_staff=True),
]


def seed_users(organisations: dict[str, Organisation]) -> list[tuple[User, DemoUser]]:
    """Create or reset the demo users; idempotent."""
    seeded = []
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        wanted = {
            "role": demo.role,
            "organisation": organisations[demo.organisation] if demo.organisation else None,
            "is_staff": demo.is_staff,
            "is_active": True,
        }
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, wanted[name])
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed.append("password")
        if changed:  # seeding again writes no history rows
            user.save(update_fields=changed)
        seeded.append((user, demo))
    return seeded
