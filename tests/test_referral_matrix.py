"""The HTTP status of every referral, route and audit endpoint, per role, on own and foreign objects.

The endpoints are read from the URL configuration (``get_resolver()``), not typed in:
an endpoint under ``api/v1/referrals``, ``api/v1/routes`` or ``api/v1/audit`` that is
missing from ``MATRIX`` fails ``test_every_endpoint_is_in_the_matrix`` until someone
decides who may call it, and a ``MATRIX`` entry whose endpoint is gone fails too.

How to read ``MATRIX``: one entry per (method, route). ``states`` names the situations
of the object the call is made on; every actor calls it once on its **own** object
(north: police_north's referral, assigned to Zorgcoördinatie Noord, routed to Opvang
Noord; for the ``other_*`` twins the same at the south side) and once on the
**foreign** one (the same state at the other side). A row is therefore
``(own states..., foreign states...)``; endpoints without an object have one column.

The rules (DESIGN §3 and §5, API.md "Referrals"): 401 anonymous; 403 analyst and
staff without a role on every referral endpoint; 404 for a referral the caller may
not see; 403 for a visible object the role may not act on; 409 when the status does
not allow the step; 200/201 when allowed. Bodies are always valid, so 400 never
appears. Visibility (``referrals/querysets.py``): the signaller sees its
organisation's referrals (status only after acceptance), the coordinator those
assigned to its organisation (no drafts), the national coordinator every referral
but drafts, the provider a referral only with a route to it that is
sent/accepted/completed, the auditor only ``/history/`` of submitted referrals.

Each cell runs inside a savepoint that is rolled back, so a successful step never
changes the object the next cell sees; the objects are built once per endpoint.
Cells where the implementation is known to disagree with DESIGN are in
``KNOWN_WRONG``: the table says what DESIGN asks, the test xfails on them (and fails
once they are fixed, so that they are moved out of the list).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from referrals.handovers.services import handover_render
from referrals.models import Handover
from tests.factories import ServiceFactory, referral_data

if TYPE_CHECKING:
    from accounts.models import User
    from tests.conftest import Cast
    from tests.referral_flow import Flow

Endpoint = tuple[str, str]  # (HTTP method, route with {pk})

PREFIXES = ("api/v1/referrals", "api/v1/routes", "api/v1/audit", "api/v1/handovers")
IGNORED_METHODS = {"head", "options"}

ACTORS = (
    "anonymous",
    "signaller",
    "coordinator",
    "national_coordinator",
    "provider",
    "analyst",
    "directory_editor",
    "auditor",
    "staff",
    "other_signaller",
    "other_coordinator",
    "other_provider",
)

#: Which side's objects are an actor's own; everybody else's own side is north.
SIDE_OF = {"other_signaller": "south", "other_coordinator": "south", "other_provider": "south"}
OTHER_SIDE = {"north": "south", "south": "north"}


@dataclass(frozen=True)
class Expect:
    """The expected statuses of one endpoint: per actor, own ``states`` then foreign ``states``."""

    states: tuple[str, ...]
    rows: dict[str, tuple[int, ...]]

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(relation, state) per column; ``("-", "")`` for an endpoint without an object."""
        if not self.states:
            return [("-", "")]
        return [("own", state) for state in self.states] + [("foreign", state) for state in self.states]


# States: draft; withdrawn (a draft withdrawn without ever being submitted); pending
# (submitted, at its region's coordinator); accepted (by that coordinator, with a
# "shelter" route sent to the region's shelter); closed (accepted, then closed);
# and for routes: proposed (a second, unsent "legal_aid" route on an accepted
# referral), sent (the sent route of an accepted referral), route_accepted (the
# provider accepted it).

# fmt: off
MATRIX: dict[Endpoint, Expect] = {
    ("GET", "api/v1/referrals/"): Expect((), {
        "anonymous":            (401,),
        "signaller":            (200,),
        "coordinator":          (200,),
        "national_coordinator": (200,),
        "provider":             (200,),
        "analyst":              (403,),
        "directory_editor":     (200,),  # sees none: an empty list
        "auditor":              (200,),  # sees none: an empty list
        "staff":                (403,),
        "other_signaller":      (200,),
        "other_coordinator":    (200,),
        "other_provider":       (200,),
    }),
    ("POST", "api/v1/referrals/"): Expect((), {
        "anonymous":            (401,),
        "signaller":            (201,),
        "coordinator":          (403,),
        "national_coordinator": (403,),
        "provider":             (403,),
        "analyst":              (403,),
        "directory_editor":     (403,),
        "auditor":              (403,),
        "staff":                (403,),
        "other_signaller":      (201,),
        "other_coordinator":    (403,),
        "other_provider":       (403,),
    }),
    ("GET", "api/v1/referrals/{pk}/"): Expect(("draft", "withdrawn", "pending", "accepted"), {
        #                        own: draft wdrawn pend  acc    foreign: draft wdrawn pend acc
        "anonymous":            (401, 401, 401, 401,   401, 401, 401, 401),
        "signaller":            (200, 200, 200, 200,   404, 404, 404, 404),
        "coordinator":          (404, 404, 200, 200,   404, 404, 404, 404),
        "national_coordinator": (404, 404, 200, 200,   404, 404, 200, 200),
        "provider":             (404, 404, 404, 200,   404, 404, 404, 404),
        "analyst":              (403, 403, 403, 403,   403, 403, 403, 403),
        "directory_editor":     (404, 404, 404, 404,   404, 404, 404, 404),
        "auditor":              (404, 404, 404, 404,   404, 404, 404, 404),
        "staff":                (403, 403, 403, 403,   403, 403, 403, 403),
        "other_signaller":      (200, 200, 200, 200,   404, 404, 404, 404),
        "other_coordinator":    (404, 404, 200, 200,   404, 404, 404, 404),
        "other_provider":       (404, 404, 404, 200,   404, 404, 404, 404),
    }),
    # The handler may edit too (services.EDITABLE_IN): the role decides 403, the status 409.
    ("PATCH", "api/v1/referrals/{pk}/"): Expect(("draft", "pending", "accepted", "closed"), {
        #                        own: draft pend  acc  closed   foreign: draft pend acc closed
        "anonymous":            (401, 401, 401, 401,   401, 401, 401, 401),
        "signaller":            (200, 200, 409, 409,   404, 404, 404, 404),
        "coordinator":          (404, 200, 200, 409,   404, 404, 404, 404),
        "national_coordinator": (404, 200, 200, 409,   404, 200, 200, 409),
        "provider":             (404, 404, 403, 403,   404, 404, 404, 404),
        "analyst":              (403, 403, 403, 403,   403, 403, 403, 403),
        "directory_editor":     (404, 404, 404, 404,   404, 404, 404, 404),
        "auditor":              (404, 404, 404, 404,   404, 404, 404, 404),
        "staff":                (403, 403, 403, 403,   403, 403, 403, 403),
        "other_signaller":      (200, 200, 409, 409,   404, 404, 404, 404),
        "other_coordinator":    (404, 200, 200, 409,   404, 404, 404, 404),
        "other_provider":       (404, 404, 403, 403,   404, 404, 404, 404),
    }),
    ("POST", "api/v1/referrals/{pk}/submit/"): Expect(("draft", "pending"), {
        #                        own: draft pend   foreign: draft pend
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (200, 409,   404, 404),
        "coordinator":          (404, 403,   404, 404),
        "national_coordinator": (404, 403,   404, 403),
        "provider":             (404, 404,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (200, 409,   404, 404),
        "other_coordinator":    (404, 403,   404, 404),
        "other_provider":       (404, 404,   404, 404),
    }),
    ("POST", "api/v1/referrals/{pk}/accept/"): Expect(("pending", "accepted"), {
        #                        own: pend acc   foreign: pend acc
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (403, 403,   404, 404),
        "coordinator":          (200, 409,   404, 404),
        "national_coordinator": (200, 409,   200, 409),
        "provider":             (404, 403,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (403, 403,   404, 404),
        "other_coordinator":    (200, 409,   404, 404),
        "other_provider":       (404, 403,   404, 404),
    }),
    # Declining hands the referral to CoMensha; the national coordinator may do it for any region.
    ("POST", "api/v1/referrals/{pk}/decline/"): Expect(("pending", "accepted"), {
        #                        own: pend acc   foreign: pend acc
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (403, 403,   404, 404),
        "coordinator":          (200, 409,   404, 404),
        "national_coordinator": (200, 409,   200, 409),
        "provider":             (404, 403,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (403, 403,   404, 404),
        "other_coordinator":    (200, 409,   404, 404),
        "other_provider":       (404, 403,   404, 404),
    }),
    ("POST", "api/v1/referrals/{pk}/reassign/"): Expect(("pending", "accepted", "closed"), {
        #                        own: pend acc closed   foreign: pend acc closed
        "anonymous":            (401, 401, 401,   401, 401, 401),
        "signaller":            (403, 403, 403,   404, 404, 404),
        "coordinator":          (403, 403, 403,   404, 404, 404),
        "national_coordinator": (200, 200, 409,   200, 200, 409),
        "provider":             (404, 403, 403,   404, 404, 404),
        "analyst":              (403, 403, 403,   403, 403, 403),
        "directory_editor":     (404, 404, 404,   404, 404, 404),
        "auditor":              (404, 404, 404,   404, 404, 404),
        "staff":                (403, 403, 403,   403, 403, 403),
        "other_signaller":      (403, 403, 403,   404, 404, 404),
        "other_coordinator":    (403, 403, 403,   404, 404, 404),
        "other_provider":       (404, 403, 403,   404, 404, 404),
    }),
    # Only a draft can be withdrawn (DESIGN §5).
    ("POST", "api/v1/referrals/{pk}/withdraw/"): Expect(("draft", "pending", "accepted"), {
        #                        own: draft pend acc   foreign: draft pend acc
        "anonymous":            (401, 401, 401,   401, 401, 401),
        "signaller":            (200, 409, 409,   404, 404, 404),
        "coordinator":          (404, 403, 403,   404, 404, 404),
        "national_coordinator": (404, 403, 403,   404, 403, 403),
        "provider":             (404, 404, 403,   404, 404, 404),
        "analyst":              (403, 403, 403,   403, 403, 403),
        "directory_editor":     (404, 404, 404,   404, 404, 404),
        "auditor":              (404, 404, 404,   404, 404, 404),
        "staff":                (403, 403, 403,   403, 403, 403),
        "other_signaller":      (200, 409, 409,   404, 404, 404),
        "other_coordinator":    (404, 403, 403,   404, 404, 404),
        "other_provider":       (404, 404, 403,   404, 404, 404),
    }),
    ("POST", "api/v1/referrals/{pk}/phase/"): Expect(("pending", "accepted", "closed"), {
        #                        own: pend acc closed   foreign: pend acc closed
        "anonymous":            (401, 401, 401,   401, 401, 401),
        "signaller":            (403, 403, 403,   404, 404, 404),
        "coordinator":          (200, 200, 409,   404, 404, 404),
        "national_coordinator": (200, 200, 409,   200, 200, 409),
        "provider":             (404, 403, 403,   404, 404, 404),
        "analyst":              (403, 403, 403,   403, 403, 403),
        "directory_editor":     (404, 404, 404,   404, 404, 404),
        "auditor":              (404, 404, 404,   404, 404, 404),
        "staff":                (403, 403, 403,   403, 403, 403),
        "other_signaller":      (403, 403, 403,   404, 404, 404),
        "other_coordinator":    (200, 200, 409,   404, 404, 404),
        "other_provider":       (404, 403, 403,   404, 404, 404),
    }),
    ("POST", "api/v1/referrals/{pk}/close/"): Expect(("pending", "accepted", "closed"), {
        #                        own: pend acc closed   foreign: pend acc closed
        "anonymous":            (401, 401, 401,   401, 401, 401),
        "signaller":            (403, 403, 403,   404, 404, 404),
        "coordinator":          (409, 200, 409,   404, 404, 404),
        "national_coordinator": (409, 200, 409,   409, 200, 409),
        "provider":             (404, 403, 403,   404, 404, 404),
        "analyst":              (403, 403, 403,   403, 403, 403),
        "directory_editor":     (404, 404, 404,   404, 404, 404),
        "auditor":              (404, 404, 404,   404, 404, 404),
        "staff":                (403, 403, 403,   403, 403, 403),
        "other_signaller":      (403, 403, 403,   404, 404, 404),
        "other_coordinator":    (409, 200, 409,   404, 404, 404),
        "other_provider":       (404, 403, 403,   404, 404, 404),
    }),
    ("POST", "api/v1/referrals/{pk}/reopen/"): Expect(("accepted", "closed"), {
        #                        own: acc closed   foreign: acc closed
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (403, 403,   404, 404),
        "coordinator":          (403, 403,   404, 404),
        "national_coordinator": (409, 200,   409, 200),
        "provider":             (403, 403,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (403, 403,   404, 404),
        "other_coordinator":    (403, 403,   404, 404),
        "other_provider":       (403, 403,   404, 404),
    }),
    ("GET", "api/v1/referrals/{pk}/history/"): Expect(("draft", "withdrawn", "pending", "accepted"), {
        #                        own: draft wdrawn pend  acc    foreign: draft wdrawn pend acc
        "anonymous":            (401, 401, 401, 401,   401, 401, 401, 401),
        "signaller":            (200, 200, 200, 403,   404, 404, 404, 404),
        "coordinator":          (404, 404, 200, 200,   404, 404, 404, 404),
        "national_coordinator": (404, 404, 200, 200,   404, 404, 200, 200),
        "provider":             (404, 404, 404, 403,   404, 404, 404, 404),
        "analyst":              (403, 403, 403, 403,   403, 403, 403, 403),
        "directory_editor":     (404, 404, 404, 404,   404, 404, 404, 404),
        "auditor":              (404, 404, 200, 200,   404, 404, 200, 200),
        "staff":                (403, 403, 403, 403,   403, 403, 403, 403),
        "other_signaller":      (200, 200, 200, 403,   404, 404, 404, 404),
        "other_coordinator":    (404, 404, 200, 200,   404, 404, 404, 404),
        "other_provider":       (404, 404, 404, 403,   404, 404, 404, 404),
    }),
    ("GET", "api/v1/referrals/{pk}/matches/"): Expect(("pending", "accepted"), {
        #                        own: pend acc   foreign: pend acc
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (403, 403,   404, 404),
        "coordinator":          (200, 200,   404, 404),
        "national_coordinator": (200, 200,   200, 200),
        "provider":             (404, 403,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (403, 403,   404, 404),
        "other_coordinator":    (200, 200,   404, 404),
        "other_provider":       (404, 403,   404, 404),
    }),
    ("GET", "api/v1/referrals/{pk}/routes/"): Expect(("pending", "accepted"), {
        #                        own: pend acc   foreign: pend acc
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (403, 403,   404, 404),
        "coordinator":          (200, 200,   404, 404),
        "national_coordinator": (200, 200,   200, 200),
        "provider":             (404, 200,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (403, 403,   404, 404),
        "other_coordinator":    (200, 200,   404, 404),
        "other_provider":       (404, 200,   404, 404),
    }),
    ("POST", "api/v1/referrals/{pk}/routes/"): Expect(("pending", "accepted", "closed"), {
        #                        own: pend acc closed   foreign: pend acc closed
        "anonymous":            (401, 401, 401,   401, 401, 401),
        "signaller":            (403, 403, 403,   404, 404, 404),
        "coordinator":          (409, 201, 409,   404, 404, 404),
        "national_coordinator": (409, 201, 409,   409, 201, 409),
        "provider":             (404, 403, 403,   404, 404, 404),
        "analyst":              (403, 403, 403,   403, 403, 403),
        "directory_editor":     (404, 404, 404,   404, 404, 404),
        "auditor":              (404, 404, 404,   404, 404, 404),
        "staff":                (403, 403, 403,   403, 403, 403),
        "other_signaller":      (403, 403, 403,   404, 404, 404),
        "other_coordinator":    (409, 201, 409,   404, 404, 404),
        "other_provider":       (404, 403, 403,   404, 404, 404),
    }),
    ("GET", "api/v1/routes/{pk}/"): Expect(("proposed", "sent"), {
        #                        own: prop sent   foreign: prop sent
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (404, 404,   404, 404),
        "coordinator":          (200, 200,   404, 404),
        "national_coordinator": (200, 200,   200, 200),
        "provider":             (404, 200,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (404, 404,   404, 404),
        "other_coordinator":    (200, 200,   404, 404),
        "other_provider":       (404, 200,   404, 404),
    }),
    ("POST", "api/v1/routes/{pk}/send/"): Expect(("proposed", "sent"), {
        #                        own: prop sent   foreign: prop sent
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (404, 404,   404, 404),
        "coordinator":          (200, 409,   404, 404),
        "national_coordinator": (200, 409,   200, 409),
        "provider":             (404, 403,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (404, 404,   404, 404),
        "other_coordinator":    (200, 409,   404, 404),
        "other_provider":       (404, 403,   404, 404),
    }),
    ("POST", "api/v1/routes/{pk}/accept/"): Expect(("sent", "route_accepted"), {
        #                        own: sent r_acc   foreign: sent r_acc
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (404, 404,   404, 404),
        "coordinator":          (403, 403,   404, 404),
        "national_coordinator": (403, 403,   403, 403),
        "provider":             (200, 409,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (404, 404,   404, 404),
        "other_coordinator":    (403, 403,   404, 404),
        "other_provider":       (200, 409,   404, 404),
    }),
    ("POST", "api/v1/routes/{pk}/decline/"): Expect(("sent", "route_accepted"), {
        #                        own: sent r_acc   foreign: sent r_acc
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (404, 404,   404, 404),
        "coordinator":          (403, 403,   404, 404),
        "national_coordinator": (403, 403,   403, 403),
        "provider":             (200, 409,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (404, 404,   404, 404),
        "other_coordinator":    (403, 403,   404, 404),
        "other_provider":       (200, 409,   404, 404),
    }),
    ("POST", "api/v1/routes/{pk}/complete/"): Expect(("sent", "route_accepted"), {
        #                        own: sent r_acc   foreign: sent r_acc
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (404, 404,   404, 404),
        "coordinator":          (403, 403,   404, 404),
        "national_coordinator": (403, 403,   403, 403),
        "provider":             (409, 200,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (404, 404,   404, 404),
        "other_coordinator":    (403, 403,   404, 404),
        "other_provider":       (409, 200,   404, 404),
    }),
    # Handovers (DESIGN §7): the issuing and the receiving organisation and CoMensha see one.
    # h_acceptance: police (signaller) -> its region's care coordination; h_route: the care
    # coordination -> the region's shelter. Both documents are rendered.
    ("GET", "api/v1/handovers/"): Expect((), {
        "anonymous":            (401,),
        "signaller":            (200,),
        "coordinator":          (200,),
        "national_coordinator": (200,),
        "provider":             (200,),
        "analyst":              (403,),
        "directory_editor":     (200,),  # sees none: an empty list
        "auditor":              (200,),  # sees none: an empty list
        "staff":                (403,),
        "other_signaller":      (200,),
        "other_coordinator":    (200,),
        "other_provider":       (200,),
    }),
    ("GET", "api/v1/handovers/{pk}/"): Expect(("h_acceptance", "h_route"), {
        #                        own: h_acc h_route   foreign: h_acc h_route
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (200, 404,   404, 404),
        "coordinator":          (200, 200,   404, 404),
        "national_coordinator": (200, 200,   200, 200),
        "provider":             (404, 200,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (200, 404,   404, 404),
        "other_coordinator":    (200, 200,   404, 404),
        "other_provider":       (404, 200,   404, 404),
    }),
    ("GET", "api/v1/handovers/{pk}/pdf/"): Expect(("h_acceptance", "h_route"), {
        #                        own: h_acc h_route   foreign: h_acc h_route
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (200, 404,   404, 404),
        "coordinator":          (200, 200,   404, 404),
        "national_coordinator": (200, 200,   200, 200),
        "provider":             (404, 200,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (200, 404,   404, 404),
        "other_coordinator":    (200, 200,   404, 404),
        "other_provider":       (404, 200,   404, 404),
    }),
    # Only a member of the recipient organisation acknowledges; the issuer and CoMensha see it (403).
    ("POST", "api/v1/handovers/{pk}/acknowledge/"): Expect(("h_acceptance", "h_route"), {
        #                        own: h_acc h_route   foreign: h_acc h_route
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (403, 404,   404, 404),
        "coordinator":          (200, 403,   404, 404),
        "national_coordinator": (403, 403,   403, 403),
        "provider":             (404, 200,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (403, 404,   404, 404),
        "other_coordinator":    (200, 403,   404, 404),
        "other_provider":       (404, 200,   404, 404),
    }),
    # Re-issue: CoMensha, or a coordinator of the organisation handling the referral (ADR 0009).
    ("POST", "api/v1/handovers/{pk}/reissue/"): Expect(("h_acceptance", "h_route"), {
        #                        own: h_acc h_route   foreign: h_acc h_route
        "anonymous":            (401, 401,   401, 401),
        "signaller":            (403, 404,   404, 404),
        "coordinator":          (201, 201,   404, 404),
        "national_coordinator": (201, 201,   201, 201),
        "provider":             (404, 403,   404, 404),
        "analyst":              (403, 403,   403, 403),
        "directory_editor":     (404, 404,   404, 404),
        "auditor":              (404, 404,   404, 404),
        "staff":                (403, 403,   403, 403),
        "other_signaller":      (403, 404,   404, 404),
        "other_coordinator":    (201, 201,   404, 404),
        "other_provider":       (404, 403,   404, 404),
    }),
    # Anyone holding a file may have it checked (DESIGN §7), signed in or not.
    ("POST", "api/v1/handovers/verify/"): Expect((), {
        "anonymous":            (200,),
        "signaller":            (200,),
        "coordinator":          (200,),
        "national_coordinator": (200,),
        "provider":             (200,),
        "analyst":              (200,),
        "directory_editor":     (200,),
        "auditor":              (200,),
        "staff":                (200,),
        "other_signaller":      (200,),
        "other_coordinator":    (200,),
        "other_provider":       (200,),
    }),
    ("GET", "api/v1/audit/verify/"): Expect((), {
        "anonymous":            (401,),
        "signaller":            (403,),
        "coordinator":          (403,),
        "national_coordinator": (403,),
        "provider":             (403,),
        "analyst":              (403,),
        "directory_editor":     (403,),
        "auditor":              (200,),
        "staff":                (403,),
        "other_signaller":      (403,),
        "other_coordinator":    (403,),
        "other_provider":       (403,),
    }),
    ("GET", "api/v1/audit/access/"): Expect((), {
        "anonymous":            (401,),
        "signaller":            (403,),
        "coordinator":          (403,),
        "national_coordinator": (403,),
        "provider":             (403,),
        "analyst":              (403,),
        "directory_editor":     (403,),
        "auditor":              (200,),
        "staff":                (403,),
        "other_signaller":      (403,),
        "other_coordinator":    (403,),
        "other_provider":       (403,),
    }),
}
# fmt: on

#: Cells where MATRIX states DESIGN's rule and the implementation is known to answer otherwise.
KNOWN_WRONG: dict[tuple[Endpoint, str, str], str] = {}

REASON = {"reason": "Geen capaciteit deze week."}


def _reassign_body(world: World, thing: Thing | None, side: str) -> dict[str, Any]:
    assert thing is not None
    return {"organisation": world.coordination[OTHER_SIDE[thing.side]]}


def _propose_body(world: World, thing: Thing | None, side: str) -> dict[str, Any]:
    assert thing is not None
    return {"need": "legal_aid", "service": world.services[thing.side]}


#: Valid request bodies (query parameters for GET), from the world, the object and the caller's side.
BODIES: dict[Endpoint, Callable[[World, Thing | None, str], dict[str, Any]]] = {
    ("POST", "api/v1/referrals/"): lambda world, thing, side: referral_data(region_code=side),
    ("PATCH", "api/v1/referrals/{pk}/"): lambda world, thing, side: {"urgency": "urgent"},
    ("POST", "api/v1/referrals/{pk}/decline/"): lambda world, thing, side: REASON,
    ("POST", "api/v1/referrals/{pk}/reassign/"): _reassign_body,
    ("POST", "api/v1/referrals/{pk}/withdraw/"): lambda world, thing, side: REASON,
    ("POST", "api/v1/referrals/{pk}/phase/"): lambda world, thing, side: {"phase": "C"},
    ("POST", "api/v1/referrals/{pk}/close/"): lambda world, thing, side: {"outcome": "support_completed"},
    ("GET", "api/v1/referrals/{pk}/matches/"): lambda world, thing, side: {"need": "shelter"},
    ("POST", "api/v1/referrals/{pk}/routes/"): _propose_body,
    ("POST", "api/v1/routes/{pk}/decline/"): lambda world, thing, side: REASON,
    ("POST", "api/v1/handovers/verify/"): lambda world, thing, side: {
        "file": SimpleUploadedFile("overdracht.pdf", b"%PDF-1.7 not one of ours", "application/pdf")
    },
}

#: Endpoints whose bodies are not JSON.
MULTIPART = {("POST", "api/v1/handovers/verify/")}


# --- discovering the endpoints ------------------------------------------------------

_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()\\]|\\.)*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _route_of(pattern: URLPattern | URLResolver) -> str:
    """A pattern as a readable route: regex groups and path converters become ``{name}``."""
    text = _CONVERTER.sub(r"{\1}", _NAMED_GROUP.sub(r"{\1}", str(pattern.pattern)))
    return text.replace("^", "").replace("$", "")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = prefix + _route_of(pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        else:
            yield route, pattern


def _methods(route: str, pattern: URLPattern) -> set[str]:
    """The HTTP methods a view answers: a viewset's bound actions, or an APIView's handlers."""
    callback = pattern.callback
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    assert view_class is not None, f"{route}: a function view; the matrix cannot tell its methods"
    allowed = {name for name in view_class.http_method_names if name not in IGNORED_METHODS}
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return {name.upper() for name in actions if name in allowed}
    return {name.upper() for name in allowed if hasattr(view_class, name)}


def discovered_endpoints() -> set[Endpoint]:
    found: set[Endpoint] = set()
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(PREFIXES):
            assert "(" not in route, f"cannot read the route {pattern.pattern!r}"
            found.update((method, route) for method in _methods(route, pattern))
    return found


def test_every_endpoint_is_in_the_matrix() -> None:
    missing = sorted(discovered_endpoints() - set(MATRIX))
    assert not missing, f"decide who may call these and list them in MATRIX: {missing}"


def test_the_matrix_lists_only_endpoints_that_exist() -> None:
    gone = sorted(set(MATRIX) - discovered_endpoints())
    assert not gone, f"these are no longer in the URL configuration; remove them from MATRIX: {gone}"


def test_every_entry_has_a_row_for_every_actor() -> None:
    for endpoint, expect in MATRIX.items():
        assert set(expect.rows) == set(ACTORS), endpoint
        for actor, row in expect.rows.items():
            assert len(row) == len(expect.columns), (endpoint, actor)
    for endpoint, actor, column in KNOWN_WRONG:
        columns = [f"{relation} {state}".strip() for relation, state in MATRIX[endpoint].columns]
        assert actor in ACTORS, (endpoint, actor)
        assert column in columns, (endpoint, actor, column)
    assert set(BODIES) <= set(MATRIX)


# --- the objects the cells act on ---------------------------------------------------


@dataclass(frozen=True)
class Thing:
    """A referral (and, where the state has one, the route of interest) at one side."""

    side: str
    referral: str
    route: str | None = None
    handover: str | None = None


def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    return body


@dataclass
class World:
    """The cast at two sides, north (ours) and south (the twins'), and objects built on demand."""

    cast: Cast
    flow: Flow
    services: dict[str, str] = field(default_factory=dict)
    coordination: dict[str, str] = field(default_factory=dict)
    _things: dict[tuple[str, str], Thing] = field(default_factory=dict)
    _anonymous: APIClient = field(default_factory=APIClient)

    def __post_init__(self) -> None:
        cast = self.cast
        for side, shelter, region, coordination in (
            ("north", cast.shelter_north, cast.north, cast.coordination_north),
            ("south", cast.shelter_south, cast.south, cast.coordination_south),
        ):
            service = ServiceFactory(organisation=shelter, needs=["shelter", "legal_aid"], regions=[region])
            self.services[side] = str(service.pk)
            self.coordination[side] = str(coordination.pk)

    def user(self, actor: str) -> User | None:
        if actor == "anonymous":
            return None
        if actor == "staff":
            return self.cast.staff
        if actor.startswith("other_"):
            twin: User = self.cast.twins[actor.removeprefix("other_")]
            return twin
        return self.cast[actor]

    def client(self, actor: str) -> APIClient:
        user = self.user(actor)
        if user is None:
            return self._anonymous
        client: APIClient = self.flow.client(user)
        return client

    def _acting(self, side: str, role: str) -> User:
        """The ``role`` of ``side``: ours at north, the twin at south."""
        user = self.user(role if side == "north" else f"other_{role}")
        assert user is not None
        return user

    def thing(self, state: str, side: str) -> Thing:
        """The object in ``state`` at ``side``, built once; the cells roll their changes back."""
        if (state, side) not in self._things:
            self._things[state, side] = self.build(state, side)
        return self._things[state, side]

    def build(self, state: str, side: str) -> Thing:
        signaller = self._acting(side, "signaller")
        coordinator = self._acting(side, "coordinator")
        if state == "draft":
            return Thing(side, self.flow.create(signaller, region_code=side)["id"])
        if state == "withdrawn":
            draft = self.build("draft", side)
            _ok(self.flow.act(signaller, draft.referral, "withdraw", REASON))
            return draft
        if state == "pending":
            draft = self.build("draft", side)
            _ok(self.flow.act(signaller, draft.referral, "submit"))
            return Thing(side, draft.referral)
        if state in {"accepted", "sent"}:
            pending = self.build("pending", side)
            _ok(self.flow.act(coordinator, pending.referral, "accept"))
            route = self._propose(side, pending.referral, "shelter")
            _ok(self.flow.client(coordinator).post(f"/api/v1/routes/{route}/send/"))
            return Thing(side, pending.referral, route)
        if state == "closed":
            accepted = self.build("accepted", side)
            _ok(self.flow.act(coordinator, accepted.referral, "close", {"outcome": "support_completed"}))
            return accepted
        if state == "proposed":
            accepted = self.build("accepted", side)
            return Thing(side, accepted.referral, self._propose(side, accepted.referral, "legal_aid"))
        if state in {"h_acceptance", "h_route"}:
            accepted = self.build("accepted", side)
            kind = "acceptance" if state == "h_acceptance" else "route"
            handover = Handover.objects.get(referral_id=accepted.referral, kind=kind)
            assert handover_render(handover_id=handover.id, final=True) == "ready"
            return Thing(side, accepted.referral, accepted.route, str(handover.id))
        if state == "route_accepted":
            sent = self.build("sent", side)
            _ok(self.flow.client(self._acting(side, "provider")).post(f"/api/v1/routes/{sent.route}/accept/"))
            return sent
        raise AssertionError(f"unknown state {state!r}")

    def _propose(self, side: str, referral: str, need: str) -> str:
        client = self.flow.client(self._acting(side, "coordinator"))
        body = {"need": need, "service": self.services[side]}
        route: str = _ok(client.post(f"/api/v1/referrals/{referral}/routes/", body, format="json"), 201)["id"]
        return route

    def call(self, endpoint: Endpoint, actor: str, relation: str, state: str) -> Any:
        """One cell: the actor calls the endpoint on its own or the foreign object; rolled back after."""
        method, route = endpoint
        own_side = SIDE_OF.get(actor, "north")
        thing = None
        url = "/" + route
        if state:
            thing = self.thing(state, own_side if relation == "own" else OTHER_SIDE[own_side])
            if route.startswith("api/v1/handovers/"):
                pk = thing.handover
            else:
                pk = thing.route if route.startswith("api/v1/routes/") else thing.referral
            assert pk is not None, f"state {state!r} has no route for {route}"
            url = "/" + route.format(pk=pk)
        body = BODIES[endpoint](self, thing, own_side) if endpoint in BODIES else {}
        client = self.client(actor)
        savepoint = transaction.savepoint()
        try:
            if method == "GET":
                return client.get(url, body)
            kind = "multipart" if endpoint in MULTIPART else "json"
            return getattr(client, method.lower())(url, body, format=kind)
        finally:
            transaction.savepoint_rollback(savepoint)


@pytest.fixture
def world(cast: Cast, flow: Flow) -> World:
    return World(cast, flow)


# --- the matrix ---------------------------------------------------------------------


def _describe(response: Any) -> str:
    try:
        return str(response.json().get("code", ""))
    except (ValueError, AttributeError):
        return ""


@pytest.mark.parametrize("endpoint", list(MATRIX), ids=[f"{method} {route}" for method, route in MATRIX])
def test_matrix(endpoint: Endpoint, world: World) -> None:
    """Every actor and object situation of one endpoint; all cells are checked before failing."""
    expect = MATRIX[endpoint]
    wrong: list[str] = []
    known: dict[str, str] = {}  # line -> reason
    for actor in ACTORS:
        for (relation, state), status in zip(expect.columns, expect.rows[actor], strict=True):
            response = world.call(endpoint, actor, relation, state)
            column = f"{relation} {state}".strip()
            reason = KNOWN_WRONG.get((endpoint, actor, column))
            line = f"{actor:<22} {column:<20} expected {status}, got {response.status_code} {_describe(response)}"
            if response.status_code != status and reason is None:
                wrong.append(line)
            elif response.status_code != status and reason is not None:
                known[line] = reason
            elif reason is not None:
                wrong.append(line + "  <- fixed: remove the cell from KNOWN_WRONG")
    assert not wrong, f"{endpoint[0]} {endpoint[1]}\n" + "\n".join(wrong)
    if known:
        pytest.xfail("; ".join(sorted(set(known.values()))) + "\n" + "\n".join(known))


# --- what the status codes cannot show ------------------------------------------------


def test_the_list_shows_exactly_the_referrals_the_detail_shows(world: World) -> None:
    """The list and the detail both start from restrict(): for every actor they agree."""
    states = ("draft", "withdrawn", "pending", "accepted", "closed", "route_accepted")
    things = [world.thing(state, side) for state in states for side in ("north", "south")]
    for actor in ACTORS:
        if MATRIX["GET", "api/v1/referrals/"].rows[actor] != (200,):
            continue
        client = world.client(actor)
        listed = {row["id"] for row in _ok(client.get("/api/v1/referrals/", {"page_size": 200}))["results"]}
        shown = {
            thing.referral for thing in things if client.get(f"/api/v1/referrals/{thing.referral}/").status_code == 200
        }
        assert listed == shown, actor


def test_history_shows_a_provider_no_more_than_the_referral_does(world: World) -> None:
    thing = world.thing("accepted", "north")
    summary = "Na het tweede gesprek bleek dat zij ook in de schoonmaak werkte."
    coordinator = world.client("coordinator")
    _ok(coordinator.patch(f"/api/v1/referrals/{thing.referral}/", {"summary": summary}, format="json"))
    provider = world.client("provider")
    assert "summary" not in _ok(provider.get(f"/api/v1/referrals/{thing.referral}/"))
    history = provider.get(f"/api/v1/referrals/{thing.referral}/history/")
    assert history.status_code == 403
    assert summary not in history.content.decode()
