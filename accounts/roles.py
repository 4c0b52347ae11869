"""What each role may do to whole models, as Django permissions.

This table is the only place that gives a role model-level rights; object-level
visibility of case data is decided by each app's ``restrict()``. Keeping it in
code (not in database groups) means there is nothing to keep in sync and a
reviewer reads every right in one screen.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from accounts.models import Role

_COVERAGE = frozenset({"directory.view_coverage"})
_DIRECTORY_EDIT = (
    frozenset(
        {
            f"directory.{action}_{model}"
            for action in ("add", "change")
            for model in ("region", "organisation", "service", "regulation")
        }
    )
    | _COVERAGE
)

#: Aggregate reports after disclosure control (reports/): never a single referral.
_REPORTS = frozenset({"reports.view_report"})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SIGNALLER: frozenset(),
    Role.COORDINATOR: _COVERAGE,
    Role.NATIONAL_COORDINATOR: _COVERAGE | _REPORTS,
    Role.PROVIDER: frozenset(),
    Role.ANALYST: _COVERAGE | _REPORTS,
    Role.DIRECTORY_EDITOR: _DIRECTORY_EDIT,
    Role.AUDITOR: frozenset({"audit.verify_chain"}) | _REPORTS,
}


class RolePermissionBackend(BaseBackend):
    """Gives an active user the model permissions of their role; no database queries."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is not None or not getattr(user_obj, "is_active", False):
            return set()
        return set(ROLE_PERMISSIONS.get(getattr(user_obj, "role", ""), frozenset()))
