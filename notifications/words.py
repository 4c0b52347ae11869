"""The words of a notification, made when it is shown, in the reader's language: what happened and
the referral's pseudonymous reference, nothing about the person."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notifications.models import Kind, Notification

MESSAGES = {
    Kind.REFERRAL_ASSIGNED: gettext_noop("Verwijzing %(reference)s wacht op aanname door uw organisatie."),
    Kind.REFERRAL_ACCEPTED: gettext_noop("Verwijzing %(reference)s is aangenomen."),
    Kind.REFERRAL_DECLINED: gettext_noop("Verwijzing %(reference)s is afgewezen."),
    Kind.ROUTE_SENT: gettext_noop("Er is een doorverwijzing naar uw organisatie verstuurd (%(reference)s)."),
    Kind.ROUTE_ACCEPTED: gettext_noop("Een doorverwijzing van %(reference)s is aangenomen."),
    Kind.ROUTE_DECLINED: gettext_noop("Een doorverwijzing van %(reference)s is afgewezen."),
    Kind.ROUTE_COMPLETED: gettext_noop("Een doorverwijzing van %(reference)s is afgerond."),
    Kind.HANDOVER_ISSUED: gettext_noop("Er is een overdrachtsdocument voor uw organisatie uitgegeven (%(reference)s)."),
    Kind.HANDOVER_ACKNOWLEDGED: gettext_noop("De ontvangst van een overdracht van %(reference)s is bevestigd."),
    Kind.DEADLINE_APPROACHING: gettext_noop("De aannametermijn van verwijzing %(reference)s loopt bijna af."),
    Kind.DEADLINE_PASSED: gettext_noop("De aannametermijn van verwijzing %(reference)s is verstreken."),
    Kind.DIRECTORY_REVIEW: gettext_noop("De Wegwijzer-vermelding %(service)s is al twaalf maanden niet nagekeken."),
}


def message(notification: Notification) -> str:
    text = _(MESSAGES[Kind(notification.kind)])
    if notification.service is not None:
        return text % {"service": notification.service.name}
    return text % {"reference": notification.referral.reference if notification.referral else ""}


def link(notification: Notification) -> str:
    """The page a notification leads to (a path on this site)."""
    if notification.service_id is not None:
        return reverse("wegwijzer:service", args=[notification.service_id])
    return reverse("referrals_web:detail", args=[notification.referral_id])


def subject(notification: Notification, *, digest: bool) -> str:
    """An e-mail's subject: the kind of thing that happened (or that it is the digest), never more."""
    if digest:
        return _("[NVM] Uw dagelijkse overzicht van meldingen")
    return _("[NVM] %(kind)s") % {"kind": Kind(notification.kind).label}
