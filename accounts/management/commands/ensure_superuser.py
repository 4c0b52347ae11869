"""``manage.py ensure_superuser``: create the superuser from DJANGO_SUPERUSER_* when set (idempotent)."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User


class Command(BaseCommand):
    help = "Create or update the superuser named by DJANGO_SUPERUSER_USERNAME; does nothing when it is unset."

    def handle(self, *args: Any, **options: Any) -> None:
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if not username:
            return
        if not password:
            self.stderr.write("DJANGO_SUPERUSER_USERNAME is set but DJANGO_SUPERUSER_PASSWORD is not; skipped.")
            return
        try:
            password_validation.validate_password(password, User(username=username))
        except ValidationError as error:
            raise CommandError("DJANGO_SUPERUSER_PASSWORD is refused: " + " ".join(error.messages)) from None
        user, created = User.objects.get_or_create(username=username)
        user.email = os.environ.get("DJANGO_SUPERUSER_EMAIL", user.email)
        user.is_staff = user.is_superuser = user.is_active = True
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        self.stdout.write(f"Superuser {username} {'created' if created else 'up to date'}.")
