"""The user of NVM: one person, one role, one organisation."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import Organisation


class Role(models.TextChoices):
    """What a user does in the chain (DESIGN §3). A user without a role sees no case data."""

    SIGNALLER = "signaller", _("Signaleerder")
    COORDINATOR = "coordinator", _("Zorgcoördinator")
    NATIONAL_COORDINATOR = "national_coordinator", _("Landelijk coördinator")
    PROVIDER = "provider", _("Hulpverlener")
    ANALYST = "analyst", _("Analist")
    DIRECTORY_EDITOR = "directory_editor", _("Redacteur Wegwijzer")
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    """A professional. Staff (``is_staff``) manage users; superusers also the directory,
    but they see case data only through a case role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisatie"),
    )

    # Password hashes and login times stay out of the history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="") | Q(organisation__isnull=False),
                name="role_needs_organisation",
                violation_error_message=_("Een gebruiker met een rol hoort bij een organisatie."),
            ),
        ]

    def __str__(self) -> str:
        return self.username
