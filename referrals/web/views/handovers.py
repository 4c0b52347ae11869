"""Handovers on the referral pages: the list on the detail page, downloads, acknowledging,
re-issuing, and the public page that checks a document file.

Who sees a handover is ``Handover.objects.restrict`` (as in the API); what may be done to it is
decided by ``referrals.handovers.services``; the buttons shown here only follow those rules.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.lockout import client_ip
from accounts.models import User
from nvm.errors import DomainError
from referrals.handovers import services
from referrals.handovers.delivery import document_response, log_download
from referrals.handovers.services import ACKNOWLEDGING_ROLES, REISSUING_ROLES
from referrals.models import Handover, HandoverState, Referral
from referrals.web.forms import VerifyForm
from referrals.web.views.access import _after_action, _report_error, _user, case_role_required

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class HandoverCard:
    """One handover on the referral page, with what this user may do with it."""

    handover: Handover
    superseded: bool
    download_url: str | None
    acknowledge_url: str | None
    reissue_url: str | None


def handover_cards(user: User, referral: Referral) -> list[HandoverCard]:
    """The referral's handovers this user may see (2 queries), oldest first."""
    handovers = list(
        Handover.objects.restrict(user)
        .filter(referral=referral)
        .select_related("issuing_organisation", "recipient_organisation", "acknowledged_by", "route__service")
        .order_by("issued_at", "version")
    )
    superseded = set(
        Handover.objects.filter(supersedes__in=[h.id for h in handovers]).values_list("supersedes_id", flat=True)
    )
    return [_card(user, handover, handover.id in superseded) for handover in handovers]


def _card(user: User, handover: Handover, superseded: bool) -> HandoverCard:
    ready = handover.state == HandoverState.READY
    may_acknowledge = (
        ready
        and not superseded
        and handover.acknowledged_at is None
        and user.role in ACKNOWLEDGING_ROLES
        and user.organisation_id == handover.recipient_organisation_id
    )
    may_reissue = not superseded and user.role in REISSUING_ROLES
    return HandoverCard(
        handover=handover,
        superseded=superseded,
        download_url=reverse("referrals_web:handover_pdf", args=[handover.id]) if ready else None,
        acknowledge_url=reverse("referrals_web:handover_acknowledge", args=[handover.id]) if may_acknowledge else None,
        reissue_url=reverse("referrals_web:handover_reissue", args=[handover.id]) if may_reissue else None,
    )


def _visible_handover(user: User, pk: uuid.UUID) -> Handover:
    return get_object_or_404(Handover.objects.restrict(user), pk=pk)


@require_safe
@case_role_required
def handover_pdf(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Download the issued document (every download goes into the access log)."""
    user = _user(request)
    handover = _visible_handover(user, pk)
    if handover.state != HandoverState.READY:
        messages.error(request, gettext("Het document van deze overdracht is niet beschikbaar."))
        return _after_action(user, handover.referral_id)
    try:
        response = document_response(handover)
    except DomainError as error:
        _report_error(request, error)
        return _after_action(user, handover.referral_id)
    log_download(user, handover, channel="web", ip=client_ip(request))
    return response


DONE: dict[str, StrOrPromise] = {
    "acknowledge": _("U heeft de ontvangst van de overdracht bevestigd."),
    "reissue": _("De overdracht is opnieuw uitgegeven als versie %(version)s."),
}


@require_POST
@case_role_required
def handover_acknowledge(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user = _user(request)
    handover = _visible_handover(user, pk)
    try:
        services.handover_acknowledge(handover=handover, actor=user)
    except DomainError as error:
        _report_error(request, error)
    else:
        messages.success(request, str(DONE["acknowledge"]))
    return _after_action(user, handover.referral_id)


@require_POST
@case_role_required
def handover_reissue(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user = _user(request)
    handover = _visible_handover(user, pk)
    try:
        new = services.handover_reissue(handover=handover, actor=user)
    except DomainError as error:
        _report_error(request, error)
    else:
        messages.success(request, str(DONE["reissue"]) % {"version": new.version})
    return _after_action(user, handover.referral_id)


@require_http_methods(["GET", "HEAD", "POST"])
def handover_verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone holding a document file can check that it is exactly one we issued."""
    answer: dict[str, object] | None = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            handover = services.handover_for_file(upload.chunks(), size=upload.size)
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            answer = {"valid": handover is not None, "handover": handover.id if handover else None}
    context = {"form": form, "answer": answer, "expected": _expected_id(request.GET.get("id", ""))}
    return render(request, "referrals/handover_verify.html", context)


def _expected_id(raw: str) -> uuid.UUID | None:
    """The handover id from the document's QR code, shown to compare with the answer."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None
