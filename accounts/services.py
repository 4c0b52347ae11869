"""Writes on accounts that are not the API's user administration."""

from __future__ import annotations

import logging

from django.db import transaction

from accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """Set a new password (already validated by the form against the password rules)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    logger.info("password changed", extra={"user_id": user.pk})
    return user
