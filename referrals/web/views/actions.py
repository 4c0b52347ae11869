"""The POST actions on a referral and its routes: the service decides, the page reports."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import User
from directory.vocabulary import NeedCode
from nvm.errors import DomainError
from referrals import services
from referrals.models import Referral, Route
from referrals.web.forms import CloseForm, PhaseForm, ReasonForm, ReassignForm, RouteProposeForm
from referrals.web.views.access import _after_action, _detail_url, _report_error, _user, _visible, case_role_required
from referrals.web.views.words import _label

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# --- Actions --------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One lifecycle action: the form it needs, the service call, and what to say when it is done."""

    form: type[forms.Form] | None
    run: Callable[[Referral, User, dict[str, Any]], object]
    done: StrOrPromise


REFERRAL_ACTIONS: dict[str, Action] = {
    "submit": Action(
        None,
        lambda referral, actor, data: services.referral_submit(referral=referral, actor=actor),
        _("Verwijzing %(reference)s is ingediend bij de zorgcoördinatie."),
    ),
    "accept": Action(
        None,
        lambda referral, actor, data: services.referral_accept(referral=referral, actor=actor),
        _("U heeft verwijzing %(reference)s aangenomen."),
    ),
    "decline": Action(
        ReasonForm,
        lambda referral, actor, data: services.referral_decline(referral=referral, actor=actor, reason=data["reason"]),
        _("Verwijzing %(reference)s is afgewezen en gaat naar de landelijk coördinator."),
    ),
    "withdraw": Action(
        ReasonForm,
        lambda referral, actor, data: services.referral_withdraw(referral=referral, actor=actor, reason=data["reason"]),
        _("Verwijzing %(reference)s is ingetrokken."),
    ),
    "phase": Action(
        PhaseForm,
        lambda referral, actor, data: services.referral_set_phase(referral=referral, actor=actor, phase=data["phase"]),
        _("De fase van verwijzing %(reference)s is vastgelegd."),
    ),
    "close": Action(
        CloseForm,
        lambda referral, actor, data: services.referral_close(referral=referral, actor=actor, outcome=data["outcome"]),
        _("Verwijzing %(reference)s is afgesloten."),
    ),
    "reopen": Action(
        None,
        lambda referral, actor, data: services.referral_reopen(referral=referral, actor=actor),
        _("Verwijzing %(reference)s is heropend."),
    ),
    "reassign": Action(
        ReassignForm,
        lambda referral, actor, data: services.referral_reassign(
            referral=referral, actor=actor, organisation=data["organisation"]
        ),
        _("Verwijzing %(reference)s is aan een andere zorgcoördinator toegewezen."),
    ),
}


def _posted_version(request: HttpRequest) -> int | None:
    """The version of the referral the page's form was drawn from; None when the form sent none
    (a tampered value counts as stale)."""
    raw = request.POST.get("version")
    if not raw:
        return None
    return int(raw) if raw.isdigit() and len(raw) < 10 else -1


ROUTE_DONE: dict[str, StrOrPromise] = {
    "send": _("De doorverwijzing naar %(organisation)s is verstuurd."),
    "accept": _("U heeft de doorverwijzing aangenomen."),
    "decline": _("U heeft de doorverwijzing afgewezen."),
    "complete": _("De doorverwijzing is afgerond."),
}


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@require_POST
@case_role_required
def referral_action(request: HttpRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    """submit, accept, decline, withdraw, phase, close, reopen, reassign: the service decides, the
    page reports. A form drawn from an older version of the referral is refused, not acted on."""
    step = REFERRAL_ACTIONS.get(action)
    user = _user(request)
    referral = get_object_or_404(_visible(user), pk=pk)
    if step is None:
        raise Http404
    data: dict[str, Any] = {}
    if step.form is not None:
        form = step.form(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(_detail_url(referral.id))
        data = form.cleaned_data
    version = _posted_version(request)
    try:
        with transaction.atomic():
            if version is not None:
                services.referral_expect_version(referral=referral, actor=user, version=version)
            step.run(referral, user, data)
    except DomainError as error:
        _report_error(request, error)
        return _after_action(user, referral.id)
    messages.success(request, str(step.done) % {"reference": referral.reference})
    return _after_action(user, referral.id)


@require_POST
@case_role_required
def route_propose(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Propose one of the matching services for one need of the referral."""
    user = _user(request)
    referral = get_object_or_404(_visible(user), pk=pk)
    form = RouteProposeForm(request.POST, viewer=user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_detail_url(referral.id))
    try:
        route = services.route_propose(
            referral=referral, actor=user, need=form.cleaned_data["need"], service=form.cleaned_data["service"]
        )
    except DomainError as error:
        _report_error(request, error)
        return _after_action(user, referral.id)
    messages.success(
        request,
        gettext("Doorverwijzing voorgesteld: %(need)s bij %(service)s. Verstuur haar om de hulpverlener te vragen.")
        % {"need": _label(NeedCode, route.need), "service": route.service.name},
    )
    return _after_action(user, referral.id)


@require_POST
@case_role_required
def route_action(request: HttpRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    """send (coordinator), accept / decline / complete (the receiving provider)."""
    user = _user(request)
    route = get_object_or_404(Route.objects.restrict(user).select_related("organisation"), pk=pk)
    if action not in ROUTE_DONE:
        raise Http404
    reason = ""
    if action == "decline":
        form = ReasonForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return _after_action(user, route.referral_id)
        reason = form.cleaned_data["reason"]
    try:
        services.route_act(route=route, actor=user, action=action, reason=reason)
    except DomainError as error:
        _report_error(request, error)
        return _after_action(user, route.referral_id)
    messages.success(request, str(ROUTE_DONE[action]) % {"organisation": route.organisation.name})
    return _after_action(user, route.referral_id)
