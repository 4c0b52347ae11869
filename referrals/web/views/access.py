"""Who may use the referral pages, and the small helpers every page shares.

Login first, then a case role (``case_role_required``); the user of a request, the referrals they may
see, the way back after an action, refused actions as messages, and reads written to the access log.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.lockout import client_ip
from accounts.models import User, record_access
from nvm.errors import DomainError
from referrals.models import Referral
from referrals.querysets import may_read_referrals

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

P = ParamSpec("P")


# --- Access ---------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required ran first; this keeps the type checker honest
        raise PermissionDenied
    return user


def forbidden(request: HttpRequest, message: StrOrPromise) -> HttpResponse:
    return render(request, "referrals/forbidden.html", {"message": message}, status=403)


def case_role_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Login first (redirect to the login page), then a case role: analysts and others get 403."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not may_read_referrals(request.user):
            return forbidden(request, _("Met uw rol werkt u niet met afzonderlijke verwijzingen."))
        return view(request, *args, **kwargs)

    return cast("Callable[Concatenate[HttpRequest, P], HttpResponse]", login_required(wrapped))


def _log_read(request: HttpRequest, referral: Referral, what: str) -> None:
    record_access(
        user=_user(request),
        object_type="referral",
        object_id=referral.id,
        action=what,
        channel="web",
        ip=client_ip(request),
    )


def _visible(user: User) -> QuerySet[Referral]:
    return Referral.objects.restrict(user)


def _detail_url(referral_id: uuid.UUID) -> str:
    return reverse("referrals_web:detail", args=[referral_id])


def _after_action(user: User, referral_id: uuid.UUID) -> HttpResponseRedirect:
    """Back to the referral, or to the list when the user can no longer see it (after a decline)."""
    if _visible(user).filter(pk=referral_id).exists():
        return redirect(_detail_url(referral_id))
    return redirect("referrals_web:list")


def _report_error(request: HttpRequest, error: DomainError) -> None:
    """A refused action as an error message; the guard's messages name the kind, never the text."""
    for message in dict.fromkeys([error.message, *error.fields.values()]):
        messages.error(request, message)
