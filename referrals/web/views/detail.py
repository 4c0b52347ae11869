"""One referral: the detail page with the forms of the actions it offers, and its history."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.models import Role, User
from directory.models import Organisation, Region, Service
from directory.selectors import match_services
from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NationalityGroup, NeedCode, Phase
from directory.web.views import language_name
from referrals.models import (
    Consent,
    EventKind,
    HandoverKind,
    Outcome,
    Referral,
    ReferralEvent,
    Route,
    RouteStatus,
    Status,
    Urgency,
)
from referrals.querysets import View, may_read_history, view_of
from referrals.transitions import ROUTE_TRANSITIONS, ROUTING_STATUSES, TRANSITIONS
from referrals.web.forms import CloseForm, PhaseForm, ReasonForm, ReassignForm, RouteProposeForm
from referrals.web.views.access import _log_read, _user, _visible, case_role_required, forbidden
from referrals.web.views.handovers import handover_cards
from referrals.web.views.words import _label, _labels, is_overdue

if TYPE_CHECKING:
    from django.db.models import TextChoices
    from django_stubs_ext import StrOrPromise

#: Routes that still stand for their need: no new proposal is offered for that need.
ACTIVE_ROUTE_STATUSES = frozenset({RouteStatus.PROPOSED, RouteStatus.SENT, RouteStatus.ACCEPTED, RouteStatus.COMPLETED})

COORDINATOR_ROLES = frozenset({Role.COORDINATOR, Role.NATIONAL_COORDINATOR})

# --- The detail page ------------------------------------------------------------


@dataclass(frozen=True)
class ActionButton:
    """One small POST form: a button, and the fields the action needs."""

    name: str
    url: str
    label: StrOrPromise
    form: forms.Form | None = None
    #: The referral's version the page shows; the action is refused once it is no longer current.
    version: int | None = None


@dataclass(frozen=True)
class RouteCard:
    route: Route
    need_label: str
    actions: list[ActionButton] = field(default_factory=list)


@dataclass(frozen=True)
class Proposal:
    """A need without a standing route, with the services that can help (best first), or a white spot."""

    need: str
    need_label: str
    url: str
    form: RouteProposeForm | None


ACTION_LABELS: dict[str, StrOrPromise] = {
    "submit": _("Indienen bij de zorgcoördinatie"),
    "accept": _("Aannemen"),
    "decline": _("Afwijzen (naar de landelijk coördinator)"),
    "withdraw": _("Intrekken"),
    "phase": _("Fase vastleggen"),
    "close": _("Afsluiten"),
    "reopen": _("Heropenen"),
    "reassign": _("Toewijzen aan een andere zorgcoördinator"),
}

ROUTE_ACTION_LABELS: dict[str, StrOrPromise] = {
    "send": _("Versturen"),
    "accept": _("Doorverwijzing aannemen"),
    "decline": _("Doorverwijzing afwijzen"),
    "complete": _("Hulp afgerond"),
}


def referral_actions(user: User, referral: Referral) -> list[ActionButton]:
    """The lifecycle actions this user may plausibly take now (the service still decides)."""
    buttons = []
    for name, step in TRANSITIONS.items():
        if user.role not in step.roles or referral.status not in step.sources:
            continue
        if name == "decline" and referral.assigned_organisation_id is not None:
            assigned = referral.assigned_organisation
            if assigned is not None and assigned.is_national_coordinator:
                continue  # CoMensha cannot decline to itself
        form: forms.Form | None = None
        if name in {"decline", "withdraw"}:
            form = ReasonForm(auto_id=f"id_{name}_%s")
        elif name == "phase":
            form = PhaseForm(auto_id="id_phase_%s", initial={"phase": referral.phase})
        elif name == "close":
            form = CloseForm(auto_id="id_close_%s")
        elif name == "reassign":
            form = ReassignForm(auto_id="id_reassign_%s", current=referral.assigned_organisation_id)
        url = reverse("referrals_web:action", args=[referral.id, name])
        buttons.append(ActionButton(name=name, url=url, label=ACTION_LABELS[name], form=form, version=referral.version))
    return buttons


def route_actions(user: User, referral: Referral, route: Route) -> list[ActionButton]:
    buttons = []
    for name, step in ROUTE_TRANSITIONS.items():
        if user.role not in step.roles or route.status not in step.sources:
            continue
        if name == "send" and referral.status not in ROUTING_STATUSES:
            continue
        form = ReasonForm(auto_id=f"id_route_{route.id}_%s") if name == "decline" else None
        url = reverse("referrals_web:route_action", args=[route.id, name])
        buttons.append(ActionButton(name=name, url=url, label=ROUTE_ACTION_LABELS[name], form=form))
    return buttons


def proposals(user: User, referral: Referral, routes: list[Route]) -> list[Proposal]:
    """For each need without a standing route, a choice of the matching services (3 queries a need)."""
    if user.role not in COORDINATOR_ROLES or referral.status not in ROUTING_STATUSES:
        return []
    standing = {route.need for route in routes if route.status in ACTIVE_ROUTE_STATUSES}
    profile = referral.match_profile()
    url = reverse("referrals_web:propose", args=[referral.id])
    found = []
    for need in referral.needs:
        if need in standing or need not in NeedCode.values:
            continue
        result = match_services(viewer=user, profile=profile, need=need)
        options = [
            (str(item.service.id), f"{item.service.name} — {item.service.organisation_name}") for item in result.results
        ]
        form = None
        if options:
            form = RouteProposeForm(
                viewer=user, options=options, initial={"need": need}, auto_id=f"id_propose_{need}_%s"
            )
        found.append(Proposal(need=need, need_label=_label(NeedCode, need), url=url, form=form))
    return found


@require_safe
@case_role_required
def referral_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One referral, as much of it as ``view_of`` allows, with the actions the user may take."""
    user = _user(request)
    referral = get_object_or_404(
        _visible(user).select_related("region", "signalling_organisation", "assigned_organisation", "assigned_to"),
        pk=pk,
    )
    _log_read(request, referral, "detail")
    view = view_of(user, referral)
    context: dict[str, Any] = {
        "referral": referral,
        "full": view is View.FULL,
        "status_only": view is View.STATUS_ONLY,
        "route_view": view is View.ROUTE,
        "may_read_history": may_read_history(user, referral),
    }
    context["handovers"] = handover_cards(user, referral)
    if view is View.STATUS_ONLY:
        return render(request, "referrals/detail.html", context)

    routes = list(Route.objects.restrict(user).filter(referral=referral).select_related("service", "organisation"))
    needs = referral.needs if view is View.FULL else sorted({route.need for route in routes})
    context.update(
        needs=_labels(NeedCode, needs),
        gender=_label(Gender, referral.gender),
        age_group=_label(AgeGroup, referral.age_group),
        nationality_group=_label(NationalityGroup, referral.nationality_group),
        exploitation_forms=_labels(ExploitationForm, referral.exploitation_forms),
        languages=[language_name(code) for code in referral.languages],
        urgency=_label(Urgency, referral.urgency),
        phase=_label(Phase, referral.phase),
        routes=[
            RouteCard(
                route=route, need_label=_label(NeedCode, route.need), actions=route_actions(user, referral, route)
            )
            for route in routes
        ],
        show_routes=user.role in {*COORDINATOR_ROLES, Role.PROVIDER},
    )
    if view is View.FULL:
        context.update(
            consent=_label(Consent, referral.consent),
            overdue=is_overdue(referral, timezone.now()),
            actions=referral_actions(user, referral),
            proposals=proposals(user, referral, routes),
        )
    return render(request, "referrals/detail.html", context)


# --- The history ----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: a single value (a reason, a route), not a change from one value to another
    after: str


@dataclass(frozen=True)
class EventRow:
    event: ReferralEvent
    label: str
    changes: list[Change]


CHANGE_LABELS: dict[str, StrOrPromise] = {
    "assigned_organisation": _("toegewezen organisatie"),
    "assigned_to": _("behandelaar"),
    "acceptance_deadline": _("aannemen vóór"),
    "reason": _("reden"),
    "route": _("doorverwijzing"),
    "need": _("hulpvraag"),
    "service": _("dienst"),
    "nationality_group": _("nationaliteitsgroep"),
    "handover": _("overdracht"),
    "kind": _("soort"),
    "version": _("versie"),
    "recipient": _("aan"),
    "supersedes": _("vervangt"),
}

#: Values of these names are codes of a fixed set: shown with their label.
CODE_SETS: dict[str, type[TextChoices]] = {
    "status": Status,
    "phase": Phase,
    "outcome": Outcome,
    "need": NeedCode,
    "needs": NeedCode,
    "gender": Gender,
    "age_group": AgeGroup,
    "nationality_group": NationalityGroup,
    "urgency": Urgency,
    "consent": Consent,
    "exploitation_forms": ExploitationForm,
    "kind": HandoverKind,
}

#: Referral fields that hold a list: their change is a pair of lists.
LIST_FIELDS = frozenset({"exploitation_forms", "needs", "languages"})

#: Names whose values are ids, and the fields that name them (one query per kind and page).
ID_NAMES: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "assigned_organisation": (Organisation, ("name",)),
    "assigned_to": (User, ("username",)),
    "region": (Region, ("name",)),
    "service": (Service, ("name",)),
    "route": (Route, ("service__name", "organisation__name")),
    "recipient": (Organisation, ("name",)),
}


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _id_names(events: list[ReferralEvent]) -> dict[str, str]:
    """Names for every id in these events' changes (organisations, users, regions, services, routes)."""
    wanted: dict[str, set[str]] = {name: set() for name in ID_NAMES}
    for event in events:
        for name, value in event.changes.items():
            if name in wanted:
                wanted[name].update(item for item in (value if isinstance(value, list) else [value]) if _is_uuid(item))
    names: dict[str, str] = {}
    for name, ids in wanted.items():
        if ids:
            model, attributes = ID_NAMES[name]
            rows = model._default_manager.filter(pk__in=ids).values_list("pk", *attributes)
            names.update({str(pk): " — ".join(str(word) for word in words) for pk, *words in rows})
    return names


def _word(name: str, value: Any, *, codes: type[TextChoices] | None, names: dict[str, str]) -> str:
    """One value of a change in words: labels for codes, names for ids, a local time for a deadline."""
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(_word(name, item, codes=codes, names=names) for item in value)
    if codes is not None and isinstance(value, str):
        return _label(codes, value)
    if name in ID_NAMES:
        return names.get(str(value), str(value))
    if name == "acceptance_deadline" and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))
    return str(value)


def _change_label(name: str) -> str:
    if name in CHANGE_LABELS:
        return str(CHANGE_LABELS[name])
    try:
        model_field = Referral._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(model_field, "verbose_name", name))


def _is_change(name: str, value: Any) -> bool:
    """``[before, after]``, as the services record a changed field (extras such as a reason are single values)."""
    if not (isinstance(value, list) and len(value) == 2):
        return False
    return name not in LIST_FIELDS or all(isinstance(item, list) for item in value)


def event_rows(events: list[ReferralEvent]) -> list[EventRow]:
    """The history in words (a few queries for the names of ids, whatever the number of events)."""
    names = _id_names(events)
    rows = []
    for event in events:
        changes = []
        for name, value in event.changes.items():
            if name == "service" and "route" in event.changes:
                continue  # the route names its service
            codes = RouteStatus if name == "status" and event.event.startswith("route_") else CODE_SETS.get(name)
            if _is_change(name, value):
                before = _word(name, value[0], codes=codes, names=names)
                changes.append(Change(_change_label(name), before, _word(name, value[1], codes=codes, names=names)))
            else:
                changes.append(Change(_change_label(name), None, _word(name, value, codes=codes, names=names)))
        rows.append(EventRow(event=event, label=_label(EventKind, event.event), changes=changes))
    return rows


@require_safe
@case_role_required
def referral_history(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Who did what when, oldest first: for those who see the referral in full, and for auditors."""
    user = _user(request)
    referral = get_object_or_404(Referral.objects.restrict(user, action="history"), pk=pk)
    if not may_read_history(user, referral):
        return forbidden(request, _("U ziet de status van deze verwijzing, niet haar geschiedenis."))
    _log_read(request, referral, "history")
    events = list(referral.events.select_related("actor").order_by("at", "id"))
    context = {
        "referral": referral,
        "rows": event_rows(events),
        "may_see_detail": _visible(user).filter(pk=referral.pk).exists(),
    }
    return render(request, "referrals/history.html", context)
