"""The referral pages for professionals under /verwijzingen/ (session login).

Plain server-rendered pages over the same two places as the API: who sees what comes from
``referrals.querysets`` (``restrict``, ``view_of``, ``may_read_history``), every write goes through
``referrals.services``. A referral the user may not see answers 404; analysts and accounts without a
case role get 403 on every page. Every read of a referral's detail or history is written to the
access log with channel "web".
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.lockout import client_ip
from accounts.models import Role, User, record_access
from directory.matching import Profile
from directory.models import Organisation, Region, Service
from directory.selectors import match_services
from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NationalityGroup, NeedCode, Phase
from directory.web.views import language_name
from nvm.errors import DomainError
from referrals import services
from referrals.models import (
    Consent,
    EventKind,
    Outcome,
    Referral,
    ReferralEvent,
    Route,
    RouteStatus,
    Status,
    Urgency,
)
from referrals.querysets import View, may_read_history, may_read_referrals, view_of
from referrals.transitions import ROUTE_TRANSITIONS, ROUTING_STATUSES, TRANSITIONS
from referrals.web.forms import (
    FREE_TEXT_FIELDS,
    CloseForm,
    PhaseForm,
    ReasonForm,
    ReferralForm,
    ReferralListFilter,
    RouteProposeForm,
)

if TYPE_CHECKING:
    from django.db.models import TextChoices
    from django_stubs_ext import StrOrPromise

P = ParamSpec("P")

PAGE_SIZE = 25

#: Routes that still stand for their need: no new proposal is offered for that need.
ACTIVE_ROUTE_STATUSES = frozenset({RouteStatus.PROPOSED, RouteStatus.SENT, RouteStatus.ACCEPTED, RouteStatus.COMPLETED})

COORDINATOR_ROLES = frozenset({Role.COORDINATOR, Role.NATIONAL_COORDINATOR})


# --- Access ---------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required ran first; this keeps the type checker honest
        raise PermissionDenied
    return user


def forbidden(request: HttpRequest, message: StrOrPromise) -> HttpResponse:
    return render(request, "referrals/forbidden.html", {"message": message}, status=403)


def case_role_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Login first (redirect to the login page), then a case role: analysts and others get 403."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not may_read_referrals(request.user):
            return forbidden(request, _("Met uw rol werkt u niet met afzonderlijke verwijzingen."))
        return view(request, *args, **kwargs)

    return cast("Callable[Concatenate[HttpRequest, P], HttpResponse]", login_required(wrapped))


def _log_read(request: HttpRequest, referral: Referral, what: str) -> None:
    record_access(
        user=_user(request),
        object_type="referral",
        object_id=referral.id,
        action=what,
        channel="web",
        ip=client_ip(request),
    )


def _visible(user: User) -> QuerySet[Referral]:
    return Referral.objects.restrict(user)


def _detail_url(referral_id: uuid.UUID) -> str:
    return reverse("referrals_web:detail", args=[referral_id])


def _after_action(user: User, referral_id: uuid.UUID) -> HttpResponseRedirect:
    """Back to the referral, or to the list when the user can no longer see it (after a decline)."""
    if _visible(user).filter(pk=referral_id).exists():
        return redirect(_detail_url(referral_id))
    return redirect("referrals_web:list")


def _report_error(request: HttpRequest, error: DomainError) -> None:
    """A refused action as an error message; the guard's messages name the kind, never the text."""
    for message in dict.fromkeys([error.message, *error.fields.values()]):
        messages.error(request, message)


# --- Words ----------------------------------------------------------------------


def _label(choices: type[TextChoices], code: str | None) -> str:
    if not code:
        return ""
    return str(choices(code).label) if code in choices.values else code


def _labels(choices: type[TextChoices], codes: Iterable[str]) -> list[str]:
    return [_label(choices, code) for code in codes]


def is_overdue(referral: Referral, now: dt.datetime) -> bool:
    deadline = referral.acceptance_deadline
    return referral.status == Status.PENDING and deadline is not None and deadline < now


# --- The list -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    referral: Referral
    status_only: bool
    show_deadline: bool
    overdue: bool


@require_safe
@case_role_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """ "Mijn verwijzingen": what the user may see, newest first, filtered on status, phase and overdue."""
    user = _user(request)
    queryset = _visible(user).select_related("region").order_by("-created_at", "-id")
    filterset = ReferralListFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = []
    for referral in page:
        view = view_of(user, referral)
        rows.append(
            Row(
                referral=referral,
                status_only=view is View.STATUS_ONLY,
                show_deadline=view is View.FULL,
                overdue=view is View.FULL and is_overdue(referral, now),
            )
        )
    context = {
        "filter_form": filterset.form,
        "page": page,
        "rows": rows,
        "may_create": user.role == Role.SIGNALLER,
        "filtered": any(request.GET.get(name) for name in ("status", "phase", "overdue")),
    }
    return render(request, "referrals/list.html", context)


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


# --- The detail page ------------------------------------------------------------


@dataclass(frozen=True)
class ActionButton:
    """One small POST form: a button, and the fields the action needs."""

    name: str
    url: str
    label: StrOrPromise
    form: forms.Form | None = None


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
        if name == "reassign" or user.role not in step.roles or referral.status not in step.sources:
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
        url = reverse("referrals_web:action", args=[referral.id, name])
        buttons.append(ActionButton(name=name, url=url, label=ACTION_LABELS[name], form=form))
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


def profile_of(referral: Referral) -> Profile:
    """What the Wegwijzer's matching needs of the person (as the API's ``matches``)."""
    return Profile(
        region=referral.region.code,
        gender=referral.gender,
        age_group=referral.age_group,
        nationality_group=referral.nationality_group,
        exploitation_forms=frozenset(referral.exploitation_forms),
        languages=frozenset(referral.languages),
    )


def proposals(user: User, referral: Referral, routes: list[Route]) -> list[Proposal]:
    """For each need without a standing route, a choice of the matching services (3 queries a need)."""
    if user.role not in COORDINATOR_ROLES or referral.status not in ROUTING_STATUSES:
        return []
    standing = {route.need for route in routes if route.status in ACTIVE_ROUTE_STATUSES}
    profile = profile_of(referral)
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


# --- Actions --------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One lifecycle action: the form it needs, the service call, and what to say when it is done."""

    form: type[forms.Form] | None
    run: Callable[[Referral, User, dict[str, Any]], object]
    done: StrOrPromise


REFERRAL_ACTIONS: dict[str, Action] = {
    "submit": Action(
        None,
        lambda referral, actor, data: services.referral_submit(referral=referral, actor=actor),
        _("Verwijzing %(reference)s is ingediend bij de zorgcoördinatie."),
    ),
    "accept": Action(
        None,
        lambda referral, actor, data: services.referral_accept(referral=referral, actor=actor),
        _("U heeft verwijzing %(reference)s aangenomen."),
    ),
    "decline": Action(
        ReasonForm,
        lambda referral, actor, data: services.referral_decline(referral=referral, actor=actor, reason=data["reason"]),
        _("Verwijzing %(reference)s is afgewezen en gaat naar de landelijk coördinator."),
    ),
    "withdraw": Action(
        ReasonForm,
        lambda referral, actor, data: services.referral_withdraw(referral=referral, actor=actor, reason=data["reason"]),
        _("Verwijzing %(reference)s is ingetrokken."),
    ),
    "phase": Action(
        PhaseForm,
        lambda referral, actor, data: services.referral_set_phase(referral=referral, actor=actor, phase=data["phase"]),
        _("De fase van verwijzing %(reference)s is vastgelegd."),
    ),
    "close": Action(
        CloseForm,
        lambda referral, actor, data: services.referral_close(referral=referral, actor=actor, outcome=data["outcome"]),
        _("Verwijzing %(reference)s is afgesloten."),
    ),
    "reopen": Action(
        None,
        lambda referral, actor, data: services.referral_reopen(referral=referral, actor=actor),
        _("Verwijzing %(reference)s is heropend."),
    ),
}

ROUTE_DONE: dict[str, StrOrPromise] = {
    "send": _("De doorverwijzing naar %(organisation)s is verstuurd."),
    "accept": _("U heeft de doorverwijzing aangenomen."),
    "decline": _("U heeft de doorverwijzing afgewezen."),
    "complete": _("De doorverwijzing is afgerond."),
}


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@require_POST
@case_role_required
def referral_action(request: HttpRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    """submit, accept, decline, withdraw, phase, close, reopen: the service decides, the page reports."""
    step = REFERRAL_ACTIONS.get(action)
    user = _user(request)
    referral = get_object_or_404(_visible(user), pk=pk)
    if step is None:
        raise Http404
    data: dict[str, Any] = {}
    if step.form is not None:
        form = step.form(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(_detail_url(referral.id))
        data = form.cleaned_data
    try:
        step.run(referral, user, data)
    except DomainError as error:
        _report_error(request, error)
        return _after_action(user, referral.id)
    messages.success(request, str(step.done) % {"reference": referral.reference})
    return _after_action(user, referral.id)


@require_POST
@case_role_required
def route_propose(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Propose one of the matching services for one need of the referral."""
    user = _user(request)
    referral = get_object_or_404(_visible(user), pk=pk)
    form = RouteProposeForm(request.POST, viewer=user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_detail_url(referral.id))
    try:
        route = services.route_propose(
            referral=referral, actor=user, need=form.cleaned_data["need"], service=form.cleaned_data["service"]
        )
    except DomainError as error:
        _report_error(request, error)
        return _after_action(user, referral.id)
    messages.success(
        request,
        gettext("Doorverwijzing voorgesteld: %(need)s bij %(service)s. Verstuur haar om de hulpverlener te vragen.")
        % {"need": _label(NeedCode, route.need), "service": route.service.name},
    )
    return _after_action(user, referral.id)


@require_POST
@case_role_required
def route_action(request: HttpRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    """send (coordinator), accept / decline / complete (the receiving provider)."""
    user = _user(request)
    route = get_object_or_404(Route.objects.restrict(user).select_related("organisation"), pk=pk)
    if action not in ROUTE_DONE:
        raise Http404
    reason = ""
    if action == "decline":
        form = ReasonForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return _after_action(user, route.referral_id)
        reason = form.cleaned_data["reason"]
    try:
        services.route_act(route=route, actor=user, action=action, reason=reason)
    except DomainError as error:
        _report_error(request, error)
        return _after_action(user, route.referral_id)
    messages.success(request, str(ROUTE_DONE[action]) % {"organisation": route.organisation.name})
    return _after_action(user, route.referral_id)
