"""The list of referrals: "Mijn verwijzingen"."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Role
from referrals.deadlines import deadline_state
from referrals.models import Referral, Status
from referrals.querysets import View, view_of
from referrals.web.forms import ReferralListFilter
from referrals.web.views.access import _user, _visible, case_role_required
from referrals.web.views.words import is_overdue

PAGE_SIZE = 25


# --- The list -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    referral: Referral
    status_only: bool
    show_deadline: bool
    overdue: bool
    approaching: bool


@require_safe
@case_role_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """ "Mijn verwijzingen": what the user may see, filtered on status, phase and overdue. A coordinator's
    work queue comes first, the earliest acceptance deadline on top; everything else newest first."""
    user = _user(request)
    by_deadline = user.role in {Role.COORDINATOR, Role.NATIONAL_COORDINATOR}
    queryset = _visible(user).select_related("region")
    if by_deadline:
        waiting = Case(When(status=Status.PENDING, then=Value(0)), default=Value(1))
        queryset = queryset.order_by(waiting, F("acceptance_deadline").asc(nulls_last=True), "-created_at", "-id")
    else:
        queryset = queryset.order_by("-created_at", "-id")
    filterset = ReferralListFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = []
    for referral in page:
        view = view_of(user, referral)
        rows.append(
            Row(
                referral=referral,
                status_only=view is View.STATUS_ONLY,
                show_deadline=view is View.FULL and referral.status == Status.PENDING,
                overdue=view is View.FULL and is_overdue(referral, now),
                approaching=view is View.FULL
                and referral.status == Status.PENDING
                and deadline_state(referral.submitted_at, referral.acceptance_deadline, now) == "approaching",
            )
        )
    context = {
        "filter_form": filterset.form,
        "page": page,
        "rows": rows,
        "may_create": user.role == Role.SIGNALLER,
        "by_deadline": by_deadline,
        "filtered": any(request.GET.get(name) for name in ("status", "phase", "overdue")),
    }
    return render(request, "referrals/list.html", context)
