"""A stateful test of the referral lifecycle: random actions by random actors, straight through the services.

The machine keeps its own small model of every referral and route, written from DESIGN §3 (who sees
what) and §5 / ``referrals/transitions.py`` (which step, from which status, by which role). Each
rule predicts the answer before it calls the service: success, 404 (the actor cannot see the
referral), 403 (role or organisation forbids), 409 (the status forbids) or 400 (a bad argument),
and asserts that the service answered exactly that. After every step the invariants compare the
database with the model: statuses, assignment, the history (simple-history rows and events, with
the actor of the last change) and, for every user of the cast, which referrals ``restrict`` shows.

Each example runs in a savepoint that ``teardown`` rolls back, inside pytest-django's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

import pytest
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from hypothesis import HealthCheck, settings
from hypothesis import Phase as HypothesisPhase
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from audit.verify import verify
from directory.models import Organisation
from directory.vocabulary import Phase
from nvm.errors import DomainError
from referrals import services
from referrals.models import Outcome, Referral, ReferralEvent, Route, Status, Urgency
from tests.factories import RegionFactory, ServiceFactory

T = TypeVar("T")

OK = 200  # the predicted "answer" of a service call that succeeds

# --- the rules, restated independently of the implementation --------------------------------------

SIGNALLER = "signaller"
COORDINATOR = "coordinator"
NATIONAL = "national_coordinator"
PROVIDER = "provider"
COORDINATORS = frozenset({COORDINATOR, NATIONAL})

#: Route statuses in which the receiving organisation works with (and so sees) the referral.
PROVIDER_SEES_ROUTE = frozenset({"sent", "accepted", "completed"})
#: From which route status each route action starts, and where it leads.
ROUTE_STEPS = {
    "send": ("proposed", "sent"),
    "accept": ("sent", "accepted"),
    "decline": ("sent", "declined"),
    "complete": ("accepted", "completed"),
}

#: Every actor of the cast, by name: ``cast.users`` by role, ``cast.twins`` as ``other_<role>``, ``staff``.
ACTORS = [
    SIGNALLER,
    COORDINATOR,
    NATIONAL,
    PROVIDER,
    "analyst",
    "directory_editor",
    "auditor",
    "other_signaller",
    "other_coordinator",
    "other_provider",
    "staff",
]

REGIONS = ["north", "south", "east"]  # east has no care coordinator: its referrals go to CoMensha
NEED_SETS = [("shelter", "legal_aid"), ("shelter",), ("legal_aid", "medical_care")]
ROUTE_NEEDS = ["shelter", "legal_aid", "medical_care"]
REASSIGN_TO = ["coordination_north", "coordination_south", "comensha", "shelter_north"]
SERVICES = ["north", "south", "hidden"]


#: A pseudo-actor: the one the model thinks may take the step (so that the machine gets deep);
#: every other draw is any actor of the cast, so that refusals are tried as often.
FIT = "fit"
ANYONE = st.one_of(st.just(FIT), st.sampled_from(ACTORS))

#: How far ``initialize`` drives a referral before the random steps begin.
STAGES = ["draft", "withdrawn", "pending", "declined", "accepted", "routed", "taken", "refused", "closed", "reopened"]


@dataclass(eq=False)
class RouteModel:
    pk: uuid.UUID
    referral: RefModel
    need: str
    organisation: uuid.UUID
    last_actor: uuid.UUID
    status: str = "proposed"
    history_rows: int = 1

    def __repr__(self) -> str:
        return f"<route {self.need} of {self.referral.label}: {self.status}>"


@dataclass(eq=False)
class RefModel:
    """What the model believes about one referral."""

    pk: uuid.UUID
    label: str
    region: str
    signalling_organisation: uuid.UUID
    needs: tuple[str, ...]
    last_actor: uuid.UUID
    status: str = "draft"
    submitted: bool = False
    assigned_organisation: uuid.UUID | None = None
    assigned_to: uuid.UUID | None = None
    phase: str = "A"
    outcome: str = ""
    history_rows: int = 1
    events: int = 1
    last_event: str = "created"
    routes: list[RouteModel] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<{self.label} {self.region} {self.status}>"


@dataclass
class World:
    """The fixed people, places and services every example starts from."""

    actors: dict[str, User]
    organisations: dict[str, Organisation]
    regions: dict[str, Any]
    services: dict[str, Any]  # Service rows made by the factory
    service_needs: dict[str, frozenset[str]]
    service_published: dict[str, bool]
    region_coordinator: dict[str, uuid.UUID]
    national: uuid.UUID

    @classmethod
    def build(cls, cast: Any) -> World:
        east = RegionFactory(code="east", name="Oost")
        organisations = {
            name: getattr(cast, name)
            for name in ("comensha", "coordination_north", "coordination_south", "shelter_north", "shelter_south")
        }
        made = {
            "north": ServiceFactory(
                organisation=cast.shelter_north, needs=["shelter", "legal_aid"], regions=[cast.north, cast.south]
            ),
            "south": ServiceFactory(organisation=cast.shelter_south, needs=["shelter"], regions=[cast.south]),
            "hidden": ServiceFactory(
                organisation=cast.shelter_north, needs=["shelter", "legal_aid"], regions=[cast.north], published=False
            ),
        }
        return cls(
            actors={
                **cast.users,
                **{f"other_{role}": user for role, user in cast.twins.items()},
                "staff": cast.staff,
            },
            organisations=organisations,
            regions={"north": cast.north, "south": cast.south, "east": east},
            services=made,
            service_needs={
                "north": frozenset({"shelter", "legal_aid"}),
                "south": frozenset({"shelter"}),
                "hidden": frozenset({"shelter", "legal_aid"}),
            },
            service_published={"north": True, "south": True, "hidden": False},
            region_coordinator={
                "north": cast.coordination_north.pk,
                "south": cast.coordination_south.pk,
                "east": cast.comensha.pk,
            },
            national=cast.comensha.pk,
        )


def sees(user: User, referral: RefModel) -> bool:
    """DESIGN §3: who may see a referral at all (everything else answers 404)."""
    role = user.role
    if not role or user.organisation_id is None:
        return False
    if role == SIGNALLER:
        return referral.signalling_organisation == user.organisation_id  # also after acceptance (status only)
    if role == COORDINATOR:
        return referral.submitted and referral.assigned_organisation == user.organisation_id
    if role == NATIONAL:
        return referral.submitted  # every referral that left the signaller; a draft stays theirs
    if role == PROVIDER:
        return any(
            route.organisation == user.organisation_id and route.status in PROVIDER_SEES_ROUTE
            for route in referral.routes
        )
    return False  # analyst, directory editor, auditor (history only), staff without a case role


def sees_route(user: User, route: RouteModel) -> bool:
    """Routes are for those who handle the referral and the provider a route was sent to; a signaller's
    closed loop does not tell where the person went."""
    if user.role not in {COORDINATOR, NATIONAL, PROVIDER} or not sees(user, route.referral):
        return False
    if user.role == PROVIDER:
        return route.organisation == user.organisation_id and route.status in PROVIDER_SEES_ROUTE
    return True


def gate(user: User, referral: RefModel, roles: frozenset[str], sources: set[str]) -> int:
    """The common checks of a lifecycle step: visible (404), role (403), status (409)."""
    if not sees(user, referral):
        return 404
    if user.role not in roles:
        return 403
    if referral.status not in sources:
        return 409
    return OK


def handles(user: User, referral: RefModel) -> bool:
    """A coordinator acts for their own organisation; the national coordinator for every region."""
    return user.role == NATIONAL or referral.assigned_organisation == user.organisation_id


def answer(expected: int) -> str:
    return "success" if expected == OK else str(expected)


# --- the machine ------------------------------------------------------------------------------------


class ReferralLifecycle(RuleBasedStateMachine):
    referrals = Bundle("referrals")

    world: ClassVar[World]  # set on the subclass that the test makes once the cast exists

    def __init__(self) -> None:
        super().__init__()
        self.models: list[RefModel] = []
        self.route_models: list[RouteModel] = []
        self.savepoint = transaction.savepoint()

    def teardown(self) -> None:
        # Every write of the example joined one unbroken audit chain, each row matching its entry.
        result = verify()
        assert result.valid, f"audit chain: {result.problem}"
        transaction.savepoint_rollback(self.savepoint)

    # --- helpers --------------------------------------------------------------

    def user(self, name: str) -> User:
        return self.world.actors[name]

    def attempt(self, expected: int, call: Callable[[], T], what: str) -> T | None:
        """Call a service; assert it answered as predicted. Returns the result on success."""
        try:
            result = call()
        except Http404:
            got = 404
        except DomainError as error:
            got = error.status_code
        else:
            got = OK
        assert got == expected, f"{what}: the model predicted {answer(expected)}, the service answered {answer(got)}"
        return result if got == OK else None

    def changed(self, referral: RefModel, user: User, event: str) -> None:
        referral.history_rows += 1
        referral.events += 1
        referral.last_actor = user.pk
        referral.last_event = event

    @staticmethod
    def handed_over(referral: RefModel) -> None:
        """Acceptance, reassignment and a sent route also issue a handover: one more event, same actor."""
        referral.events += 1
        referral.last_event = "handover_issued"

    def author(self, referral: RefModel) -> str:
        """The signaller of the referral's own organisation."""
        ours = referral.signalling_organisation == self.user(SIGNALLER).organisation_id
        return SIGNALLER if ours else "other_signaller"

    def handler(self, referral: RefModel) -> str:
        """The coordinator of the assigned organisation; the national coordinator for CoMensha (or nobody)."""
        regional = {self.user(name).organisation_id: name for name in (COORDINATOR, "other_coordinator")}
        return regional.get(referral.assigned_organisation, NATIONAL)

    def provider_of(self, route: RouteModel) -> str:
        return PROVIDER if route.organisation == self.user(PROVIDER).organisation_id else "other_provider"

    @staticmethod
    def fetch(referral: RefModel) -> Referral:
        return Referral.objects.get(pk=referral.pk)

    def create(self, name: str, region: str, needs: tuple[str, ...], urgency: str) -> RefModel | None:
        user = self.user(name)
        expected = OK if user.role == SIGNALLER else 403
        data = {
            "region": self.world.regions[region],
            "gender": "female",
            "age_group": "adult",
            "nationality": "RO",
            "exploitation_forms": ["sexual"],
            "needs": list(needs),
            "urgency": urgency,
            "consent": "given",
            "languages": ["ro"],
            "summary": "Aangetroffen bij een controle in een massagesalon; werkte 12 uur per dag.",
        }
        made = self.attempt(expected, lambda: services.referral_create(actor=user, data=data), f"create by {name}")
        if made is None:
            return None
        model = RefModel(
            pk=made.pk,
            label=f"r{len(self.models)}",
            region=region,
            signalling_organisation=made.signalling_organisation_id,
            needs=needs,
            last_actor=user.pk,
        )
        self.models.append(model)
        return model

    # --- rules ----------------------------------------------------------------

    def start(self, region: str, needs: tuple[str, ...], stage: str) -> RefModel:
        """A referral driven to ``stage`` by the actors who may (each step still checked against the model)."""
        model = self.create("other_signaller" if region == "south" else SIGNALLER, region, needs, Urgency.NORMAL)
        assert model is not None
        if stage == "withdrawn":
            self.withdraw(model, FIT)
        if stage in {"draft", "withdrawn"}:
            return model
        self.submit(model, FIT)
        if stage == "declined":
            self.decline(model, FIT)  # refused (409) where CoMensha already has it: east has no coordinator
        if stage in {"pending", "declined"}:
            return model
        self.accept(model, FIT)
        if stage in {"routed", "taken", "refused"}:
            self.route_propose(model, FIT, FIT, FIT)
            self.act_on(model.routes[-1], FIT, "send")
        if stage == "taken":
            self.act_on(model.routes[-1], FIT, "accept")  # by the provider it was sent to
        if stage == "refused":
            self.act_on(model.routes[-1], FIT, "decline")
        if stage in {"closed", "reopened"}:
            self.close(model, FIT, Outcome.SUPPORT_COMPLETED)
        if stage == "reopened":
            self.reopen(model, FIT)
        return model

    @initialize(
        target=referrals,
        region=st.sampled_from(REGIONS),
        needs=st.sampled_from(NEED_SETS),
        stage=st.sampled_from(STAGES),
    )
    def start_one(self, region: str, needs: tuple[str, ...], stage: str) -> RefModel:
        return self.start(region, needs, stage)

    @initialize(
        target=referrals,
        region=st.sampled_from(REGIONS),
        needs=st.sampled_from(NEED_SETS),
        stage=st.sampled_from(STAGES),
    )
    def start_two(self, region: str, needs: tuple[str, ...], stage: str) -> RefModel:
        return self.start(region, needs, stage)

    @rule(
        target=referrals,
        actor=ANYONE,
        region=st.sampled_from(REGIONS),
        needs=st.sampled_from(NEED_SETS),
        urgency=st.sampled_from(Urgency.values),
    )
    def create_referral(self, actor: str, region: str, needs: tuple[str, ...], urgency: str) -> Any:
        if actor == FIT:
            actor = "other_signaller" if region == "south" else SIGNALLER
        model = self.create(actor, region, needs, urgency)
        return multiple() if model is None else model

    @rule(referral=referrals, actor=ANYONE)
    def submit(self, referral: RefModel, actor: str) -> None:
        actor = self.author(referral) if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, frozenset({SIGNALLER}), {"draft"})
        done = self.attempt(
            expected,
            lambda: services.referral_submit(referral=self.fetch(referral), actor=user),
            f"submit {referral} by {actor}",
        )
        if done is not None:
            referral.status = "pending"
            referral.submitted = True
            referral.assigned_organisation = self.world.region_coordinator[referral.region]
            self.changed(referral, user, "submitted")

    @rule(referral=referrals, actor=ANYONE)
    def accept(self, referral: RefModel, actor: str) -> None:
        actor = self.handler(referral) if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, COORDINATORS, {"pending"})
        if expected == OK and not handles(user, referral):
            expected = 403
        done = self.attempt(
            expected,
            lambda: services.referral_accept(referral=self.fetch(referral), actor=user),
            f"accept {referral} by {actor}",
        )
        if done is not None:
            referral.status = "accepted"
            referral.assigned_organisation = user.organisation_id
            referral.assigned_to = user.pk
            self.changed(referral, user, "accepted")
            self.handed_over(referral)

    @rule(referral=referrals, actor=ANYONE)
    def decline(self, referral: RefModel, actor: str) -> None:
        actor = self.handler(referral) if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, COORDINATORS, {"pending"})
        if expected == OK and not handles(user, referral):
            expected = 403
        if expected == OK and referral.assigned_organisation == self.world.national:
            expected = 409  # a decline sends it to CoMensha, which cannot hand it back to itself
        done = self.attempt(
            expected,
            lambda: services.referral_decline(referral=self.fetch(referral), actor=user, reason="Geen capaciteit."),
            f"decline {referral} by {actor}",
        )
        if done is not None:
            referral.assigned_organisation = self.world.national
            self.changed(referral, user, "declined")

    @rule(referral=referrals, actor=ANYONE, to=st.sampled_from(REASSIGN_TO))
    def reassign(self, referral: RefModel, actor: str, to: str) -> None:
        actor = NATIONAL if actor == FIT else actor
        user = self.user(actor)
        organisation = self.world.organisations[to]
        expected = gate(user, referral, frozenset({NATIONAL}), {"pending", "accepted"})
        if expected == OK and (to == "shelter_north" or organisation.pk == referral.assigned_organisation):
            expected = 400  # only to another care-coordinating organisation
        done = self.attempt(
            expected,
            lambda: services.referral_reassign(referral=self.fetch(referral), actor=user, organisation=organisation),
            f"reassign {referral} to {to} by {actor}",
        )
        if done is not None:
            referral.status = "pending"
            referral.assigned_organisation = organisation.pk
            referral.assigned_to = None
            self.changed(referral, user, "reassigned")
            self.handed_over(referral)

    @rule(referral=referrals, actor=ANYONE)
    def withdraw(self, referral: RefModel, actor: str) -> None:
        actor = self.author(referral) if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, frozenset({SIGNALLER}), {"draft"})  # a draft it will not submit
        done = self.attempt(
            expected,
            lambda: services.referral_withdraw(referral=self.fetch(referral), actor=user, reason="Dubbele melding."),
            f"withdraw {referral} by {actor}",
        )
        if done is not None:
            referral.status = "withdrawn"
            self.changed(referral, user, "withdrawn")

    @rule(
        referral=referrals,
        actor=ANYONE,
        phase=st.sampled_from(Phase.values),
    )
    def set_phase(self, referral: RefModel, actor: str, phase: str) -> None:
        actor = self.handler(referral) if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, COORDINATORS, {"pending", "accepted"})
        if expected == OK and not handles(user, referral):
            expected = 403
        done = self.attempt(
            expected,
            lambda: services.referral_set_phase(referral=self.fetch(referral), actor=user, phase=phase),
            f"set phase {phase} on {referral} by {actor}",
        )
        if done is not None and referral.phase != phase:  # the same phase again changes nothing
            referral.phase = phase
            self.changed(referral, user, "phase_changed")

    @rule(
        referral=referrals,
        actor=ANYONE,
        outcome=st.sampled_from(Outcome.values),
    )
    def close(self, referral: RefModel, actor: str, outcome: str) -> None:
        actor = self.handler(referral) if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, COORDINATORS, {"accepted"})
        if expected == OK and not handles(user, referral):
            expected = 403
        done = self.attempt(
            expected,
            lambda: services.referral_close(referral=self.fetch(referral), actor=user, outcome=outcome),
            f"close {referral} by {actor}",
        )
        if done is not None:
            referral.status = "closed"
            referral.outcome = outcome
            self.changed(referral, user, "closed")

    @rule(referral=referrals, actor=ANYONE)
    def reopen(self, referral: RefModel, actor: str) -> None:
        actor = NATIONAL if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, frozenset({NATIONAL}), {"closed"})
        done = self.attempt(
            expected,
            lambda: services.referral_reopen(referral=self.fetch(referral), actor=user),
            f"reopen {referral} by {actor}",
        )
        if done is not None:
            referral.status = "accepted"  # by its last handler: assigned_to stays
            referral.outcome = ""
            self.changed(referral, user, "reopened")

    @rule(
        referral=referrals,
        actor=ANYONE,
        need=st.sampled_from([FIT, *ROUTE_NEEDS]),
        service=st.sampled_from([FIT, *SERVICES]),
    )
    def route_propose(self, referral: RefModel, actor: str, need: str, service: str) -> None:
        if service == FIT:
            service = "south" if "shelter" in referral.needs and referral.region == "south" else "north"
        if need == FIT:
            meets = [code for code in referral.needs if code in self.world.service_needs[service]]
            need = meets[0] if meets else referral.needs[0]
        actor = self.handler(referral) if actor == FIT else actor
        user = self.user(actor)
        expected = gate(user, referral, COORDINATORS, {"accepted"})
        if expected == OK and not handles(user, referral):
            expected = 403
        if expected == OK and (
            need not in referral.needs
            or not self.world.service_published[service]
            or need not in self.world.service_needs[service]
        ):
            expected = 400
        target = self.world.services[service]
        made = self.attempt(
            expected,
            lambda: services.route_propose(referral=self.fetch(referral), actor=user, need=need, service=target),
            f"propose {need} via service {service} for {referral} by {actor}",
        )
        if made is not None:
            route = RouteModel(
                pk=made.pk, referral=referral, need=need, organisation=target.organisation_id, last_actor=user.pk
            )
            referral.routes.append(route)
            self.route_models.append(route)
            self.changed(referral, user, "route_proposed")

    def pick_route(self, data: st.DataObject, actor: str, action: str) -> RouteModel:
        """Any route; the fit actor picks one that its step can start from, where there is one."""
        ready = [route for route in self.route_models if route.status == ROUTE_STEPS[action][0]]
        return data.draw(st.sampled_from(ready if actor == FIT and ready else self.route_models), label="route")

    @precondition(lambda self: bool(self.route_models))
    @rule(data=st.data(), actor=ANYONE)
    def route_send(self, data: st.DataObject, actor: str) -> None:
        self.act_on(self.pick_route(data, actor, "send"), actor, "send")

    @precondition(lambda self: bool(self.route_models))
    @rule(data=st.data(), actor=ANYONE)
    def route_accept(self, data: st.DataObject, actor: str) -> None:
        self.act_on(self.pick_route(data, actor, "accept"), actor, "accept")

    @precondition(lambda self: bool(self.route_models))
    @rule(data=st.data(), actor=ANYONE)
    def route_decline(self, data: st.DataObject, actor: str) -> None:
        self.act_on(self.pick_route(data, actor, "decline"), actor, "decline")

    @precondition(lambda self: bool(self.route_models))
    @rule(data=st.data(), actor=ANYONE)
    def route_complete(self, data: st.DataObject, actor: str) -> None:
        self.act_on(self.pick_route(data, actor, "complete"), actor, "complete")

    def act_on(self, route: RouteModel, actor: str, action: str) -> None:
        if actor == FIT:
            actor = self.handler(route.referral) if action == "send" else self.provider_of(route)
        user = self.user(actor)
        referral = route.referral
        source, target = ROUTE_STEPS[action]
        roles = COORDINATORS if action == "send" else frozenset({PROVIDER})
        if not sees_route(user, route):
            expected = 404
        elif user.role not in roles or (action == "send" and not handles(user, referral)):
            expected = 403
        elif action == "send" and referral.status != "accepted":
            expected = 409  # routes go out only while the referral is accepted
        elif action != "send" and referral.status == "closed":
            expected = 409  # a closed referral's routes no longer change
        elif route.status != source:
            expected = 409
        else:
            expected = OK
        done = self.attempt(
            expected,
            lambda: services.route_act(
                route=Route.objects.get(pk=route.pk), actor=user, action=action, reason="Geen plek vrij."
            ),
            f"route-{action} {route} by {actor}",
        )
        if done is not None:
            route.status = target
            route.history_rows += 1
            route.last_actor = user.pk
            self.changed(referral, user, f"route_{target}")
            if action == "send":
                self.handed_over(referral)

    # --- invariants -------------------------------------------------------------

    @invariant()
    def referrals_are_as_modelled(self) -> None:
        assert Referral.objects.count() == len(self.models), "a refused action must not leave a referral behind"
        rows = {row.pk: row for row in Referral.objects.select_related("assigned_to")}
        for model in self.models:
            row = rows[model.pk]
            assert row.status in Status.values
            if row.status not in {Status.DRAFT, Status.WITHDRAWN}:
                assert row.assigned_organisation_id is not None, f"{model} has no assigned organisation"
            if row.status == Status.ACCEPTED:
                assert row.assigned_to is not None, f"{model} is accepted without a handler"
                assert row.assigned_to.organisation_id in {row.assigned_organisation_id, self.world.national}
            state = (row.status, row.assigned_organisation_id, row.assigned_to_id, row.phase, row.outcome)
            expected = (model.status, model.assigned_organisation, model.assigned_to, model.phase, model.outcome)
            assert state == expected, f"{model}: stored {state}, the model says {expected}"

    @invariant()
    def routes_are_as_modelled(self) -> None:
        stored = dict(Route.objects.values_list("pk", "status"))
        assert stored == {route.pk: route.status for route in self.route_models}
        history = Route.history.model.objects
        rows = dict(history.values("id").annotate(n=Count("history_id")).values_list("id", "n"))
        latest = dict(history.order_by("id", "-history_id").distinct("id").values_list("id", "history_user_id"))
        for route in self.route_models:
            assert rows[route.pk] == route.history_rows, f"{route}: simple-history rows"
            assert latest[route.pk] == route.last_actor, f"{route}: history_user of the latest history row"

    @invariant()
    def every_change_is_in_the_history(self) -> None:
        history = Referral.history.model.objects
        rows = dict(history.values("id").annotate(n=Count("history_id")).values_list("id", "n"))
        events = dict(ReferralEvent.objects.values("referral").annotate(n=Count("id")).values_list("referral", "n"))
        latest_row = dict(history.order_by("id", "-history_id").distinct("id").values_list("id", "history_user_id"))
        latest_event = {
            referral: (actor, event)
            for referral, actor, event in ReferralEvent.objects.order_by("referral", "-id")
            .distinct("referral")
            .values_list("referral", "actor", "event")
        }
        for model in self.models:
            assert rows.get(model.pk, 0) == model.history_rows, f"{model}: simple-history rows"
            assert events.get(model.pk, 0) == model.events, f"{model}: referral events"
            assert latest_row[model.pk] == model.last_actor, f"{model}: history_user of the latest history row"
            assert latest_event[model.pk] == (model.last_actor, model.last_event), f"{model}: latest event"

    @invariant()
    def visibility_follows_design(self) -> None:
        """For every user of the cast, ``restrict`` shows exactly what DESIGN §3 says they see;
        auditors read the history of every submitted referral."""
        wrong = []
        checks = [(name, user, "view") for name, user in self.world.actors.items()]
        checks.append(("auditor", self.user("auditor"), "history"))
        for name, user, action in checks:
            visible = set(Referral.objects.restrict(user, action).values_list("pk", flat=True))
            if action == "history":
                expected = {model.pk for model in self.models if model.submitted}
            else:
                expected = {model.pk for model in self.models if sees(user, model)}
            if visible != expected:
                shown = [model for model in self.models if model.pk in visible - expected]
                hidden = [model for model in self.models if model.pk in expected - visible]
                wrong.append(f"{name} ({action}) sees {shown} that the model hides and misses {hidden}")
        assert not wrong, "; ".join(wrong)


@pytest.mark.django_db
def test_referral_lifecycle_state_machine(cast: Any) -> None:
    world = World.build(cast)
    run_state_machine_as_test(
        type("ReferralLifecycle", (ReferralLifecycle,), {"world": world}),
        settings=settings(
            max_examples=60,
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            database=None,
            # no "explain" phase: it replays the failing run far too slowly against the database
            phases=[HypothesisPhase.explicit, HypothesisPhase.generate, HypothesisPhase.shrink],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
