"""The directory editor's pages under /wegwijzer/beheer/: list, create, edit, review, publish, preview.

Thin views over ``directory.services`` (every write, the same as the API's) and the querysets.
Who may use them is the role table's ``directory.change_organisation`` (``can_edit_directory``): others
signed in get 403, the anonymous the login page. Each list page reads the database in a fixed number of
queries, whatever the number of entries.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Organisation, Regulation, Service, can_edit_directory
from directory.selectors import REVIEW_INTERVAL, review_overdue
from directory.services import StaleEntry, entry_create, entry_mark_reviewed, entry_update, set_published
from directory.web.forms import EntryForm, OrganisationForm, RegulationForm, ServiceForm
from directory.web.views import organisation_context, regulation_context, service_card, service_context

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

P = ParamSpec("P")
AnyEntry = Organisation | Service | Regulation

PAGE_SIZE = 50


# --- Access -------------------------------------------------------------------------------------------------------


def editor_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Login first (redirect to the login page), then the directory editor's permission (403)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not can_edit_directory(request.user):
            message = _("Alleen redacteuren van de Wegwijzer beheren organisaties, diensten en regelingen.")
            return render(request, "directory/editor/forbidden.html", {"message": message}, status=403)
        return view(request, *args, **kwargs)

    return cast("Callable[Concatenate[HttpRequest, P], HttpResponse]", login_required(wrapped))


# --- The three kinds of entry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of directory entry as the editor's pages handle it."""

    slug: str
    model: type[Organisation] | type[Service] | type[Regulation]
    form: type[EntryForm]
    title: StrOrPromise
    new_title: StrOrPromise
    reviewed: bool  # has a "last reviewed" date

    def entries(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = self.model.objects.all()
        if self.model is not Organisation:
            queryset = queryset.select_related("organisation")
        return queryset

    def url(self, name: str, entry: AnyEntry | None = None) -> str:
        args: list[Any] = [self.slug] if entry is None else [self.slug, entry.pk]
        return reverse(f"wegwijzer:editor_{name}", args=args)


KINDS = {
    kind.slug: kind
    for kind in (
        Kind("organisaties", Organisation, OrganisationForm, _("Organisaties"), _("Nieuwe organisatie"), False),
        Kind("diensten", Service, ServiceForm, _("Diensten"), _("Nieuwe dienst"), True),
        Kind("regelingen", Regulation, RegulationForm, _("Regelingen"), _("Nieuwe regeling"), True),
    )
}


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _entry(kind: Kind, pk: uuid.UUID) -> Any:
    return get_object_or_404(kind.entries(), pk=pk)


# --- What the pages show ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One entry in a list: its state in words, and whether its review is overdue."""

    entry: AnyEntry
    published: bool
    hidden_by_organisation: bool  # published, but its organisation is a draft
    last_reviewed: datetime.date | None
    overdue: bool


def row(kind: Kind, entry: Any, today: datetime.date) -> Row:
    organisation = getattr(entry, "organisation", None)
    return Row(
        entry=entry,
        published=entry.published,
        hidden_by_organisation=bool(entry.published and organisation is not None and not organisation.published),
        last_reviewed=entry.last_reviewed if kind.reviewed else None,
        overdue=kind.reviewed and review_overdue(entry, today=today),
    )


#: The list's filter: ?staat=concept|gepubliceerd|nakijken
STATES: dict[str, StrOrPromise] = {
    "concept": _("Concepten"),
    "gepubliceerd": _("Gepubliceerd"),
    "nakijken": _("Nakijken te laat"),
}


def overdue_filter(today: datetime.date) -> Q:
    """Entries not reviewed for a year (never reviewed: counted from their creation), as a query."""
    cutoff = today - REVIEW_INTERVAL
    start = datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time.min)
    never_since = Q(last_reviewed__isnull=True, created_at__lt=timezone.make_aware(start))
    return Q(last_reviewed__lte=cutoff) | never_since


def filtered(kind: Kind, state: str, today: datetime.date) -> QuerySet[Any]:
    entries = kind.entries()
    if state == "concept":
        return entries.filter(published=False)
    if state == "gepubliceerd":
        return entries.filter(published=True)
    if state == "nakijken" and kind.reviewed:
        return entries.filter(overdue_filter(today))
    return entries


# --- Pages --------------------------------------------------------------------------------------------------------


@require_safe
@editor_required
def index(request: HttpRequest) -> HttpResponse:
    """What needs the editor: per kind, how many entries, drafts and overdue reviews (one query each)."""
    today = timezone.localdate()
    summaries = []
    for kind in KINDS.values():
        counts = {"total": Count("pk"), "drafts": Count("pk", filter=Q(published=False))}
        if kind.reviewed:
            counts["overdue"] = Count("pk", filter=overdue_filter(today))
        summaries.append({"kind": kind, **kind.model.objects.aggregate(**counts)})
    return render(request, "directory/editor/index.html", {"summaries": summaries, "kinds": KINDS.values()})


@require_safe
@editor_required
def entry_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The entries of one kind with their state, newest review problems marked; paginated."""
    spec = _kind(kind)
    state = request.GET.get("staat", "")
    if state not in STATES or (state == "nakijken" and not spec.reviewed):
        state = ""
    today = timezone.localdate()
    page = Paginator(filtered(spec, state, today), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "kind": spec,
        "kinds": KINDS.values(),
        "page": page,
        "rows": [row(spec, entry, today) for entry in page.object_list],
        "state": state,
        "states": [(code, label) for code, label in STATES.items() if code != "nakijken" or spec.reviewed],
        "review_interval_days": REVIEW_INTERVAL.days,
    }
    return render(request, "directory/editor/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def entry_new(request: HttpRequest, kind: str) -> HttpResponse:
    """A new entry, saved as a draft."""
    spec = _kind(kind)
    form = spec.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = entry_create(model=spec.model, values=form.values(), actor=request.user)
        messages.success(request, _("Opgeslagen als concept: %(name)s.") % {"name": entry})
        return redirect(spec.url("edit", entry))
    context = {"kind": spec, "kinds": KINDS.values(), "form": form, "entry": None, "title": spec.new_title}
    return render(request, "directory/editor/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def entry_edit(request: HttpRequest, kind: str, pk: uuid.UUID) -> HttpResponse:
    """Change an entry; a save over a newer version than the one the form was loaded from is refused."""
    spec = _kind(kind)
    entry = _entry(spec, pk)
    title = _("%(name)s bewerken") % {"name": entry}
    public_url = _public_url(entry)
    form = spec.form(request.POST or None, instance=entry)
    status, stale = 200, False
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changed = entry_update(
                    entry=entry, values=form.values(), actor=request.user, expected_version=form.started_from()
                )
            except StaleEntry as error:
                status, stale = 409, True
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("De wijzigingen zijn opgeslagen.") if changed else _("Er was niets gewijzigd.")
                )
                return redirect(spec.url("edit", entry))
        entry = _entry(spec, pk)  # the form changed the loaded copy: show the entry's state as stored
    context = {
        "kind": spec,
        "kinds": KINDS.values(),
        "form": form,
        "entry": entry,
        "row": row(spec, entry, timezone.localdate()),
        "title": title,
        "stale": stale,
        "public_url": public_url,
    }
    return render(request, "directory/editor/form.html", context, status=status)


def _public_url(entry: AnyEntry) -> str:
    if isinstance(entry, Organisation):
        return reverse("wegwijzer:organisation", args=[entry.pk])
    if isinstance(entry, Service):
        return reverse("wegwijzer:service", args=[entry.pk])
    return reverse("wegwijzer:regulation", args=[entry.code])


#: The actions of the edit page: what each does, and what it says when it did.
ACTIONS: dict[str, StrOrPromise] = {
    "publiceren": _("Gepubliceerd: %(name)s is nu voor iedereen te zien."),
    "depubliceren": _("Niet meer gepubliceerd: %(name)s is weer een concept."),
    "nagekeken": _("Vastgelegd dat %(name)s vandaag is nagekeken."),
}


@require_POST
@editor_required
def entry_action(request: HttpRequest, kind: str, pk: uuid.UUID, action: str) -> HttpResponse:
    """Publish, unpublish or mark as reviewed (POST); back to the edit page with what happened."""
    spec = _kind(kind)
    entry = _entry(spec, pk)
    if action not in ACTIONS or (action == "nagekeken" and not spec.reviewed):
        raise Http404
    if action == "nagekeken":
        changed = entry_mark_reviewed(entry=entry, actor=request.user)
    else:
        changed = set_published(entry=entry, published=action == "publiceren", actor=request.user)
    if changed:
        messages.success(request, ACTIONS[action] % {"name": entry})
    else:
        messages.info(request, _("Er was niets te veranderen."))
    return redirect(spec.url("edit", entry))


@require_safe
@editor_required
def entry_preview(request: HttpRequest, kind: str, pk: uuid.UUID) -> HttpResponse:
    """The public page of an entry as it will look once published, under a "concept / preview" banner."""
    spec = _kind(kind)
    viewer = request.user
    entry = _entry(spec, pk)
    if isinstance(entry, Service):
        loaded = Service.objects.select_related("organisation").prefetch_related("regions", "needs").get(pk=pk)
        template, context = "directory/service_detail.html", service_context(service_card(loaded))
    elif isinstance(entry, Organisation):
        loaded_org = Organisation.objects.prefetch_related("regions").get(pk=pk)
        template, context = "directory/organisation_detail.html", organisation_context(viewer, loaded_org)
    else:
        loaded_reg = Regulation.objects.prefetch_related("needs").get(pk=pk)
        template, context = "directory/regulation_detail.html", regulation_context(viewer, loaded_reg)
    context.update(
        public_template=template,
        preview_of=entry,
        preview_published=entry.published,
        edit_url=spec.url("edit", entry),
    )
    return render(request, "directory/editor/preview.html", context)
