"""E-mail for notifications: preferences, the outbox and its claim, the digest, the deadline checks
with time travel, nothing about the person in any e-mail, and a broker that is away."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connections
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, DeliveryState, EmailChoice, Kind, Notification, Preference, Reminder
from referrals.models import Referral, ReferralEvent


@pytest.fixture(autouse=True)
def _emails(cast):
    for user in [*cast.users.values(), *cast.twins.values()]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def times(referral: Referral) -> tuple[dt.datetime, dt.datetime]:
    """When a submitted referral was submitted and must be accepted."""
    assert referral.submitted_at is not None
    assert referral.acceptance_deadline is not None
    return referral.submitted_at, referral.acceptance_deadline


def fan_out_all() -> None:
    """Write the notifications of every event (what the fan-out task does after each commit)."""
    for event_id in ReferralEvent.objects.order_by("pk").values_list("pk", flat=True):
        services.fan_out(event_id)


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_an_acceptance_waits_for_the_digest_by_default_and_the_digest_sends_it_once(
    flow, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        flow.accepted()
    assert mail.outbox == []  # nothing at once: acceptance and assignment wait for the digest
    mail.outbox.clear()
    assert services.send_digests() == 3  # the coordinator (assigned), the signaller and CoMensha (accepted)
    assert sent_to() == ["coordinator@example.org", "national_coordinator@example.org", "signaller@example.org"]
    assert services.send_digests() == 0  # nothing twice
    assert not Delivery.objects.exclude(state=DeliveryState.SENT).exists()


def test_a_user_who_chose_at_once_gets_the_e_mail_at_once_and_none_gets_nothing(
    flow, cast, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=cast["signaller"], others=EmailChoice.AT_ONCE, language="en")
    Preference.objects.create(user=cast["national_coordinator"], others=EmailChoice.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        referral = flow.accepted()
    assert sent_to() == ["signaller@example.org"]
    (message,) = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert message.subject == "[NVM] Referral accepted"  # in the user's language
    assert referral["reference"] in message.body
    assert f"/verwijzingen/{referral['id']}/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert referral["reference"] in str(html)
    assert not Delivery.objects.filter(notification__user=cast["national_coordinator"]).exists()


def test_a_claimed_delivery_is_never_sent_twice(flow, cast, django_capture_on_commit_callbacks):
    Preference.objects.create(user=cast["signaller"], others=EmailChoice.AT_ONCE)
    with django_capture_on_commit_callbacks(execute=False):  # no task is sent: as if the broker were away
        flow.accepted()
        fan_out_all()
    delivery = Delivery.objects.get(notification__user=cast["signaller"])
    assert delivery.state == DeliveryState.PENDING
    assert services.deliver(delivery_id=delivery.pk) == "sent"
    assert services.deliver(delivery_id=delivery.pk) == "skipped"  # a redelivered task
    assert len(mail.outbox) == 1


def test_the_sweep_frees_the_claim_of_a_worker_that_died_and_sends_it_once(
    flow, cast, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=cast["signaller"], others=EmailChoice.AT_ONCE)
    with django_capture_on_commit_callbacks(execute=False):
        flow.accepted()
        fan_out_all()
    delivery = Delivery.objects.get(notification__user=cast["signaller"])
    # A worker claimed it and was killed before sending.
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENDING, claimed_at=timezone.now())
    assert services.sweep() == {"freed": 0, "sent": 0, "events": 0}  # too fresh to be called dead
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        assert services.sweep() == {"freed": 1, "sent": 1, "events": 0}  # eager in the tests: sent during the sweep
        assert services.sweep() == {"freed": 0, "sent": 0, "events": 0}
    assert sent_to() == ["signaller@example.org"]


def test_a_failing_mail_server_is_retried_then_shown_as_failed(
    flow, cast, settings, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=cast["signaller"], others=EmailChoice.AT_ONCE)
    with django_capture_on_commit_callbacks(execute=False):
        flow.accepted()
        fan_out_all()
    delivery = Delivery.objects.get(notification__user=cast["signaller"])
    settings.EMAIL_BACKEND = "tests.test_notification_delivery.BrokenBackend"
    with pytest.raises(services.DeliveryFailed):
        services.deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        DeliveryState.PENDING,
        1,
        "ConnectionRefusedError",
    )
    assert services.deliver(delivery_id=delivery.pk, final=True) == "failed"
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is away")


# --- deadlines ---------------------------------------------------------------------------------------------------


def test_a_reminder_at_three_quarters_then_escalation_to_comensha_each_once(
    flow, cast, django_capture_on_commit_callbacks
):
    referral = Referral.objects.get(pk=flow.submitted()["id"])
    start, deadline = times(referral)
    span = deadline - start
    with time_machine.travel(start + span * 0.70):
        assert services.check_deadlines() == 0
    with time_machine.travel(start + span * 0.80), django_capture_on_commit_callbacks(execute=True):
        assert services.check_deadlines() == 1
        assert services.check_deadlines() == 0  # the second run finds the reminder sent
    approaching = Notification.objects.filter(kind=Kind.DEADLINE_APPROACHING)
    assert set(approaching.values_list("user__username", flat=True)) == {"coordinator"}
    assert sent_to() == ["coordinator@example.org"]  # deadline e-mails go out at once by default
    with time_machine.travel(deadline + dt.timedelta(minutes=1)), django_capture_on_commit_callbacks(execute=True):
        assert services.check_deadlines() == 1
        assert services.check_deadlines() == 0
    passed = Notification.objects.filter(kind=Kind.DEADLINE_PASSED)
    assert set(passed.values_list("user__username", flat=True)) == {"coordinator", "national_coordinator"}


def test_an_accepted_referral_is_never_reminded(flow, cast):
    referral = Referral.objects.get(pk=flow.accepted()["id"])
    with time_machine.travel(times(referral)[1] + dt.timedelta(days=3)):
        assert services.check_deadlines() == 0
    assert not Reminder.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_checks_at_once_remind_once(flow, cast):
    referral = Referral.objects.get(pk=flow.submitted()["id"])
    results: list[int] = []
    barrier = threading.Barrier(2)

    def check() -> None:
        barrier.wait()
        try:
            results.append(services.check_deadlines(times(referral)[1] + dt.timedelta(minutes=1)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(kind=Kind.DEADLINE_PASSED).count() == 2  # coordinator and CoMensha


# --- nothing about the person --------------------------------------------------------------------------------------

#: Words of DISTINCTIVE (and of the default profile) that no e-mail may carry.
FORBIDDEN = [
    "Zwaluwstaart",
    "Oranjeboom",
    "Lindelaan",
    "kwekerij",
    "Filipijn",
    "Philippin",
    "Tagalog",
    "female",
    "Vrouw",
]


def assert_says_nothing_of_the_person(message) -> None:
    assert isinstance(message, EmailMultiAlternatives)
    everything = f"{message.subject} {message.body} " + " ".join(str(body) for body, _kind in message.alternatives)
    for word in FORBIDDEN:
        assert word not in everything, (word, message.subject)


DISTINCTIVE = {
    "summary": "Zwaluwstaart werkte in de kwekerij Oranjeboom aan de Lindelaan",
    "languages": ["tl"],
    "nationality": "PH",
}


def test_no_e_mail_carries_anything_about_the_person(flow, cast, django_capture_on_commit_callbacks):
    from tests.factories import ServiceFactory

    for user in cast.users.values():
        Preference.objects.create(user=user, deadlines=EmailChoice.AT_ONCE, others=EmailChoice.AT_ONCE)
    shelter = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], published=True)
    with django_capture_on_commit_callbacks(execute=True):
        _referral, route = flow.routed(shelter, **DISTINCTIVE)
        flow.client(cast["provider"]).post(f"/api/v1/routes/{route['id']}/accept/")
        other = Referral.objects.get(pk=flow.submitted(**DISTINCTIVE)["id"])
    with (
        time_machine.travel(times(other)[1] + dt.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.check_deadlines()
    services.send_digests()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds >= {
        Kind.REFERRAL_ASSIGNED,
        Kind.REFERRAL_ACCEPTED,
        Kind.ROUTE_SENT,
        Kind.ROUTE_ACCEPTED,
        Kind.DEADLINE_PASSED,
    }
    assert len(mail.outbox) >= 5
    for message in mail.outbox:
        assert_says_nothing_of_the_person(message)


# --- the directory -------------------------------------------------------------------------------------------------


def test_editors_hear_once_of_a_service_not_reviewed_for_a_year(cast, client_for, django_capture_on_commit_callbacks):
    from tests.factories import ServiceFactory

    today = timezone.localdate()
    stale = ServiceFactory(
        organisation=cast.shelter_north, published=True, last_reviewed=today - dt.timedelta(days=400)
    )
    ServiceFactory(organisation=cast.shelter_south, published=True, last_reviewed=today - dt.timedelta(days=30))
    ServiceFactory(organisation=cast.shelter_south, published=False, last_reviewed=today - dt.timedelta(days=800))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.check_reviews() == 1
        assert services.check_reviews() == 0  # once per review date
    told = Notification.objects.filter(kind=Kind.DIRECTORY_REVIEW)
    assert set(told.values_list("user__username", flat=True)) == {"directory_editor"}
    body = client_for(cast["directory_editor"]).get("/api/v1/notifications/").json()
    (item,) = body["results"]
    assert item["referral"] is None
    assert stale.name in item["message"]
    services.send_digests()
    (message,) = mail.outbox
    assert f"/wegwijzer/diensten/{stale.pk}/" in message.body
    # Reviewed again, then a year later: told again.
    stale.last_reviewed = today
    stale.save()
    with time_machine.travel(timezone.now() + dt.timedelta(days=366)):
        assert services.check_reviews() >= 1


def test_the_sweep_fans_out_an_event_whose_task_was_lost(flow, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the fan-out tasks never left: the broker was away
        flow.accepted()
    assert not Notification.objects.exists()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        assert services.sweep()["events"] == 3  # submitted, accepted and the acceptance handover issued
        assert services.sweep()["events"] == 0
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "coordinator",
        "signaller",
        "national_coordinator",
    }
    assert services.fan_out(ReferralEvent.objects.latest("pk").pk) == 0  # once only


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("digest", [False, True])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_e_mail_of_every_kind_says_nothing_about_the_person(flow, cast, kind, digest, language):
    from notifications.services import _email
    from tests.factories import ServiceFactory

    referral = Referral.objects.get(pk=flow.submitted(**DISTINCTIVE)["id"])
    service = ServiceFactory(organisation=cast.shelter_north, name="Opvang De Linde")
    about = {"service": service} if kind == Kind.DIRECTORY_REVIEW else {"referral": referral}
    notification = Notification(user=cast["coordinator"], kind=kind, event_id=1, **about)
    Preference.objects.create(user=cast["coordinator"], language=language)
    mail.outbox.clear()
    _email(cast["coordinator"], [notification], digest=digest)
    (message,) = mail.outbox
    assert_says_nothing_of_the_person(message)
    everything = f"{message.subject} {message.body}"
    assert (referral.reference in everything) is (kind != Kind.DIRECTORY_REVIEW)
