"""Notifications through a real Celery worker on the test broker (Redis): every event reaches exactly
the right people once, and a broker that is away delays e-mail without losing any or failing a
request. The worker runs in a thread of this process (tests/celery_worker.py)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, DeliveryState, EmailChoice, Notification, Preference
from notifications.tasks import check_deadlines
from nvm.celery import app
from tests import celery_worker
from tests.factories import ServiceFactory

add_needs = importlib.import_module("directory.migrations.0003_fixed_needs").add_needs


def _everyone_at_once(cast):
    for user in [*cast.users.values(), *cast.twins.values()]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
        Preference.objects.create(user=user, deadlines=EmailChoice.AT_ONCE, others=EmailChoice.AT_ONCE)


def _drain():
    """Wait for everything sent so far: the single solo worker runs tasks in order, so the result of
    one more task comes after all of them (no sleeping). Twice: the fan-out tasks send the e-mail
    tasks, which queue behind the first marker."""
    for _ in range(2):
        assert check_deadlines.apply_async(ignore_result=False).get(timeout=120) == 0


def _story(flow, cast):
    # A transactional test before this one may have emptied the tables the data migrations fill.
    add_needs(django_apps, None)
    shelter = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], published=True)
    _referral, route = flow.routed(shelter)
    response = flow.client(cast["provider"]).post(f"/api/v1/routes/{route['id']}/accept/")
    assert response.status_code == 200, response.content


#: Who hears what in ``_story``: submitted (the coordinator), accepted (signaller, CoMensha), route
#: sent and its handover (the provider, twice), route accepted (the coordinator).
EXPECTED = Counter(
    {
        "coordinator@example.org": 2,
        "signaller@example.org": 1,
        "national_coordinator@example.org": 1,
        "provider@example.org": 2,
    }
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "worker", [celery_worker.BROKER, celery_worker.RABBITMQ], indirect=True, ids=["redis", "rabbitmq"]
)
def test_a_real_worker_delivers_every_event_once_to_exactly_the_right_people(cast, flow, worker):
    _everyone_at_once(cast)
    mail.outbox.clear()
    _story(flow, cast)
    _drain()
    assert Counter(address for message in mail.outbox for address in message.to) == EXPECTED
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_away_every_request_succeeds_and_every_e_mail_goes_out_once_later(cast, flow, worker):
    _everyone_at_once(cast)
    mail.outbox.clear()
    app.conf.update(broker_url="redis://127.0.0.1:1/0")  # nothing listens there
    celery_worker._forget_backend()
    _story(flow, cast)  # every request succeeds (asserted inside)
    assert mail.outbox == []
    assert not Notification.objects.exists()  # the fan-out tasks could not be sent
    app.conf.update(broker_url=celery_worker.BROKER)  # the broker is back
    celery_worker._forget_backend()
    assert services.sweep(now=timezone.now() + dt.timedelta(minutes=1))["events"] == 6  # incl. two handovers
    _drain()
    assert Counter(address for message in mail.outbox for address in message.to) == EXPECTED
    assert services.sweep(now=timezone.now() + dt.timedelta(minutes=1)) == {"freed": 0, "sent": 0, "events": 0}
    _drain()
    assert len(mail.outbox) == sum(EXPECTED.values())
