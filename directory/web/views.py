"""The public Wegwijzer: which organisation helps with which need for which victim.

Plain server-rendered pages without login. What a visitor sees is decided by
the querysets' ``restrict()``: the public sees published entries only,
directory editors also see drafts, marked "concept". Every page reads the
database in a fixed number of queries, whatever the number of services.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import get_text_list
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from directory.matching import REASONS, MatchResult
from directory.models import Need, Organisation, Regulation, Service, Viewer
from directory.selectors import match_services
from directory.vocabulary import CATEGORY_FIELDS, CATEGORY_TITLES, VICTIM_CATEGORIES, NeedCode, Phase
from directory.web.forms import WhoCanHelpForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: A search query longer than this is cut off.
MAX_QUERY_LENGTH = 100


#: Reason codes that say how a service's eligibility fits the person.
PROFILE_REASONS = frozenset({"gender", "age_group", "nationality_group", "exploitation_form", "language"})

#: Who a restricted service is for, in words: "Alleen voor: vrouwen; meerderjarigen".
CATEGORY_WORDS: dict[str, dict[str, StrOrPromise]] = {
    "gender": {
        "female": _("vrouwen"),
        "male": _("mannen"),
        "x": _("mensen met geslacht X"),
    },
    "age_group": {
        "minor": _("minderjarigen"),
        "adult": _("meerderjarigen"),
    },
    "nationality_group": {
        "nl": _("Nederlanders"),
        "eu": _("burgers van andere EU-landen"),
        "non_eu": _("mensen van buiten de EU"),
    },
    "exploitation_form": {
        "sexual": _("slachtoffers van seksuele uitbuiting"),
        "labour": _("slachtoffers van arbeidsuitbuiting"),
        "criminal": _("slachtoffers van criminele uitbuiting"),
        "organ_removal": _("slachtoffers van orgaanverwijdering"),
        "other": _("slachtoffers van andere uitbuiting"),
    },
}


# --- Words ------------------------------------------------------------------


def category_word(category: str, value: str) -> str:
    """The people of one victim category value, e.g. ``("gender", "female")`` → "vrouwen"."""
    return str(CATEGORY_WORDS[category].get(value, value))


def language_name(code: str) -> str:
    """The name of an ISO 639-1 language in the active language, or the code when Django does not know it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def restriction(service: Service, category: str) -> list[str]:
    """The values of one victim category a service is limited to (empty: open to all)."""
    values: list[str] = getattr(service, CATEGORY_FIELDS[category])
    return values


def is_open_to(service: Service, category: str, value: str) -> bool:
    accepted = restriction(service, category)
    return not accepted or value in accepted


def eligibility_words(service: Service) -> str:
    """Who a service is for, in words: "Voor iedereen" or "Alleen voor: vrouwen; meerderjarigen"."""
    groups = [
        get_text_list([category_word(category, value) for value in values])
        for category in VICTIM_CATEGORIES
        if (values := restriction(service, category))
    ]
    if service.languages:
        languages = get_text_list([language_name(code) for code in service.languages])
        groups.append(gettext("wie %(languages)s spreekt") % {"languages": languages})
    if not groups:
        return gettext("Voor iedereen")
    return gettext("Alleen voor: %(groups)s") % {"groups": "; ".join(groups)}


def area_words(service: Service) -> str:
    """Where a service works: "landelijk" or its regions (prefetched)."""
    if service.national:
        return gettext("landelijk")
    names = [region.name for region in service.regions.all()]
    return ", ".join(names) or gettext("geen regio opgegeven")


def phase_words(codes: Iterable[str]) -> list[str]:
    return [str(Phase(code).label) for code in codes if code in Phase.values]


def _reason(code: str) -> str:
    return str(REASONS.get(code, code))


def match_reason_words(codes: Sequence[str]) -> list[str]:
    """Why a service can help: "werkt in de regio", "past bij wat bekend is van de persoon: geslacht, taal"."""
    words = [_reason(code) for code in codes if code not in PROFILE_REASONS]
    fitting = [_reason(code) for code in codes if code in PROFILE_REASONS]
    if fitting:
        words.append(gettext("past bij wat bekend is van de persoon: %(reasons)s") % {"reasons": ", ".join(fitting)})
    return words


def exclusion_reason_words(codes: Sequence[str]) -> list[str]:
    """Every reason a service cannot help: "werkt niet in deze regio", "past niet bij de persoon: geslacht"."""
    words = [gettext("werkt niet in deze regio")] if "region" in codes else []
    misfits = [_reason(code) for code in codes if code in PROFILE_REASONS]
    if misfits:
        words.append(gettext("past niet bij de persoon: %(reasons)s") % {"reasons": ", ".join(misfits)})
    words.extend(_reason(code) for code in codes if code != "region" and code not in PROFILE_REASONS)
    return words


# --- What the pages list ----------------------------------------------------


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str
    website: str


@dataclass(frozen=True)
class ServiceCard:
    """One service as every listing shows it: where, for whom, how to reach it."""

    service: Service
    organisation: Organisation
    needs: list[Need]
    area: str
    eligibility: str
    contact: Contact
    is_draft: bool


@dataclass(frozen=True)
class OrganisationGroup:
    organisation: Organisation
    cards: list[ServiceCard]


@dataclass(frozen=True)
class CategoryValue:
    value: str
    words: str


@dataclass(frozen=True)
class Category:
    code: str
    title: str
    values: list[CategoryValue]


@dataclass(frozen=True)
class NeedSection:
    need: Need
    cards: list[ServiceCard]


@dataclass(frozen=True)
class Suggestion:
    """A service that can help, with why, and what could not be confirmed."""

    card: ServiceCard
    reasons: list[str]
    unmet: list[str]


@dataclass(frozen=True)
class Unsuitable:
    """A service that meets the need but not this person, with every reason."""

    card: ServiceCard
    reasons: list[str]


def service_card(service: Service) -> ServiceCard:
    organisation = service.organisation
    return ServiceCard(
        service=service,
        organisation=organisation,
        needs=list(service.needs.all()),
        area=area_words(service),
        eligibility=eligibility_words(service),
        contact=Contact(
            email=service.email or organisation.email,
            phone=service.phone or organisation.phone,
            website=service.url or organisation.website,
        ),
        is_draft=not (service.published and organisation.published),
    )


def service_cards(services: QuerySet[Service]) -> list[ServiceCard]:
    """Cards of these services, by organisation then name (3 queries, whatever their number)."""
    loaded = (
        services.select_related("organisation")
        .prefetch_related("regions", "needs")
        .order_by("organisation__name", "organisation_id", "name", "id")
    )
    return [service_card(service) for service in loaded]


def by_organisation(cards: list[ServiceCard]) -> list[OrganisationGroup]:
    """Cards (sorted by organisation) grouped under their organisation."""
    return [
        OrganisationGroup(organisation=organisation, cards=list(group))
        for organisation, group in itertools.groupby(cards, key=lambda card: card.organisation)
    ]


def by_need(cards: list[ServiceCard]) -> list[NeedSection]:
    """Cards under each need they meet, in the order of the needs; needs nobody meets are left out."""
    sections = [
        NeedSection(need=need, cards=[card for card in cards if need in card.needs]) for need in Need.objects.all()
    ]
    return [section for section in sections if section.cards]


def victim_categories() -> list[Category]:
    """Every victim category with its known values, to browse by."""
    return [
        Category(
            code=code,
            title=str(CATEGORY_TITLES[code]),
            values=[CategoryValue(value, category_word(code, value)) for value in choices.values if value != "unknown"],
        )
        for code, choices in VICTIM_CATEGORIES.items()
    ]


def visible_organisation(viewer: Viewer, organisation_id: uuid.UUID) -> Organisation | None:
    """The organisation when this viewer may see it (a published regulation may belong to a draft)."""
    return Organisation.objects.restrict(viewer).filter(pk=organisation_id).first()


def answer(viewer: Viewer, result: MatchResult) -> dict[str, Any]:
    """The page's view of a match: cards of the suggested and the unsuitable services, in words."""
    ids = [item.service.id for item in result.results] + [item.service.id for item in result.excluded]
    cards = {card.service.id: card for card in service_cards(Service.objects.restrict(viewer).filter(id__in=ids))}
    suggestions = [
        Suggestion(
            card=cards[item.service.id],
            reasons=match_reason_words(item.reasons),
            unmet=[_reason(code) for code in item.unmet],
        )
        for item in result.results
        if item.service.id in cards
    ]
    unsuitable = [
        Unsuitable(card=cards[item.service.id], reasons=exclusion_reason_words(item.reasons))
        for item in result.excluded
        if item.service.id in cards
    ]
    national_coordinator = None
    if not suggestions:
        national_coordinator = Organisation.objects.restrict(viewer).filter(is_national_coordinator=True).first()
    return {
        "result": result,
        "need_label": NeedCode(result.need).label,
        "suggestions": suggestions,
        "unsuitable": unsuitable,
        "national_coordinator": national_coordinator,
    }


# --- Pages ------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Start of the Wegwijzer: search, the needs, browsing by victim category, regulations, "Wie kan helpen?"."""
    context = {"needs": Need.objects.all(), "categories": victim_categories(), "form": WhoCanHelpForm()}
    return render(request, "directory/index.html", context)


@require_safe
def need_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One need: the services that meet it, grouped by organisation, and the regulations concerning it."""
    need = get_object_or_404(Need, code=code)
    cards = service_cards(Service.objects.restrict(request.user).filter(needs=need))
    context = {
        "need": need,
        "groups": by_organisation(cards),
        "regulations": Regulation.objects.restrict(request.user).filter(needs=need),
    }
    return render(request, "directory/need_detail.html", context)


@require_safe
def category(request: HttpRequest, category: str, value: str) -> HttpResponse:
    """The services open to one victim category value (a service without restriction is open to all), by need."""
    if category not in VICTIM_CATEGORIES or value == "unknown" or value not in VICTIM_CATEGORIES[category].values:
        raise Http404
    # JSON list containment is not portable to SQLite, so the (small) directory is filtered here.
    cards = [
        card
        for card in service_cards(Service.objects.restrict(request.user))
        if is_open_to(card.service, category, value)
    ]
    context = {
        "category_title": CATEGORY_TITLES[category],
        "value_label": VICTIM_CATEGORIES[category](value).label,
        "group": category_word(category, value),
        "sections": by_need(cards),
    }
    return render(request, "directory/category.html", context)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Search services, organisations and regulations by a word in their name or description."""
    # PostgreSQL text cannot hold NUL characters.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    context: dict[str, Any] = {"query": query}
    if query:
        viewer = request.user
        services = Service.objects.restrict(viewer).filter(
            Q(name__icontains=query) | Q(description__icontains=query) | Q(organisation__name__icontains=query)
        )
        organisations = Organisation.objects.restrict(viewer).filter(
            Q(name__icontains=query) | Q(description__icontains=query)
        )
        regulations = Regulation.objects.restrict(viewer).filter(
            Q(name__icontains=query) | Q(description__icontains=query)
        )
        context.update(cards=service_cards(services), organisations=list(organisations), regulations=list(regulations))
    return render(request, "directory/search.html", context)


@require_safe
def organisation_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One organisation: contact details, regions, its services and the regulations it is responsible for."""
    viewer = request.user
    organisation = get_object_or_404(Organisation.objects.restrict(viewer).prefetch_related("regions"), pk=pk)
    return render(request, "directory/organisation_detail.html", organisation_context(viewer, organisation))


def organisation_context(viewer: Viewer, organisation: Organisation) -> dict[str, Any]:
    """What the page of one organisation shows (also the editor's preview)."""
    return {
        "organisation": organisation,
        "cards": service_cards(Service.objects.restrict(viewer).filter(organisation=organisation)),
        "regulations": Regulation.objects.restrict(viewer).filter(organisation=organisation),
    }


@require_safe
def service_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One service: needs, area, for whom, phases, capacity, contact details and when it was last reviewed."""
    cards = service_cards(Service.objects.restrict(request.user).filter(pk=pk))
    if not cards:
        raise Http404
    return render(request, "directory/service_detail.html", service_context(cards[0]))


def service_context(card: ServiceCard) -> dict[str, Any]:
    """What the page of one service shows (also the editor's preview)."""
    return {
        "card": card,
        "service": card.service,
        "languages": [language_name(code) for code in card.service.languages],
        "phases": phase_words(card.service.phases),
    }


@require_safe
def regulation_list(request: HttpRequest) -> HttpResponse:
    """Every regulation a victim may rely on (B8, reflection period, COSM, Schadefonds, ...)."""
    regulations = Regulation.objects.restrict(request.user).prefetch_related("needs")
    return render(request, "directory/regulation_list.html", {"regulations": regulations})


@require_safe
def regulation_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One regulation: what it is, who qualifies, the needs it concerns and who is responsible."""
    regulation = get_object_or_404(Regulation.objects.restrict(request.user).prefetch_related("needs"), code=code)
    return render(request, "directory/regulation_detail.html", regulation_context(request.user, regulation))


def regulation_context(viewer: Viewer, regulation: Regulation) -> dict[str, Any]:
    """What the page of one regulation shows (also the editor's preview)."""
    return {"regulation": regulation, "organisation": visible_organisation(viewer, regulation.organisation_id)}


@require_safe
def who_can_help(request: HttpRequest) -> HttpResponse:
    """ "Wie kan helpen?": for one need of one person in one region, the services that can help and why,
    the ones that cannot and why not, or a white spot."""
    form = WhoCanHelpForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        result = match_services(viewer=request.user, profile=form.profile(), need=form.need_code())
        context.update(answer(request.user, result), region=form.cleaned_data["region"])
    return render(request, "directory/who_can_help.html", context)
