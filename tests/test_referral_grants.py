"""Per-object grants (django-guardian, direct foreign keys) and the pitfalls they come with."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from guardian.shortcuts import assign_perm

from referrals.models import Referral, ReferralUserObjectPermission
from referrals.retention import erase_referral


def test_an_explicit_grant_adds_one_referral(flow, cast):
    body = flow.submitted()
    other = flow.submitted()
    guest = cast.twins["coordinator"]
    referral = Referral.objects.get(pk=body["id"])
    assert not Referral.objects.restrict(guest).filter(pk=referral.pk).exists()
    assign_perm("referrals.view_referral", guest, referral)
    assert ReferralUserObjectPermission.objects.filter(content_object=referral, user=guest).exists()
    assert list(Referral.objects.restrict(guest).values_list("id", flat=True)) == [referral.id]
    assert str(other["id"]) != str(referral.id)


def test_a_global_grant_does_not_open_every_referral(flow, cast):
    flow.submitted()
    group = Group.objects.create(name="coordinators")
    group.permissions.add(Permission.objects.get(codename="view_referral"))
    twin = cast.twins["coordinator"]
    twin.groups.add(group)
    twin.user_permissions.add(Permission.objects.get(codename="change_referral"))
    assert not Referral.objects.restrict(twin).exists()


def test_superusers_see_no_case_data_without_a_case_role(flow, cast):
    from tests.factories import UserFactory

    flow.submitted()
    root = UserFactory(username="root", role="", organisation=None, is_staff=True, is_superuser=True)
    assert not Referral.objects.restrict(root).exists()


def test_erasing_a_referral_leaves_no_grant_behind(flow, cast):
    """Referrals are erased only through the audited retention path (referrals/retention.py)."""
    body = flow.accepted()
    flow.act(cast["coordinator"], body["id"], "close", {"outcome": "support_completed"})
    referral = Referral.objects.get(pk=body["id"])
    assign_perm("referrals.view_referral", cast.twins["coordinator"], referral)
    erase_referral(referral=referral, reason="retention period ended")
    assert not Referral.objects.filter(pk=body["id"]).exists()
    assert not ReferralUserObjectPermission.objects.exists()
