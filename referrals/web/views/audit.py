"""The auditor's pages under /audit/: the access log, the history search and the audit-chain check.

They live here, not in ``accounts`` or ``audit``, because they name referrals by their reference,
and only this app (above ``accounts`` and ``audit``) knows referrals. Who may use them is what the
API allows: the access log and the history to the auditor role (``accounts.api.audit.IsAuditor``,
``Referral.objects.restrict(user, action="history")``), the chain check to whoever the role table
grants ``audit.verify_chain`` (as ``/api/v1/audit/verify/``). Others signed in get 403.

The history search lists who did what to which referral, not the changes themselves: those are on
the referral's history page, whose every read is written to the access log.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import AccessLog
from audit.heads import recorded_heads
from audit.verify import Result, verify
from referrals.models import EventKind, Referral, ReferralEvent
from referrals.web.forms import AccessLogSearch, ChainCheckForm, HistorySearch
from referrals.web.views.access import _user, forbidden

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]

PAGE_SIZE = 50


# --- Access ---------------------------------------------------------------------------------------------------------


def _only(may: Callable[[Any], bool], message: StrOrPromise) -> Callable[[View[P]], View[P]]:
    """Login first (redirect to the login page), then ``may(user)`` or 403 with ``message``."""

    def decorator(view: View[P]) -> View[P]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not may(request.user):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return cast("View[P]", login_required(wrapped))

    return decorator


auditor_required = _only(
    lambda user: bool(user.may_audit), _("Alleen auditors lezen het toegangslog en de geschiedenis.")
)
chain_checker_required = _only(
    lambda user: bool(user.has_perm("audit.verify_chain")), _("Alleen auditors controleren de auditketen.")
)


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- The access log -------------------------------------------------------------------------------------------------


def access_entries(data: dict[str, Any]) -> QuerySet[AccessLog]:
    """The access log, newest first, narrowed by the search's cleaned data."""
    entries = AccessLog.objects.select_related("user").order_by("-at", "-id")
    if data.get("username"):
        entries = entries.filter(user__username=data["username"])
    if data.get("reference"):
        referrals = Referral.objects.filter(reference=data["reference"]).values("id")
        entries = entries.filter(object_type="referral", object_id__in=referrals)
    if data.get("date_from"):
        entries = entries.filter(at__date__gte=data["date_from"])
    if data.get("date_to"):
        entries = entries.filter(at__date__lte=data["date_to"])
    return entries


def references_of(entries: list[AccessLog]) -> dict[uuid.UUID, str]:
    """The reference of each referral these entries name, in one query."""
    ids = {entry.object_id for entry in entries if entry.object_type == "referral"}
    return dict(Referral.objects.filter(pk__in=ids).values_list("id", "reference"))


@require_safe
@auditor_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read which case record, when and how: newest first, by user, referral and period."""
    form = AccessLogSearch(request.GET or None)
    context: dict[str, Any] = {"form": form, "query": _query_without_page(request)}
    if form.is_bound and not form.is_valid():
        return render(request, "referrals/audit/access_log.html", context, status=400)
    page = _page(request, access_entries(form.cleaned_data if form.is_bound else {}))
    entries = list(page.object_list)
    references = references_of(entries)
    context.update(page=page, rows=[(entry, references.get(entry.object_id)) for entry in entries])
    return render(request, "referrals/audit/access_log.html", context)


# --- The history search -------------------------------------------------------------------------------------------


def history_entries(user: Any, data: dict[str, Any]) -> QuerySet[ReferralEvent]:
    """History entries of the referrals whose history the user may read, newest first."""
    referrals = Referral.objects.restrict(user, action="history")
    events = (
        ReferralEvent.objects.filter(referral__in=referrals).select_related("referral", "actor").order_by("-at", "-id")
    )
    if data.get("reference"):
        events = events.filter(referral__reference=data["reference"])
    if data.get("actor"):
        events = events.filter(actor__username=data["actor"])
    if data.get("event"):
        events = events.filter(event=data["event"])
    if data.get("date_from"):
        events = events.filter(at__date__gte=data["date_from"])
    if data.get("date_to"):
        events = events.filter(at__date__lte=data["date_to"])
    return events


@require_safe
@auditor_required
def history_search(request: HttpRequest) -> HttpResponse:
    """Referral history entries by reference, actor, kind and period; newest first."""
    form = HistorySearch(request.GET or None)
    context: dict[str, Any] = {"form": form, "query": _query_without_page(request)}
    if form.is_bound and not form.is_valid():
        return render(request, "referrals/audit/history_search.html", context, status=400)
    page = _page(request, history_entries(_user(request), form.cleaned_data if form.is_bound else {}))
    rows = [(event, EventKind(event.event).label) for event in page.object_list]
    context.update(page=page, rows=rows)
    return render(request, "referrals/audit/history_search.html", context)


# --- The audit chain ----------------------------------------------------------------------------------------------

#: Why the chain does not verify, in words (``audit.verify.Problem.reason``).
REASONS: dict[str, StrOrPromise] = {
    "gap": _("er ontbreekt een item: de nummering heeft een gat"),
    "broken_link": _("het item verwijst niet naar de hash van het vorige item"),
    "hash_mismatch": _("de hash van het item klopt niet meer met zijn inhoud"),
    "row_changed": _("de vastgelegde rij is na het vastleggen gewijzigd"),
    "row_missing": _("de vastgelegde rij ontbreekt, zonder geregistreerde verwijdering"),
    "unknown_source": _("het item komt uit een onbekende tabel"),
    "unknown_form": _("het item heeft een onbekende vorm"),
    "head_mismatch": _("een buiten de database vastgelegde kop van de keten klopt niet meer"),
    "unchained_row": _("een rij is nooit in de keten opgenomen"),
}


def reason_words(result: Result) -> StrOrPromise:
    problem = result.problem
    if problem is None:
        return ""
    return REASONS.get(problem.reason, problem.reason)


@require_http_methods(["GET", "HEAD", "POST"])
@chain_checker_required
def chain_check(request: HttpRequest) -> HttpResponse:
    """A button that walks the audit chain (the same check as ``/api/v1/audit/verify/``) and its answer."""
    form = ChainCheckForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "result": None}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "referrals/audit/chain.html", context, status=400)
        result = verify(since_checkpoint=form.cleaned_data["start"] == "checkpoint", heads=recorded_heads())
        context.update(result=result, reason=reason_words(result))
    return render(request, "referrals/audit/chain.html", context)
