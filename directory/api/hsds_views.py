"""The Open Referral HSDS 3.0 read API: the published directory for anyone, without login.

Each view loads what it shows in a fixed number of queries and leaves the shape
to ``directory.hsds``. Visibility is the public's, whoever asks: a draft, or a
service of an unpublished organisation, is simply not found.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Model, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory import hsds
from directory.models import Organisation, Service
from directory.vocabulary import CATEGORY_FIELDS
from nvm.api import MAX_PAGE_NUMBER

_T = TypeVar("_T")
_M = TypeVar("_M", bound=Model)
_F = TypeVar("_F", bound=Callable[..., Any])

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200

_PAGE_PARAMETERS = [
    OpenApiParameter(
        "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER}, description="Paginanummer, vanaf 1."
    ),
    OpenApiParameter(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        description=f"Aantal per pagina (standaard 50, hoogstens {MAX_PER_PAGE}).",
    ),
]
_SEARCH = OpenApiParameter("search", str, description="Zoek in naam en omschrijving.")
_FULL = OpenApiParameter("full", bool, description="Volledig geneste objecten.")
_FULL_SERVICE = OpenApiParameter("full_service", bool, description="Diensten volledig genest.")


def _documented(operation_id: str, parameters: Sequence[OpenApiParameter] = ()) -> Callable[[_F], _F]:
    """List a view in our OpenAPI document; HSDS's own schemas describe its answers."""
    decorator: Callable[[_F], _F] = extend_schema(
        tags=["hsds"], operation_id=operation_id, parameters=list(parameters), responses=OpenApiTypes.OBJECT
    )
    return decorator


# --- what the public may see -------------------------------------------------------


def published_services() -> QuerySet[Service]:
    """Published services of published organisations (the one rule lives in ``restrict``).

    The id breaks ties so that pages never overlap."""
    return Service.objects.restrict(AnonymousUser()).order_by("organisation__name", "name", "id")


def published_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.restrict(AnonymousUser()).order_by("name", "id")


def _nested_services(*, full: bool) -> QuerySet[Service]:
    services = published_services().order_by("name", "id")
    return services.prefetch_related("needs", "regions") if full else services


# --- query parameters ----------------------------------------------------------------


def _positive_int(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 else 0
    if value < 1 or (maximum is not None and value > maximum):
        limit = f" tot en met {maximum}" if maximum is not None else ""
        raise ValidationError({name: f"Geef een geheel getal vanaf 1{limit}."})
    return value


_LEAP_SECOND = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:)60(\.\d+)?")


def _datetime_param(request: Request, name: str) -> datetime | None:
    """An RFC 3339 date-time (or a date), in UTC. Lower-case ``t`` and ``z`` and a leap second are
    valid RFC 3339 and are read; an instant beyond what a timestamp holds is the first or last one."""
    raw = request.query_params.get(name)
    if not raw:
        return None
    text = _LEAP_SECOND.sub(r"\g<1>59.999999", raw.upper())
    try:
        value = parse_datetime(text) or datetime.combine(date.fromisoformat(text), time.min)
    except ValueError:
        raise ValidationError({name: "Geef een datum of tijdstip in ISO 8601, zoals 2025-03-01T09:00:00Z."}) from None
    # In UTC: PostgreSQL refuses offsets beyond 15:59 that Python (and ISO 8601 parsers) accept.
    try:
        return (value if timezone.is_aware(value) else timezone.make_aware(value)).astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 or 9999-12-31T23:59-01:00
        return datetime.min.replace(tzinfo=UTC) if value.year == 1 else datetime.max.replace(tzinfo=UTC)


def _flag(request: Request, name: str) -> bool:
    raw = request.query_params.get(name, "")
    if raw not in {"", "true", "false"}:
        raise ValidationError({name: "Geef true of false."})
    return raw == "true"


def _uuid_param(request: Request, name: str) -> uuid.UUID | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ValidationError({name: "Geef een geldige UUID."}) from None


def _uuid_or_404(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound() from None


def _paged(
    request: Request, items: QuerySet[Any, _T] | Sequence[_T], project: Callable[[_T], hsds.HsdsObject]
) -> Response:
    """One page of ``items`` in HSDS's ``Page`` envelope, ``?page=`` and ``?per_page=`` checked."""
    page_number = _positive_int(request, "page", 1, MAX_PAGE_NUMBER)
    per_page = _positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    paginator = Paginator(items, per_page)
    try:
        chunk = paginator.page(page_number)
    except EmptyPage:
        raise NotFound(f"Pagina {page_number} bestaat niet; er zijn {paginator.num_pages} pagina's.") from None
    contents = [project(item) for item in chunk.object_list]
    return Response(
        hsds.page(contents=contents, total_items=paginator.count, page_number=page_number, per_page=per_page)
    )


def _search(queryset: QuerySet[_M], request: Request) -> QuerySet[_M]:
    text = request.query_params.get("search", "").strip()
    return queryset.filter(Q(name__icontains=text) | Q(description__icontains=text)) if text else queryset


# --- filters on services ----------------------------------------------------------------


def _with_any_value(
    services: QuerySet[Service], field: str, accepted: Callable[[list[str]], bool]
) -> QuerySet[Service]:
    # JSON list containment is not portable (SQLite has no JSON "contains"), and the
    # directory is small: decide in Python over (id, list) pairs, one query.
    ids = [pk for pk, values in services.values_list("pk", field) if accepted(values)]
    return services.filter(pk__in=ids)


def _with_term(services: QuerySet[Service], term: hsds.Term) -> QuerySet[Service]:
    """The services that carry ``term`` as an attribute: a need they meet or a restriction they make."""
    if term.taxonomy.dimension == "need":
        return services.filter(needs__code=term.code)
    field = CATEGORY_FIELDS[term.taxonomy.dimension]
    return _with_any_value(services, field, lambda values: term.code in values)


def _with_taxonomy(services: QuerySet[Service], taxonomy: hsds.Taxonomy) -> QuerySet[Service]:
    """The services that carry any term of ``taxonomy``."""
    if taxonomy.dimension == "need":
        return services.filter(pk__in=Service.needs.through.objects.values("service_id"))
    field = CATEGORY_FIELDS[taxonomy.dimension]
    known = {term.code for term in hsds.vocabulary().terms if term.taxonomy == taxonomy}
    return _with_any_value(services, field, lambda values: bool(known.intersection(values)))


def _filter_services(services: QuerySet[Service], request: Request) -> QuerySet[Service]:
    vocabulary = hsds.vocabulary()
    if (organisation_id := _uuid_param(request, "organization_id")) is not None:
        services = services.filter(organisation_id=organisation_id)
    if (since := _datetime_param(request, "modified_after")) is not None:
        services = services.filter(updated_at__gte=since)
    if (term_id := _uuid_param(request, "taxonomy_term_id")) is not None:
        term = vocabulary.terms_by_id.get(term_id)
        services = _with_term(services, term) if term else services.none()
    if (taxonomy_id := _uuid_param(request, "taxonomy_id")) is not None:
        taxonomy = vocabulary.taxonomies_by_id.get(taxonomy_id)
        services = _with_taxonomy(services, taxonomy) if taxonomy else services.none()
    return _search(services, request)


def _organization(organisation: Organisation, full_services: bool) -> hsds.HsdsObject:
    """An organization with the services prefetched into ``published_services``."""
    services: list[Service] = getattr(organisation, "published_services")  # noqa: B009 (set by Prefetch to_attr)
    return hsds.organization_full(organisation, services, full_services=full_services)


def _term_mentions(term: hsds.Term, text: str) -> bool:
    return any(text in field.lower() for field in (term.code, term.name, term.description))


# --- views ---------------------------------------------------------------------------------


class _PublicView(APIView):
    # No authentication at all: a stale or wrong token must not turn a public read into a 401.
    authentication_classes = ()
    permission_classes = (AllowAny,)


class RootView(_PublicView):
    """Which HSDS version this API speaks, its profile and its OpenAPI document."""

    @_documented("hsds_root")
    def get(self, request: Request) -> Response:
        # HSDS asks for the OpenAPI *JSON* document; our schema view answers YAML unless told.
        openapi_url = request.build_absolute_uri(reverse("schema") + "?format=json")
        return Response(hsds.root(openapi_url, request.build_absolute_uri(reverse("hsds-profile"))))


class ProfileView(_PublicView):
    """What our HSDS profile adds to HSDS 3.0: the taxonomies and how services link to them."""

    @_documented("hsds_profile")
    def get(self, request: Request) -> Response:
        return Response(hsds.profile())


class ServiceListView(_PublicView):
    """Published services, one-to-one fields (``?full=true``: fully nested)."""

    @_documented(
        "hsds_services_list",
        [
            *_PAGE_PARAMETERS,
            _SEARCH,
            _FULL,
            OpenApiParameter("taxonomy_term_id", uuid.UUID),
            OpenApiParameter("taxonomy_id", uuid.UUID),
            OpenApiParameter("organization_id", uuid.UUID),
            OpenApiParameter("modified_after", datetime, description="Alleen diensten gewijzigd vanaf dit tijdstip."),
        ],
    )
    def get(self, request: Request) -> Response:
        services = _filter_services(published_services().select_related("organisation"), request)
        if _flag(request, "full"):
            return _paged(request, services.prefetch_related("needs", "regions"), hsds.service_full)
        return _paged(request, services, hsds.service_list_item)


class ServiceDetailView(_PublicView):
    """One published service, fully nested with its organization."""

    @_documented("hsds_services_retrieve")
    def get(self, request: Request, pk: str) -> Response:
        services = published_services().select_related("organisation").prefetch_related("needs", "regions")
        return Response(hsds.service_full(get_object_or_404(services, pk=_uuid_or_404(pk))))


class OrganizationListView(_PublicView):
    """Published organizations, one-to-one fields (``?full=true``: with their services)."""

    @_documented("hsds_organizations_list", [*_PAGE_PARAMETERS, _SEARCH, _FULL, _FULL_SERVICE])
    def get(self, request: Request) -> Response:
        organisations = _search(published_organisations(), request)
        full, full_services = _flag(request, "full"), _flag(request, "full_service")
        if not full:
            return _paged(request, organisations, hsds.organization_list_item)
        organisations = organisations.prefetch_related(
            Prefetch("services", queryset=_nested_services(full=full_services), to_attr="published_services")
        )
        return _paged(request, organisations, lambda entry: _organization(entry, full_services))


class OrganizationDetailView(_PublicView):
    """One published organization with its published services (``?full_service=true``: fully nested)."""

    @_documented("hsds_organizations_retrieve", [_FULL_SERVICE])
    def get(self, request: Request, pk: str) -> Response:
        full_services = _flag(request, "full_service")
        organisations = published_organisations().prefetch_related(
            Prefetch("services", queryset=_nested_services(full=full_services), to_attr="published_services")
        )
        organisation = get_object_or_404(organisations, pk=_uuid_or_404(pk))
        return Response(_organization(organisation, full_services))


class TaxonomyListView(_PublicView):
    """Our fixed vocabularies (needs, victim categories) as HSDS taxonomies."""

    @_documented("hsds_taxonomies_list", _PAGE_PARAMETERS)
    def get(self, request: Request) -> Response:
        return _paged(request, hsds.vocabulary().taxonomies, hsds.taxonomy_object)


class TaxonomyDetailView(_PublicView):
    """One of our taxonomies."""

    @_documented("hsds_taxonomies_retrieve")
    def get(self, request: Request, pk: str) -> Response:
        taxonomy = hsds.vocabulary().taxonomies_by_id.get(_uuid_or_404(pk))
        if taxonomy is None:
            raise NotFound()
        return Response(hsds.taxonomy_object(taxonomy))


class TaxonomyTermListView(_PublicView):
    """The terms of our taxonomies (``?taxonomy_id=`` for one taxonomy)."""

    @_documented("hsds_taxonomy_terms_list", [*_PAGE_PARAMETERS, _SEARCH, OpenApiParameter("taxonomy_id", uuid.UUID)])
    def get(self, request: Request) -> Response:
        terms: Sequence[hsds.Term] = hsds.vocabulary().terms
        if (taxonomy_id := _uuid_param(request, "taxonomy_id")) is not None:
            terms = [term for term in terms if term.taxonomy.id == taxonomy_id]
        if text := request.query_params.get("search", "").strip().lower():
            terms = [term for term in terms if _term_mentions(term, text)]
        return _paged(request, terms, hsds.taxonomy_term_object)


class TaxonomyTermDetailView(_PublicView):
    """One term: a need or a victim category value."""

    @_documented("hsds_taxonomy_terms_retrieve")
    def get(self, request: Request, pk: str) -> Response:
        term = hsds.vocabulary().terms_by_id.get(_uuid_or_404(pk))
        if term is None:
            raise NotFound()
        return Response(hsds.taxonomy_term_object(term))
