"""In-app notifications: each event reaches exactly the right users of the test cast, read through
the API and the page. The tests commit (transactional), as requests do: notifications are written
after the commit, by the fan-out task (eager here)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.urls import reverse

from notifications.models import Notification, Preference
from referrals import services
from referrals.models import EventKind, Referral, ReferralEvent
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)
add_needs = importlib.import_module("directory.migrations.0003_fixed_needs").add_needs


@pytest.fixture(autouse=True)
def _needs(db):
    """A transactional test before this one may have emptied the tables the data migrations fill."""
    add_needs(django_apps, None)


def told(event: str, referral_id) -> set[str]:
    """The usernames notified of the latest ``event`` of a referral."""
    record = ReferralEvent.objects.filter(referral_id=referral_id, event=event).latest("id")
    return set(Notification.objects.filter(event_id=record.id).values_list("user__username", flat=True))


@pytest.fixture
def shelter(cast):
    return ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], published=True)


def test_a_submitted_referral_tells_the_coordinators_of_the_assigned_organisation_only(flow):
    referral = flow.submitted()
    assert told(EventKind.SUBMITTED, referral["id"]) == {"coordinator"}
    assert told(EventKind.CREATED, referral["id"]) == set()


def test_acceptance_tells_the_signalling_organisation_and_comensha(flow):
    referral = flow.accepted()
    assert told(EventKind.ACCEPTED, referral["id"]) == {"signaller", "national_coordinator"}


def test_a_decline_tells_the_signalling_organisation_and_comensha(flow, cast):
    referral = flow.submitted()
    response = flow.act(cast["coordinator"], referral["id"], "decline", {"reason": "Geen plek in deze regio."})
    assert response.status_code == 200, response.content
    assert told(EventKind.DECLINED, referral["id"]) == {"signaller", "national_coordinator"}


def test_a_route_tells_the_provider_and_its_answer_tells_both_sides(flow, cast, shelter):
    referral, route = flow.routed(shelter)
    assert told(EventKind.ROUTE_SENT, referral["id"]) == {"provider"}
    assert told(EventKind.HANDOVER_ISSUED, referral["id"]) == {"provider"}
    accepted = flow.client(cast["provider"]).post(reverse("route-accept", args=[route["id"]]))
    assert accepted.status_code == 200, accepted.content
    # both sides, but not the provider who accepted it
    assert told(EventKind.ROUTE_ACCEPTED, referral["id"]) == {"coordinator"}


def test_a_reassignment_tells_the_new_organisation(flow, cast):
    referral = flow.submitted()
    response = flow.act(
        cast["national_coordinator"], referral["id"], "reassign", {"organisation": str(cast.coordination_south.id)}
    )
    assert response.status_code == 200, response.content
    assert told(EventKind.REASSIGNED, referral["id"]) == {"other_coordinator"}


def test_nobody_else_of_the_cast_hears_anything(flow, cast, shelter):
    _referral, _route = flow.routed(shelter)
    heard = set(Notification.objects.values_list("user__username", flat=True))
    assert heard <= {"coordinator", "signaller", "national_coordinator", "provider"}
    for never in ("analyst", "directory_editor", "auditor", "other_signaller", "other_coordinator", "other_provider"):
        assert never not in heard


def _submit_then_fail(referral, actor):
    with transaction.atomic():
        services.referral_submit(referral=referral, actor=actor)
        raise RuntimeError("roll back")


def test_a_rolled_back_event_leaves_no_notification(flow, cast):
    referral = Referral.objects.get(pk=flow.create()["id"])
    with pytest.raises(RuntimeError):
        _submit_then_fail(referral, cast["signaller"])
    assert not Notification.objects.exists()


def test_the_api_lists_ones_own_and_marks_them_read(flow, cast, client_for):
    referral = flow.accepted()
    signaller = client_for(cast["signaller"])
    body = signaller.get(reverse("notification-list"), {"unread": "true"}).json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["kind"] == "referral_accepted"
    assert item["referral"] == referral["id"]
    assert referral["reference"] in item["message"]
    assert set(item) == {"id", "kind", "referral", "message", "created_at", "read_at"}
    # someone else's notification is not there at all
    other = client_for(cast["national_coordinator"])
    assert other.post(reverse("notification-read", args=[item["id"]])).status_code == 404
    read = signaller.post(reverse("notification-read", args=[item["id"]]))
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert signaller.get(reverse("notification-list"), {"unread": "true"}).json()["count"] == 0
    assert other.post(reverse("notification-read-all")).json() == {"marked": 1}


def test_a_referral_reassigned_away_disappears_from_the_old_coordinators_notifications(flow, cast, client_for):
    referral = flow.submitted()
    assert client_for(cast["coordinator"]).get(reverse("notification-list")).json()["count"] == 1
    flow.act(
        cast["national_coordinator"], referral["id"], "reassign", {"organisation": str(cast.coordination_south.id)}
    )
    assert client_for(cast["coordinator"]).get(reverse("notification-list")).json()["count"] == 0


def test_the_header_counts_unread_and_the_page_lists_them(flow, cast, client):
    referral = flow.submitted()
    client.force_login(cast["coordinator"])
    page = client.get(reverse("notifications_web:list")).content.decode()
    assert "Meldingen (1 nieuw)" in page
    assert referral["reference"] in page
    assert client.post(reverse("notifications_web:read_all")).status_code == 302
    assert "Meldingen (0 nieuw)" in client.get("/").content.decode()
    client.force_login(cast["analyst"])
    assert "Meldingen (" not in client.get("/").content.decode()


def test_an_unknown_unread_value_is_a_400(cast, client_for):
    assert client_for(cast["signaller"]).get(reverse("notification-list"), {"unread": "yes"}).status_code == 400


def test_the_viewers_of_a_referral_are_exactly_those_restrict_lets_see_it(flow, cast):
    """``referrals.querysets.viewers`` reads the visibility rule the other way round: for every user
    of the cast and referrals in each state (and with a grant), the two agree."""
    from guardian.shortcuts import assign_perm

    from accounts.models import User
    from referrals.querysets import viewers

    shelter = ServiceFactory(organisation=cast.shelter_north, needs=["shelter"], regions=[cast.north], published=True)
    draft = flow.create()
    submitted = flow.submitted()
    routed, _route = flow.routed(shelter)
    proposed, _proposal = flow.routed(shelter, send=False)
    granted = flow.submitted()
    assign_perm("referrals.view_referral", cast.twins["coordinator"], Referral.objects.get(pk=granted["id"]))
    users = list(User.objects.all())
    for body in (draft, submitted, routed, proposed, granted):
        referral = Referral.objects.get(pk=body["id"])
        by_rule = {user.username for user in users if Referral.objects.restrict(user).filter(pk=referral.pk).exists()}
        by_viewers = set(User.objects.filter(viewers(referral)).values_list("username", flat=True))
        assert by_viewers == by_rule, (referral.status, by_viewers ^ by_rule)


def test_a_user_chooses_how_to_hear_by_e_mail_over_the_api_and_on_the_page(cast, client_for, client):
    api = client_for(cast["coordinator"])
    url = reverse("notification-preferences")
    assert api.get(url).json() == {"deadlines": "at_once", "others": "digest", "language": "nl"}
    changed = api.patch(url, {"others": "none", "language": "en"}, format="json")
    assert changed.json() == {"deadlines": "at_once", "others": "none", "language": "en"}
    assert api.patch(url, {"others": "sometimes"}, format="json").status_code == 400
    assert api.patch(url, {"colour": "blue"}, format="json").status_code == 400
    client.force_login(cast["signaller"])
    assert "Voorkeuren bewaren" in client.get(reverse("notifications_web:list")).content.decode()
    response = client.post(
        reverse("notifications_web:preferences"), {"deadlines": "digest", "others": "at_once", "language": "nl"}
    )
    assert response.status_code == 302
    assert Preference.objects.get(user=cast["signaller"]).deadlines == "digest"
