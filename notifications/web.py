"""The notifications page (``/meldingen/``) and the unread count in the site's header."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from notifications import services
from notifications.models import Preference
from notifications.words import link, message
from nvm.input import SafeTextForm
from referrals.querysets import may_read_referrals


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (login_required ran first)
    return user


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.visible_to(_user(request)).select_related("referral", "service"), 25).get_page(
        request.GET.get("page")
    )
    rows = [(notification, message(notification), link(notification)) for notification in page]
    form = PreferenceForm(instance=services.preference_of(_user(request)))
    return render(request, "notifications/list.html", {"page": page, "rows": rows, "form": form})


class PreferenceForm(SafeTextForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Preference
        fields = ["deadlines", "others", "language"]
        labels = {
            "deadlines": _("E-mail bij termijnen (herinnering en verstreken)"),
            "others": _("E-mail bij andere meldingen"),
            "language": _("Taal van de e-mail"),
        }


@require_POST
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST, instance=services.preference_of(_user(request)))
    if form.is_valid():
        services.set_preference(user=_user(request), **{name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(request, _("Uw e-mailvoorkeuren zijn bewaard."))
    else:
        messages.error(request, _("De e-mailvoorkeuren zijn niet bewaard: kies uit de lijst."))
    return redirect("notifications_web:list")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=_user(request))
    return redirect("notifications_web:list")


def header(request: HttpRequest) -> dict[str, int | None]:
    """Context processor: the signed-in user's unread count for the header (one query)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not may_read_referrals(user):  # only case roles are notified (yet)
        return {"unread_notifications": None}
    return {"unread_notifications": services.unread_count(user)}
