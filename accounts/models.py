"""The user of NVM: one person, one role, one organisation."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
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

    @property
    def may_read_reports(self) -> bool:
        """Does the role table give this user the aggregate reports? (For the site's menu: the role
        table answers without the database queries that ``has_perm`` makes.)"""
        from accounts.roles import ROLE_PERMISSIONS

        return self.is_active and "reports.view_report" in ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def may_edit_directory(self) -> bool:
        """Does the role table (or being a superuser) let this user edit the Wegwijzer? (For the menu,
        without queries; the pages ask ``directory.models.can_edit_directory``.)"""
        from accounts.roles import ROLE_PERMISSIONS

        granted = "directory.change_organisation" in ROLE_PERMISSIONS.get(self.role, frozenset())
        return self.is_active and (self.is_superuser or granted)

    @property
    def may_audit(self) -> bool:
        """Is this user an auditor: the access log, the history search and the audit chain (the menu)."""
        return self.is_active and self.role == Role.AUDITOR

    def __str__(self) -> str:
        return self.username


class AccessLog(models.Model):
    """Who read which case record, when and how. Append-only (and in the audit chain,
    ``accounts/chained.py``); only auditors read it.

    It names the object by type and id (not by foreign key) so that this app needs
    nothing from the apps whose records it logs."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=30)
    object_id = models.UUIDField(db_index=True)
    action = models.CharField(max_length=30, help_text="what was read: detail, history, handover_pdf, ...")
    channel = models.CharField(max_length=10, help_text="how: api or web")
    detail = models.CharField(max_length=300, blank=True, help_text="what exactly, for a report: the table asked for")
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.object_type} {self.object_id} ({self.action}, {self.channel})"


def record_access(
    *,
    user: User,
    object_type: str,
    object_id: uuid.UUID,
    action: str,
    channel: str,
    ip: str | None,
    detail: str = "",
) -> None:
    """Log one read of a case record by a person; the entry and its link in the audit chain
    are written together or not at all."""
    with transaction.atomic():
        AccessLog.objects.create(
            user=user,
            object_type=object_type,
            object_id=object_id,
            action=action,
            channel=channel,
            detail=detail[:300],
            ip_address=ip or None,
        )
