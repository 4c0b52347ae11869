"""The referral rows that join the audit chain, and the fields each is hashed over (``audit.registry``).

Every event of the readable history and every simple-history row of a referral, a route and
a handover. A form lists the fields as they were when it was written; when a model gains a
field, add a new form with it (``tests/test_audit_chain.py`` fails until then) and keep the
old ones, which verify the entries written before.
"""

from __future__ import annotations

from django.apps import apps

from audit.registry import chain_model

_HISTORY = ("history_id", "history_date", "history_change_reason", "history_type", "history_user_id")

FORMS: dict[str, dict[int, tuple[str, ...]]] = {
    "ReferralEvent": {1: ("id", "referral_id", "at", "actor_id", "event", "changes")},
    "HistoricalReferral": {
        1: (
            "id",
            "reference",
            "gender",
            "age_group",
            "nationality",
            "nationality_group",
            "exploitation_forms",
            "needs",
            "urgency",
            "consent",
            "languages",
            "summary",
            "status",
            "phase",
            "outcome",
            "acceptance_deadline",
            "submitted_at",
            "accepted_at",
            "closed_at",
            "version",
            "created_at",
            "updated_at",
            "region_id",
            "signalling_organisation_id",
            "signalled_by_id",
            "assigned_organisation_id",
            "assigned_to_id",
            *_HISTORY,
        )
    },
    "HistoricalRoute": {
        1: (
            "id",
            "need",
            "status",
            "decline_reason",
            "sent_at",
            "created_at",
            "updated_at",
            "referral_id",
            "service_id",
            "organisation_id",
            "created_by_id",
            *_HISTORY,
        )
    },
    "HistoricalHandover": {
        1: (
            "id",
            "kind",
            "version",
            "snapshot",
            "issued_at",
            "state",
            "attempts",
            "last_error",
            "document",
            "sha256",
            "size",
            "rendered_at",
            "acknowledged_at",
            "referral_id",
            "route_id",
            "supersedes_id",
            "issued_by_id",
            "issuing_organisation_id",
            "recipient_organisation_id",
            "acknowledged_by_id",
            *_HISTORY,
        )
    },
}


def join_the_chain() -> None:
    for name, forms in FORMS.items():
        chain_model(apps.get_model("referrals", name), forms=forms)
