"""``manage.py seed_demo``: the demo directory, one demo user per role and a few demo referrals, idempotent.

It lives in ``referrals`` because it seeds all three layers (referrals → accounts → directory)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, seed_users
from directory.demo import seed_directory
from referrals.demo import seed_referrals


class Command(BaseCommand):
    help = "Seed the demo directory, one demo user per role and demo referrals (idempotent). Prints the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also seed a non-SQLite database. The demo passwords are public: never on live data.",
        )
        parser.add_argument(
            "--if-embedded",
            action="store_true",
            help="Seed the embedded SQLite database; on any other database say so and do nothing (make run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        engine = settings.DATABASES["default"]["ENGINE"]
        if not engine.endswith("sqlite3") and options["if_embedded"] and not options["force"]:
            self.stdout.write(
                self.style.WARNING(
                    "Not seeding demo data: DATABASE_URL is not the embedded SQLite database. The demo accounts "
                    "have a published password; seed them explicitly with `manage.py seed_demo --force`, "
                    "never on live data."
                )
            )
            return
        if not engine.endswith("sqlite3") and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a published password. It runs on the embedded SQLite "
                "database only; pass --force to seed this database anyway (never a live one)."
            )
        with transaction.atomic():
            organisations = seed_directory()
            users = seed_users(organisations)
            referrals = seed_referrals({user.username: user for user, _ in users})
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(organisations)} organisations, {referrals} new referrals.")
        )
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for user, demo in users:
            role = demo.role or "staff (user management)"
            where = user.organisation.name if user.organisation else "-"
            self.stdout.write(f"  {user.username:<16} {role:<22} {where}")
