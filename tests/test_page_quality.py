"""Every web page of every role answers, is valid HTML, and a list-like page reads a fixed number of queries.

The pages are read from the URL configuration (``get_resolver()``), as ``test_referral_matrix`` does for
the API: a URL pattern outside the API and the admin that is neither in ``PAGES`` nor in ``EXCLUDED``
(with its reason) fails ``test_every_page_is_checked``, so a new page gets its check when it is made.

For each page, as the role that uses it (the cast of ``tests/conftest.py``), ``test_the_pages_of_a_role``
asks for it and checks what a parser alone would not:

* the status (200, or the error page's own status);
* the HTML parses without a single parse error in html5lib, the WHATWG parsing algorithm (the errors
  ``HTMLParser(strict=True)`` raises on, all collected at once instead of only the first);
* ``<html lang>``, exactly one ``<h1>``, unique ``id`` attributes, every ``<label for>`` and
  ``aria-labelledby``/``aria-describedby`` names an element that exists, every form control has a
  label (``label[for]``, a wrapping label, ``aria-label`` or ``aria-labelledby``), every ``<img>`` has
  ``alt``.

``test_a_list_reads_a_fixed_number_of_queries`` builds the rows of each list-like page 3 and then 30
times over and asks for the page each time: the number of queries must be the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from html5lib.constants import E as PARSE_ERRORS

from accounts.lockout import lockout_response
from directory.models import Organisation, Region, Service
from notifications.services import fan_out
from nvm.views import server_error
from referrals import services
from referrals.handovers.services import handover_reissue
from referrals.models import EventKind, Handover, HandoverState, Referral, ReferralEvent, Route
from tests.factories import OrganisationFactory, RegionFactory, RegulationFactory, ServiceFactory, referral_data

if TYPE_CHECKING:
    from django.http import HttpResponse

    from directory.models import Regulation
    from tests.conftest import Cast


# --- the pages, from the URL configuration ---------------------------------------------------------------

#: URL patterns that are not pages to check here: a route prefix or a URL name, and why.
EXCLUDED: dict[str, str] = {
    "api/": "the API answers JSON: its contract, the role matrix and the fuzzing check it",
    "admin/": "Django's admin, for staff: Django's own markup",
    "healthz": "JSON for the load balancer",
    "set_language": "POST only: sets the language and redirects back",
    "accounts:logout": "POST only: logs out and redirects",
    "referrals_web:handover_pdf": "a PDF document (its bytes are checked in test_handovers)",
    "referrals_web:action": "POST only: a referral's action, then a redirect to its page",
    "referrals_web:route_action": "POST only: a route's action, then a redirect",
    "referrals_web:propose": "POST only: proposes a route, then a redirect",
    "referrals_web:handover_acknowledge": "POST only: acknowledges a handover, then a redirect",
    "referrals_web:handover_reissue": "POST only: re-issues a handover, then a redirect",
    "notifications_web:read_all": "POST only: marks every notification read, then a redirect",
    "notifications_web:preferences": "POST only: saves the e-mail preferences, then a redirect",
    "wegwijzer:editor_action": "POST only: publishes, unpublishes or marks reviewed, then a redirect",
}

_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(route, namespaced URL name) of every pattern, with ``{name}`` for each parameter."""
    for pattern in patterns:
        route = prefix + _CONVERTER.sub(r"{\1}", str(pattern.pattern)).replace("^", "").replace("$", "")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        else:
            yield route, f"{namespace}{pattern.name}" if pattern.name else route


def discovered_pages() -> dict[str, str]:
    """URL name → route of every pattern that is not excluded."""
    return {
        name: route
        for route, name in _walk(get_resolver().url_patterns)
        if name not in EXCLUDED and not route.startswith(tuple(key for key in EXCLUDED if key.endswith("/")))
    }


# --- the data the pages show ---------------------------------------------------------------------------------


@dataclass
class World:
    """A small directory and one referral in each state, as the pages' examples."""

    cast: Cast
    shelter: Service
    legal_aid: Service
    draft_service: Service
    regulation: Regulation
    draft: Referral
    pending: Referral
    accepted: Referral


def _region(cast: Cast) -> dict[str, Any]:
    return {**referral_data(), "region": cast.north}


def new_referral(cast: Cast, *, to: str = "draft", **overrides: Any) -> Referral:
    """A referral of the signaller through the services, taken to ``draft``, ``pending`` or ``accepted``."""
    referral = services.referral_create(actor=cast["signaller"], data={**_region(cast), **overrides})
    if to in {"pending", "accepted"}:
        referral = services.referral_submit(referral=referral, actor=cast["signaller"])
    if to == "accepted":
        referral = services.referral_accept(referral=referral, actor=cast["coordinator"])
    return referral


def send_route(cast: Cast, referral: Referral, service: Service, need: str = "shelter") -> Route:
    route = services.route_propose(referral=referral, actor=cast["coordinator"], need=need, service=service)
    return services.route_act(route=route, actor=cast["coordinator"], action="send")


def mark_ready(handovers: Any) -> None:
    """As if the worker had rendered them (the pages only show that a document is there)."""
    handovers.update(
        state=HandoverState.READY, sha256="0" * 64, document="handovers/test.pdf", size=1, rendered_at=timezone.now()
    )


def notify(event_kind: str, referrals: list[Referral]) -> None:
    """The notifications of these referrals' events, as the worker fans them out."""
    for event_id in ReferralEvent.objects.filter(referral__in=referrals, event=event_kind).values_list("id", flat=True):
        fan_out(event_id)


def build_world(cast: Cast) -> World:
    shelter = ServiceFactory(
        organisation=cast.shelter_north, name="Opvang Noord", needs=["shelter"], regions=[cast.north]
    )
    legal_aid = ServiceFactory(
        organisation=cast.victim_support, name="Juridische hulp", needs=["legal_aid"], national=True
    )
    draft_service = ServiceFactory(
        organisation=cast.victim_support, name="Nieuwe dienst", needs=["shelter"], published=False
    )
    regulation = RegulationFactory(organisation=cast.victim_support, needs=["shelter", "legal_aid"])
    accepted = new_referral(cast, to="accepted")
    send_route(cast, accepted, shelter)
    handovers = Handover.objects.filter(referral=accepted)
    mark_ready(handovers)
    handover_reissue(handover=handovers.get(kind="acceptance"), actor=cast["national_coordinator"])
    world = World(
        cast=cast,
        shelter=shelter,
        legal_aid=legal_aid,
        draft_service=draft_service,
        regulation=regulation,
        draft=new_referral(cast),
        pending=new_referral(cast, to="pending"),
        accepted=accepted,
    )
    notify(EventKind.SUBMITTED, [world.pending, accepted])
    notify(EventKind.ROUTE_SENT, [accepted])
    return world


# --- the pages of every role -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page to check: its URL name, how to reach it in the world, and what it answers."""

    name: str
    url: Callable[[World], str]
    status: int = 200
    post: Callable[[World], dict[str, Any]] | None = None  # a form sent with errors, shown again
    label: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _to(name: str, *args: Callable[[World], Any], query: str = "") -> Callable[[World], str]:
    return lambda world: reverse(name, args=[arg(world) for arg in args]) + query


def page(name: str, *args: Callable[[World], Any], query: str = "", **options: Any) -> Page:
    return Page(name=name, url=_to(name, *args, query=query), label=options.pop("label", query), **options)


def _draft(world: World) -> Any:
    return world.draft.id


def _pending(world: World) -> Any:
    return world.pending.id


def _accepted(world: World) -> Any:
    return world.accepted.id


WEGWIJZER = [
    page("home"),
    page("wegwijzer:index"),
    page("wegwijzer:need", lambda world: "shelter"),
    page("wegwijzer:category", lambda world: "gender", lambda world: "female"),
    page("wegwijzer:search"),
    page("wegwijzer:search", query="?q=hulp"),
    page("wegwijzer:search", query="?q=niets-te-vinden"),
    page("wegwijzer:organisation", lambda world: world.cast.shelter_north.id),
    page("wegwijzer:organisation", lambda world: world.cast.victim_support.id),
    page("wegwijzer:service", lambda world: world.shelter.id),
    page("wegwijzer:regulations"),
    page("wegwijzer:regulation", lambda world: world.regulation.code),
    page("wegwijzer:who_can_help"),
    page(
        "wegwijzer:who_can_help",
        query="?need=shelter&region=north&gender=female&age_group=adult&nationality_group=non_eu",
    ),
    page("wegwijzer:who_can_help", query="?need=debt_counselling&region=south"),  # a white spot
    page("wegwijzer:who_can_help", query="?need=nonsense"),  # the form with its errors
]

#: Pages per actor ("anonymous", a role of the cast, "staff").
PAGES: dict[str, list[Page]] = {
    "anonymous": [
        *WEGWIJZER,
        page("accounts:login"),
        page(
            "accounts:login",
            post=lambda world: {"username": "signaller", "password": "wrong"},
            label="wrong password",
        ),
        page("referrals_web:handover_verify"),
        page("referrals_web:handover_verify", query="?id=not-a-uuid"),
        Page(name="404", url=lambda world: "/bestaat-niet/", status=404),
        Page(
            name="400",
            url=lambda world: reverse("wegwijzer:index"),
            status=400,
            headers={"Accept-Language": "nl\x01"},  # refused by the input guard
        ),
    ],
    "signaller": [
        page("home"),
        page("referrals_web:list"),
        page("referrals_web:list", query="?status=bogus"),
        page("referrals_web:create"),
        page("referrals_web:create", post=lambda world: {"needs": ["shelter"]}, label="with errors"),
        page("referrals_web:detail", _draft),
        page("referrals_web:detail", _pending),
        page("referrals_web:detail", _accepted, label="status only"),
        page("referrals_web:history", _draft),
        page("referrals_web:history", _pending),
        page("notifications_web:list"),
        page("accounts:account"),
        page("accounts:account", post=lambda world: {"old_password": "fout"}, status=400, label="with errors"),
    ],
    "coordinator": [
        page("referrals_web:list"),
        page("referrals_web:list", query="?overdue=1"),
        page("referrals_web:detail", _pending),
        page("referrals_web:detail", _accepted),
        page("referrals_web:history", _accepted),
        page("notifications_web:list"),
        page("wegwijzer:who_can_help", query="?need=shelter&region=north"),
    ],
    "national_coordinator": [
        page("referrals_web:list"),
        page("referrals_web:detail", _pending),
        page("referrals_web:detail", _accepted),
        page("referrals_web:history", _accepted),
        page("reports_web:builder"),
        page("reports_web:builder", query="?group_by=region&group_by=gender&period=year"),
    ],
    "provider": [
        page("referrals_web:list"),
        page("referrals_web:detail", _accepted),
        page("notifications_web:list"),
    ],
    "analyst": [
        page("home"),
        page("reports_web:builder"),
        page("reports_web:builder", query="?group_by=region&period=quarter"),
        page("reports_web:builder", query="?period=decade", label="with errors"),
        page("referrals_web:list", status=403),
        page("notifications_web:list"),
        page("accounts:account"),
    ],
    "directory_editor": [
        page("wegwijzer:index"),
        page("wegwijzer:service", lambda world: world.draft_service.id),
        page("wegwijzer:organisation", lambda world: world.cast.victim_support.id),
        page("referrals_web:list"),
        page("wegwijzer:editor_index"),
        page("wegwijzer:editor_list", lambda world: "organisaties"),
        page("wegwijzer:editor_list", lambda world: "diensten", query="?staat=concept"),
        page("wegwijzer:editor_list", lambda world: "regelingen", query="?staat=nakijken"),
        page("wegwijzer:editor_new", lambda world: "diensten"),
        page("wegwijzer:editor_new", lambda world: "organisaties"),
        page("wegwijzer:editor_new", lambda world: "regelingen"),
        page("wegwijzer:editor_new", lambda world: "diensten", post=lambda world: {"name": ""}, status=400),
        page("wegwijzer:editor_edit", lambda world: "diensten", lambda world: world.shelter.id),
        page("wegwijzer:editor_edit", lambda world: "organisaties", lambda world: world.cast.shelter_north.id),
        page("wegwijzer:editor_edit", lambda world: "regelingen", lambda world: world.regulation.id),
        page("wegwijzer:editor_preview", lambda world: "diensten", lambda world: world.draft_service.id),
        page("wegwijzer:editor_preview", lambda world: "organisaties", lambda world: world.cast.victim_support.id),
        page("wegwijzer:editor_preview", lambda world: "regelingen", lambda world: world.regulation.id),
    ],
    "auditor": [
        page("referrals_web:history", _accepted),
        page("reports_web:builder"),
        page("referrals_web:detail", _accepted, status=404),
        page("audit_web:access_log"),
        page("audit_web:access_log", query="?username=coordinator"),
        page("audit_web:access_log", query="?date_from=gisteren", status=400),
        page("audit_web:history"),
        page("audit_web:history", query="?event=submitted"),
        page("audit_web:chain"),
        page("audit_web:chain", post=lambda world: {"start": "start"}, label="checked"),
        page("accounts:account"),
    ],
    "staff": [
        page("home"),
        page("wegwijzer:editor_index", status=403),
        page("audit_web:access_log", status=403),
        page("notifications_web:list"),
        page("referrals_web:list", status=403),
        page("accounts:account"),
    ],
}

ERROR_NAMES = {"400", "404"}


def test_every_page_is_checked() -> None:
    """A new page needs a check here (or an exclusion with its reason)."""
    checked = {item.name for pages in PAGES.values() for item in pages} - ERROR_NAMES
    missing = sorted(set(discovered_pages()) - checked)
    assert not missing, f"check these pages in PAGES (or exclude them in EXCLUDED, with a reason): {missing}"


def test_every_checked_or_excluded_page_exists() -> None:
    checked = {item.name for pages in PAGES.values() for item in pages} - ERROR_NAMES
    every = {name for _, name in _walk(get_resolver().url_patterns)}
    routes = [route for route, _ in _walk(get_resolver().url_patterns)]
    gone = sorted(checked - every)
    assert not gone, f"no longer in the URL configuration: {gone}"
    stale = [key for key in EXCLUDED if key not in every and not any(route.startswith(key) for route in routes)]
    assert not stale, f"excluded, but not in the URL configuration: {stale}"


def login(client: Client, cast: Cast, who: str) -> None:
    if who == "staff":
        client.force_login(cast.staff)
    elif who != "anonymous":
        client.force_login(cast[who])


@pytest.mark.parametrize("who", list(PAGES))
def test_the_pages_of_a_role(client: Client, cast: Cast, who: str) -> None:
    world = build_world(cast)
    login(client, cast, who)
    problems = []
    for item in PAGES[who]:
        url = item.url(world)
        if item.post:
            response = client.post(url, item.post(world), headers=item.headers)
        else:
            response = client.get(url, headers=item.headers)
        where = f"{who} {item.name} {item.label} {url}".replace("  ", " ")
        if response.status_code != item.status:
            problems.append(f"{where}: status {response.status_code}, expected {item.status}")
            continue
        problems.extend(f"{where}: {problem}" for problem in html_problems(response.content.decode()))
    assert not problems, "\n".join(problems)


def test_the_pages_no_url_leads_to(rf: RequestFactory, cast: Cast) -> None:
    """The 500 and 503 pages and the lock-out page are rendered without a URL of their own."""
    request = rf.get("/")
    request.user = cast["signaller"]
    pages: dict[str, HttpResponse] = {"500": server_error(request), "locked out": lockout_response(request)}
    problems = [
        f"{name}: {problem}" for name, response in pages.items() for problem in html_problems(response.content.decode())
    ]
    assert not problems, "\n".join(problems)


# --- what a page's HTML must be ----------------------------------------------------------------------------

#: Input types that are not filled in by the user, so they need no label.
UNLABELLED_INPUTS = frozenset({"hidden", "submit", "button", "reset", "image"})


def parse(html: str) -> tuple[Element, list[str]]:
    """The document and html5lib's parse errors, each with its line and column."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    document = parser.parse(html)
    errors = [
        f"line {line}, column {column}: {PARSE_ERRORS.get(code, code) % (data or {})}"
        for (line, column), code, data in parser.errors
    ]
    return document, errors


def html_problems(html: str) -> list[str]:
    """Everything wrong with one page's HTML (empty when it is fine)."""
    root, problems = parse(html)
    elements = list(root.iter())
    if not root.get("lang"):
        problems.append("<html> has no lang")
    headings = [element for element in elements if element.tag == "h1"]
    if len(headings) != 1:
        problems.append(f"{len(headings)} <h1> elements, expected one")
    ids = Counter(element.get("id") for element in elements if element.get("id") is not None)
    problems.extend(f'id "{name}" is used {count} times' for name, count in ids.items() if count > 1)
    for element in elements:
        for attribute in ("aria-labelledby", "aria-describedby"):
            problems.extend(
                f'<{element.tag} {attribute}="{target}"> names no element'
                for target in (element.get(attribute) or "").split()
                if target not in ids
            )
        if element.tag == "label" and element.get("for") is not None and element.get("for") not in ids:
            problems.append(f'<label for="{element.get("for")}"> names no element')
        if element.tag == "img" and element.get("alt") is None:
            problems.append(f'<img src="{element.get("src")}"> has no alt')
    problems.extend(f"{describe(control)} has no label" for control in unlabelled_controls(root))
    return problems


def describe(element: Element) -> str:
    attributes = " ".join(f'{key}="{element.get(key)}"' for key in ("type", "name", "id") if element.get(key))
    return f"<{element.tag} {attributes}>"


def unlabelled_controls(root: Element) -> list[Element]:
    labelled = {label.get("for") for label in root.iter("label") if label.get("for")}
    inside_labels = {id(control) for label in root.iter("label") for control in label.iter()}
    controls = [
        element
        for element in root.iter()
        if element.tag in {"select", "textarea"}
        or (element.tag == "input" and (element.get("type") or "text").lower() not in UNLABELLED_INPUTS)
    ]
    return [
        control
        for control in controls
        if control.get("id") not in labelled
        and id(control) not in inside_labels
        and not control.get("aria-label")
        and not control.get("aria-labelledby")
    ]


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<p>a<div>b</div></p>", "Unexpected end tag (p)"),
        ('<p id="a"></p><p id="a"></p>', 'id "a" is used 2 times'),
        ('<label for="b">B</label>', '<label for="b"> names no element'),
        ('<input name="c">', '<input name="c"> has no label'),
        ('<label>C <input name="c"></label><select aria-label="D"></select>', None),
        ('<img src="x.png">', '<img src="x.png"> has no alt'),
        ("", "0 <h1> elements, expected one"),
    ],
)
def test_the_checks_find_what_they_look_for(html: str, problem: str | None) -> None:
    headed = html if problem and "<h1>" in problem else f"<h1>T</h1>{html}"
    document = f'<!doctype html><html lang="nl"><head><title>T</title></head><body>{headed}</body></html>'
    problems = html_problems(document)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in found for found in problems), problems


# --- a fixed number of queries --------------------------------------------------------------------------------


#: A page of a list: who looks, and its URL given the rows' state.
Look = tuple[str, Callable[[dict[str, Any]], str]]


@dataclass
class Rows:
    """Rows that make list-like pages longer: ``grow(cast, state, n)`` adds n, ``pages`` show them."""

    grow: Callable[[Cast, dict[str, Any], int], None]
    pages: dict[str, Look]
    setup: Callable[[Cast, dict[str, Any]], None] = lambda cast, state: None


def _referrals(to: str | Callable[[int], str]) -> Callable[[Cast, dict[str, Any], int], None]:
    def grow(cast: Cast, state: dict[str, Any], count: int) -> None:
        for number in range(count):
            new_referral(cast, to=to(number) if callable(to) else to)

    return grow


def _mixed(number: int) -> str:
    return ("draft", "pending", "accepted")[number % 3]


def _routed_referrals(cast: Cast, state: dict[str, Any], count: int) -> None:
    service = state.setdefault("shelter", _shelter(cast, "Opvang"))
    for _ in range(count):
        send_route(cast, new_referral(cast, to="accepted"), service)


def _shelter(cast: Cast, name: str, organisation: Organisation | None = None) -> Service:
    return ServiceFactory(
        organisation=organisation or cast.shelter_north, name=name, needs=["shelter"], regions=[cast.north]
    )


def _notifications(cast: Cast, state: dict[str, Any], count: int) -> None:
    referrals = [new_referral(cast, to="pending") for _ in range(count)]
    notify(EventKind.SUBMITTED, referrals)
    for notification in cast["coordinator"].notifications.all()[: count // 3]:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def _one_accepted(cast: Cast, state: dict[str, Any]) -> None:
    state["referral"] = new_referral(cast, to="accepted")


def _routes(cast: Cast, state: dict[str, Any], count: int) -> None:
    """Routes to ever more organisations (a third only proposed), their handovers (some re-issued),
    and services for the need without a route, which the coordinator's page offers to choose from."""
    referral = state["referral"]
    for number in range(count):
        organisation = OrganisationFactory(name=f"Opvang {Organisation.objects.count()}")
        service = _shelter(cast, f"Opvang {number}", organisation)
        if number % 3 == 0:
            services.route_propose(referral=referral, actor=cast["coordinator"], need="shelter", service=service)
        else:
            send_route(cast, referral, service)
        ServiceFactory(organisation=organisation, name=f"Advocaat {number}", needs=["legal_aid"], national=True)
    handovers = Handover.objects.filter(referral=referral, version=1, state=HandoverState.RENDERING)
    mark_ready(handovers)
    for handover in Handover.objects.filter(referral=referral, version=1, kind="route")[: max(1, count // 3)]:
        if not Handover.objects.filter(supersedes=handover).exists():
            handover_reissue(handover=handover, actor=cast["national_coordinator"])


def _provider_routes(cast: Cast, state: dict[str, Any], count: int) -> None:
    """Routes to the provider's organisation, every other one accepted by it."""
    referral = state["referral"]
    for number in range(count):
        route = send_route(cast, referral, _shelter(cast, f"Opvang {Service.objects.count()}"))
        if number % 2:
            services.route_act(route=route, actor=cast["provider"], action="accept")
    mark_ready(Handover.objects.filter(referral=referral, version=1, state=HandoverState.RENDERING))


def _detail(state: dict[str, Any]) -> str:
    return reverse("referrals_web:detail", args=[state["referral"].id])


def _history(state: dict[str, Any]) -> str:
    return reverse("referrals_web:history", args=[state["referral"].id])


def _organisations_with_services(cast: Cast, state: dict[str, Any], count: int) -> None:
    """Services of new organisations, for shelter in the north, with regulations; a third of them drafts."""
    for number in range(count):
        organisation = OrganisationFactory(name=f"Hulp {Organisation.objects.count()}")
        ServiceFactory(
            organisation=organisation,
            name=f"Hulpdienst {number}",
            needs=["shelter", "legal_aid"],
            regions=[cast.north, cast.south],
            genders=["female"] if number % 2 else [],
            languages=["en", "ro"] if number % 2 else [],
            published=number % 3 != 0,
        )
        ServiceFactory(organisation=organisation, name=f"Opvang Zuid {number}", needs=["shelter"], regions=[cast.south])
        RegulationFactory(organisation=organisation, name=f"Hulpregeling {number}", needs=["shelter"])


def _services_of_one(cast: Cast, state: dict[str, Any], count: int) -> None:
    for number in range(count):
        region = RegionFactory(code=f"r-{Region.objects.count()}")
        ServiceFactory(
            organisation=cast.shelter_north,
            name=f"Opvang {number}",
            needs=["shelter", "medical"],
            regions=[cast.north, region],
        )
        RegulationFactory(organisation=cast.shelter_north, needs=["shelter"])


def _regions_of_one(cast: Cast, state: dict[str, Any], count: int) -> None:
    service = state.setdefault("service", _shelter(cast, "Overal"))
    regions = [RegionFactory(code=f"r-{Region.objects.count()}-{number}") for number in range(count)]
    service.regions.add(*regions)


def _url(name: str, *args: Any, query: str = "") -> Callable[[dict[str, Any]], str]:
    return lambda state: reverse(name, args=list(args)) + query


MATCH = "?need=shelter&region=north&gender=female&age_group=adult&nationality_group=eu&language=en"
REPORT = "?group_by=region&group_by=gender&period=month"

#: The list-like pages, grouped by the rows that make them longer.
LISTS: dict[str, Rows] = {
    "referrals": Rows(
        _referrals(_mixed),
        {
            "signaller's list": ("signaller", _url("referrals_web:list")),
            "coordinator's queue": ("coordinator", _url("referrals_web:list")),
            "CoMensha's queue": ("national_coordinator", _url("referrals_web:list")),
            "CoMensha's overdue": ("national_coordinator", _url("referrals_web:list", query="?overdue=1")),
            "report": ("analyst", _url("reports_web:builder", query=REPORT)),
            "access log": ("auditor", _url("audit_web:access_log")),
            "history search": ("auditor", _url("audit_web:history")),
        },
    ),
    "routed referrals": Rows(_routed_referrals, {"provider's list": ("provider", _url("referrals_web:list"))}),
    "notifications": Rows(_notifications, {"notifications": ("coordinator", _url("notifications_web:list"))}),
    "routes of one referral": Rows(
        _routes,
        {
            "detail, coordinator": ("coordinator", _detail),
            "detail, CoMensha": ("national_coordinator", _detail),
            "history, coordinator": ("coordinator", _history),
            "history, auditor": ("auditor", _history),
        },
        setup=_one_accepted,
    ),
    "routes to the provider": Rows(_provider_routes, {"detail, provider": ("provider", _detail)}, setup=_one_accepted),
    "directory": Rows(
        _organisations_with_services,
        {
            "need": ("anonymous", _url("wegwijzer:need", "shelter")),
            "need, editor": ("directory_editor", _url("wegwijzer:need", "shelter")),
            "category": ("anonymous", _url("wegwijzer:category", "gender", "female")),
            "search": ("anonymous", _url("wegwijzer:search", query="?q=hulp")),
            "search, editor": ("directory_editor", _url("wegwijzer:search", query="?q=hulp")),
            "regulations": ("anonymous", _url("wegwijzer:regulations")),
            "who can help": ("anonymous", _url("wegwijzer:who_can_help", query=MATCH)),
            "editor's organisations": ("directory_editor", _url("wegwijzer:editor_list", "organisaties")),
            "editor's services": ("directory_editor", _url("wegwijzer:editor_list", "diensten")),
            "editor's regulations": ("directory_editor", _url("wegwijzer:editor_list", "regelingen")),
            "editor's overdue": (
                "directory_editor",
                _url("wegwijzer:editor_list", "diensten", query="?staat=nakijken"),
            ),
        },
    ),
    "services of one organisation": Rows(
        _services_of_one,
        {
            "organisation": (
                "anonymous",
                lambda state: reverse("wegwijzer:organisation", args=[state["organisation"]]),
            ),
            "organisation, preview": (
                "directory_editor",
                lambda state: reverse("wegwijzer:editor_preview", args=["organisaties", state["organisation"]]),
            ),
        },
    ),
    "regions of one service": Rows(
        _regions_of_one,
        {
            "service": ("anonymous", lambda state: reverse("wegwijzer:service", args=[state["service"].id])),
            "service, edit": (
                "directory_editor",
                lambda state: reverse("wegwijzer:editor_edit", args=["diensten", state["service"].id]),
            ),
        },
    ),
}


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def _count(cast: Cast, state: dict[str, Any], pages: dict[str, Look]) -> dict[str, list[str]]:
    """The queries of each page, as its viewer (after a first request that writes the session)."""
    counted = {}
    for name, (who, url) in pages.items():
        client = Client()
        login(client, cast, who)
        client.get(url(state))
        counted[name] = _queries(client, url(state))
    return counted


@pytest.mark.parametrize("rows", list(LISTS))
def test_a_list_reads_a_fixed_number_of_queries(cast: Cast, rows: str) -> None:
    spec = LISTS[rows]
    state: dict[str, Any] = {"organisation": cast.shelter_north.id}
    spec.setup(cast, state)
    spec.grow(cast, state, 3)
    few = _count(cast, state, spec.pages)
    spec.grow(cast, state, 27)
    many = _count(cast, state, spec.pages)
    problems = [
        "\n".join([f"{name}: {len(few[name])} queries with 3 rows, {len(many[name])} with 30; with 30:", *many[name]])
        for name in spec.pages
        if len(few[name]) != len(many[name])
    ]
    assert not problems, "\n\n".join(problems)


def test_the_rows_are_on_the_pages(client: Client, cast: Cast) -> None:
    """The rows the query counts are made with show on the pages, so an empty page cannot pass."""
    state: dict[str, Any] = {}
    _one_accepted(cast, state)
    _routes(cast, state, 4)
    client.force_login(cast["coordinator"])
    detail = client.get(_detail(state)).content.decode()
    assert all(f"Opvang {number}" in detail for number in range(4))
    assert all(f"Advocaat {number}" in detail for number in range(4))
    history = client.get(_history(state)).content.decode()
    assert history.count("Opvang ") >= 4
    state = {}
    _organisations_with_services(cast, state, 4)
    need = Client().get(reverse("wegwijzer:need", args=["shelter"])).content.decode()
    assert all(f"Hulpdienst {number}" in need for number in (1, 2))  # 0 and 3 are drafts
    client.force_login(cast["directory_editor"])
    services_list = client.get(reverse("wegwijzer:editor_list", args=["diensten"])).content.decode()
    assert all(f"Hulpdienst {number}" in services_list for number in range(4))
