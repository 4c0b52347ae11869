"""The account rows that join the audit chain (``audit.registry``): every access-log entry and
every history row of a user. See ``referrals/chained.py`` for how forms change."""

from __future__ import annotations

from django.apps import apps

from audit.registry import chain_model

FORMS: dict[str, dict[int, tuple[str, ...]]] = {
    "AccessLog": {
        1: ("id", "at", "user_id", "object_type", "object_id", "action", "channel", "ip_address"),
        2: ("id", "at", "user_id", "object_type", "object_id", "action", "channel", "detail", "ip_address"),
    },
    "HistoricalUser": {
        1: (
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
            "role",
            "organisation_id",
            "history_id",
            "history_date",
            "history_change_reason",
            "history_type",
            "history_user_id",
        )
    },
}


def join_the_chain() -> None:
    for name, forms in FORMS.items():
        chain_model(apps.get_model("accounts", name), forms=forms)
