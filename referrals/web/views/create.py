"""Registering a referral: the signaller's form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from nvm.errors import DomainError
from referrals import services
from referrals.web.forms import FREE_TEXT_FIELDS, ReferralForm
from referrals.web.views.access import _detail_url, _user, case_role_required, forbidden

# --- Registering ----------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@case_role_required
def referral_create(request: HttpRequest) -> HttpResponse:
    """The signaller's form; the service refuses identifiers in the summary, which is then not shown again."""
    user = _user(request)
    if user.role != Role.SIGNALLER:
        return forbidden(request, _("Alleen signaleerders registreren een verwijzing."))
    if request.method != "POST":
        return render(request, "referrals/create.html", {"form": ReferralForm()})
    form = ReferralForm(request.POST)
    if form.is_valid():
        try:
            referral = services.referral_create(actor=user, data=form.referral_data())
        except DomainError as error:
            form = _refused(request, error)
        else:
            messages.success(
                request,
                gettext("Verwijzing %(reference)s is opgeslagen als concept. Dien haar in als zij compleet is.")
                % {"reference": referral.reference},
            )
            return redirect(_detail_url(referral.id))
    return render(request, "referrals/create.html", {"form": form})


def _refused(request: HttpRequest, error: DomainError) -> ReferralForm:
    """The form again with the service's messages on their fields; refused free text is emptied."""
    data = request.POST.copy()
    emptied = FREE_TEXT_FIELDS & set(error.fields)
    for name in emptied:
        data[name] = ""
    form = ReferralForm(data)
    form.is_valid()
    for name, message in error.fields.items():
        if name in emptied:
            message = gettext("%(message)s De tekst is daarom niet opnieuw getoond; schrijf haar opnieuw.") % {
                "message": message
            }
        form.add_error(name if name in form.fields else None, message)
    if not error.fields:
        form.add_error(None, error.message)
    return form
