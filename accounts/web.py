"""The account page (``/accounts/mijn-account/``): who you are, your password, and where the
language and e-mail choices live."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import PasswordChangeForm
from accounts.models import User


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (login_required ran first)
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.password_change(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # this session stays signed in
        messages.success(request, _("Uw wachtwoord is gewijzigd."))
        return redirect("accounts:account")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/account.html", {"form": form, "account": user}, status=status)
