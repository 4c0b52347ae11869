"""Who sees which referral: the one place that decides it (DESIGN §3).

Every endpoint, list, nested resource, page and task starts from
``Referral.objects.restrict(user)``: what is not in it does not exist for
that user (404). ``view_of(user, referral)`` then says how much of a visible
referral the user may see.

| role | sees |
| --- | --- |
| signaller | the referrals of their own organisation; after acceptance only their status |
| coordinator | the referrals assigned to their organisation |
| national_coordinator | every submitted referral (drafts, also withdrawn ones, stay with the signaller) |
| provider | referrals with a route sent to their organisation, only what that route needs |
| auditor | the history of every submitted referral, nothing else |
| analyst, directory_editor | none (analysts get 403 on every referral endpoint) |

Explicit per-user grants (django-guardian, direct foreign keys) add single
referrals to a user's view; only ``view_referral`` grants count, and global
grants never do.

Handovers have their own rule (``HandoverQuerySet.restrict``): the issuing and the
receiving organisation and CoMensha.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from referrals.models import Handover, Referral, Route  # noqa: F401  (names in annotations)

_SIGNALLER = "signaller"
_COORDINATOR = "coordinator"
_NATIONAL = "national_coordinator"
_PROVIDER = "provider"
_AUDITOR = "auditor"

#: Route statuses in which the receiving organisation works with the referral.
ROUTE_STATUSES_VISIBLE_TO_PROVIDER = ("sent", "accepted", "completed")


class View(Enum):
    """How much of a referral a user sees."""

    FULL = "full"
    STATUS_ONLY = "status_only"  # a signaller after acceptance: the closed loop, nothing more
    ROUTE = "route"  # a provider: the profile and the needs its routes concern


def _role(user: Any) -> str:
    return str(getattr(user, "role", "") or "") if getattr(user, "is_authenticated", False) else ""


def _granted(user: Any) -> Q:
    from referrals.models import ReferralUserObjectPermission

    grants = ReferralUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"), user=user, permission__codename="view_referral"
    )
    return Q(Exists(grants))


class ReferralQuerySet(models.QuerySet["Referral"]):
    def restrict(self, user: Any, action: str = "view") -> ReferralQuerySet:
        """The referrals ``user`` may see at all; ``action="history"`` also lets auditors
        read the history of every submitted referral."""
        role = _role(user)
        organisation_id = getattr(user, "organisation_id", None)
        if not role or organisation_id is None:
            return self.none()
        if action == "history" and role == _AUDITOR:
            return self.filter(submitted_at__isnull=False)
        if role == _NATIONAL:
            rule = Q(submitted_at__isnull=False)
        elif role == _COORDINATOR:
            rule = Q(assigned_organisation_id=organisation_id, submitted_at__isnull=False)
        elif role == _SIGNALLER:
            rule = Q(signalling_organisation_id=organisation_id)
        elif role == _PROVIDER:
            from referrals.models import Route

            routes = Route.objects.filter(
                referral=OuterRef("pk"),
                organisation_id=organisation_id,
                status__in=ROUTE_STATUSES_VISIBLE_TO_PROVIDER,
            )
            rule = Q(Exists(routes))
        else:
            return self.none()
        return self.filter(rule | _granted(user))


def viewers(referral: Referral) -> Q:
    """The users who see ``referral``, as a condition on users: the same rule as
    ``ReferralQuerySet.restrict`` read the other way round (a test keeps the two in step), so
    that notifications can pick their recipients in one query."""
    from referrals.models import ReferralUserObjectPermission, Route

    rule = Q(role=_SIGNALLER, organisation_id=referral.signalling_organisation_id)
    if referral.submitted_at is not None:
        rule |= Q(role=_NATIONAL) | Q(role=_COORDINATOR, organisation_id=referral.assigned_organisation_id)
    routed = Route.objects.filter(referral=referral, status__in=ROUTE_STATUSES_VISIBLE_TO_PROVIDER)
    rule |= Q(role=_PROVIDER, organisation_id__in=routed.values("organisation_id"))
    grants = ReferralUserObjectPermission.objects.filter(content_object=referral, permission__codename="view_referral")
    rule |= Q(role__in=[_SIGNALLER, _COORDINATOR, _NATIONAL, _PROVIDER], pk__in=grants.values("user_id"))
    return rule & Q(organisation__isnull=False, is_active=True)


class RouteQuerySet(models.QuerySet["Route"]):
    def restrict(self, user: Any) -> RouteQuerySet:
        """Routes of visible referrals for the coordinators handling them; a provider sees only
        the routes sent to their organisation. Signallers see none: where a person is sheltered
        is not part of the closed loop."""
        from referrals.models import Referral

        role = _role(user)
        if role not in {_COORDINATOR, _NATIONAL, _PROVIDER}:
            return self.none()
        routes = self.filter(referral__in=Referral.objects.restrict(user))
        if role == _PROVIDER:
            routes = routes.filter(organisation_id=user.organisation_id, status__in=ROUTE_STATUSES_VISIBLE_TO_PROVIDER)
        return routes


class HandoverQuerySet(models.QuerySet["Handover"]):
    def restrict(self, user: Any) -> HandoverQuerySet:
        """Handovers for the organisations on either side of them, and for CoMensha (DESIGN §7).

        The national coordinator sees every handover; a signaller, coordinator or provider those
        their organisation issued or received: a signaller the acceptance of its own signal (the
        closed loop), a coordinator what it accepted, sent or had moved, a provider what was sent
        to it. The document is what the recipient was allowed to see when it was issued, so an
        issuer or recipient keeps it after the referral has moved on. Auditors, analysts and
        editors see none (auditors read the history and the access log)."""
        role = _role(user)
        organisation_id = getattr(user, "organisation_id", None)
        if organisation_id is None:
            return self.none()
        if role == _NATIONAL:
            return self.all()
        if role in {_SIGNALLER, _COORDINATOR, _PROVIDER}:
            return self.filter(
                Q(issuing_organisation_id=organisation_id) | Q(recipient_organisation_id=organisation_id)
            )
        return self.none()


def view_of(user: Any, referral: Referral) -> View:
    """How much of a referral (already known to be visible) ``user`` sees."""
    role = _role(user)
    if role == _PROVIDER:
        return View.ROUTE
    if role == _SIGNALLER and referral.status in {"accepted", "closed"}:
        return View.STATUS_ONLY
    return View.FULL


def may_read_history(user: Any, referral: Referral) -> bool:
    """The event history shows every change in full: for those who see the referral in full,
    and for auditors. A provider or a signaller after acceptance would learn more from it than
    the referral itself shows them."""
    return _role(user) == _AUDITOR or view_of(user, referral) is View.FULL


def may_read_referrals(user: Any) -> bool:
    """Analysts (and accounts without a case role) may not use referral endpoints at all: 403."""
    return _role(user) in {_SIGNALLER, _COORDINATOR, _NATIONAL, _PROVIDER, "directory_editor", "auditor"}
