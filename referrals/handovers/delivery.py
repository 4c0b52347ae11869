"""Handing an issued document to a reader (API and pages alike): exactly the stored bytes, logged."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from accounts.models import User, record_access
from nvm.errors import Conflict
from referrals.handovers.storage import read, sha256
from referrals.models import Handover


def document_response(handover: Handover) -> HttpResponse:
    """The stored bytes of a ready handover; refused when the store no longer holds what was issued."""
    data = read(handover.document.name or "")
    if sha256(data) != handover.sha256:
        raise Conflict(_("Het opgeslagen document is niet meer het uitgegeven document; meld dit de beheerder."))
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"overdracht-{handover.snapshot.get('reference', handover.referral_id)}-v{handover.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def log_download(user: User, handover: Handover, *, channel: str, ip: str | None) -> None:
    """A download is a read of the referral's case data: into the access log, under the referral."""
    record_access(
        user=user, object_type="referral", object_id=handover.referral_id, action="handover_pdf", channel=channel, ip=ip
    )
