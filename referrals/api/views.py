"""Referral API: thin views over ``restrict`` (who sees what) and the services (every write)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockout import client_ip
from accounts.models import Role, User, record_access
from directory.api.serializers import MatchSerializer, match_body
from directory.selectors import match_services
from directory.vocabulary import NeedCode
from nvm.api import etag, if_match_version
from nvm.errors import Forbidden
from nvm.idempotency import IdempotentWritesMixin
from referrals import services
from referrals.api.serializers import (
    CloseSerializer,
    EventSerializer,
    PhaseSerializer,
    ReasonSerializer,
    ReassignSerializer,
    ReferralSerializer,
    ReferralWriteSerializer,
    RouteProposeSerializer,
    RouteSerializer,
    event_body,
    referral_body,
)
from referrals.filters import ReferralFilter
from referrals.models import Referral, Route
from referrals.querysets import (
    ROUTE_STATUSES_VISIBLE_TO_PROVIDER,
    View,
    may_read_history,
    may_read_referrals,
    view_of,
)

#: A UUID in its usual form; anything else in the path is simply not found.
UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class CanUseReferrals(BasePermission):
    """Analysts and accounts without a case role never reach a single referral: 403."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return may_read_referrals(request.user)


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first; this keeps the type checker honest
        raise Forbidden("")
    return user


def _log_read(request: Request, referral: Referral, what: str) -> None:
    record_access(
        user=_user(request),
        object_type="referral",
        object_id=referral.id,
        action=what,
        channel="api",
        ip=client_ip(request._request),
    )


IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description='The ETag of the last GET, e.g. "3".')


@extend_schema_view(
    list=extend_schema(responses=ReferralSerializer(many=True)),
    retrieve=extend_schema(responses=ReferralSerializer),
    create=extend_schema(request=ReferralWriteSerializer, responses={201: ReferralSerializer}),
    partial_update=extend_schema(
        request=ReferralWriteSerializer,
        responses=ReferralSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match", str, OpenApiParameter.HEADER, description='The ETag of the last GET, e.g. "3".'
            )
        ],
    ),
)
class ReferralViewSet(IdempotentWritesMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Anonymised referrals, their lifecycle actions, history, matches and routes."""

    permission_classes = [IsAuthenticated, CanUseReferrals]
    filterset_class = ReferralFilter
    lookup_value_regex = UUID_PATTERN
    serializer_class = ReferralWriteSerializer

    def get_queryset(self) -> QuerySet[Referral]:
        user = self.request.user
        queryset = Referral.objects.restrict(user).select_related("region")
        if getattr(user, "role", "") == Role.PROVIDER:
            own_routes = Route.objects.filter(
                organisation=_user(self.request).organisation, status__in=ROUTE_STATUSES_VISIBLE_TO_PROVIDER
            )
            queryset = queryset.prefetch_related(Prefetch("routes", queryset=own_routes, to_attr="visible_routes"))
        return queryset

    # --- output -------------------------------------------------------------

    def _body(self, referral: Referral) -> dict[str, Any]:
        view = view_of(self.request.user, referral)
        needs = None
        if view is View.ROUTE:
            routes = getattr(referral, "visible_routes", None)
            if routes is None:
                routes = list(
                    referral.routes.filter(
                        organisation=_user(self.request).organisation,
                        status__in=ROUTE_STATUSES_VISIBLE_TO_PROVIDER,
                    )
                )
            needs = sorted({route.need for route in routes})
        return referral_body(referral, view, provider_needs=needs)

    def _answer(self, referral: Referral, code: int = status.HTTP_200_OK) -> Response:
        # Answered from the object the service returned: after a decline or a reassignment
        # the caller may no longer be allowed to look the referral up again.
        response = Response(self._body(referral), status=code)
        if view_of(self.request.user, referral) is View.FULL:
            response["ETag"] = etag(referral.version)
        return response

    def _valid(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        form = serializer_class(data=self.request.data)
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)

    # --- resource -----------------------------------------------------------

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        return self.get_paginated_response([self._body(referral) for referral in rows])

    def retrieve(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        _log_read(request, referral, "detail")
        return self._answer(referral)

    def create(self, request: Request) -> Response:
        data = self._valid(ReferralWriteSerializer)
        referral = services.referral_create(actor=_user(request), data=data)
        return self._answer(referral, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        form = ReferralWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        referral = services.referral_update(
            referral=referral,
            actor=_user(request),
            data=dict(form.validated_data),
            expected_version=if_match_version(request.headers.get("If-Match")),
        )
        return self._answer(referral)

    # --- lifecycle actions --------------------------------------------------

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._answer(services.referral_submit(referral=self.get_object(), actor=_user(request)))

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._answer(services.referral_accept(referral=self.get_object(), actor=_user(request)))

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        reason = self._valid(ReasonSerializer)["reason"]
        return self._answer(services.referral_decline(referral=referral, actor=_user(request), reason=reason))

    @extend_schema(request=ReassignSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        organisation = self._valid(ReassignSerializer)["organisation"]
        return self._answer(
            services.referral_reassign(referral=referral, actor=_user(request), organisation=organisation)
        )

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        reason = self._valid(ReasonSerializer)["reason"]
        return self._answer(services.referral_withdraw(referral=referral, actor=_user(request), reason=reason))

    @extend_schema(request=PhaseSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def phase(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        phase = self._valid(PhaseSerializer)["phase"]
        return self._answer(services.referral_set_phase(referral=referral, actor=_user(request), phase=phase))

    @extend_schema(request=CloseSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        outcome = self._valid(CloseSerializer)["outcome"]
        return self._answer(services.referral_close(referral=referral, actor=_user(request), outcome=outcome))

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._answer(services.referral_reopen(referral=self.get_object(), actor=_user(request)))

    # --- nested reads -------------------------------------------------------

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        """The readable event history, oldest first."""
        referral = get_object_or_404(Referral.objects.restrict(request.user, action="history"), pk=pk)
        if not may_read_history(request.user, referral):
            raise Forbidden("U ziet de status van deze verwijzing, niet haar geschiedenis.")
        _log_read(request, referral, "history")
        events = referral.events.select_related("actor").order_by("at", "id")
        return Response([event_body(event) for event in events])

    @extend_schema(
        parameters=[OpenApiParameter("need", str, required=True, enum=[*NeedCode.values])], responses=MatchSerializer
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def matches(self, request: Request, pk: str) -> Response:
        """The directory match for this referral's profile and one of its needs."""
        referral = self.get_object()
        user = _user(request)
        if user.role not in {Role.COORDINATOR, Role.NATIONAL_COORDINATOR}:
            raise Forbidden("Alleen zorgcoördinatoren zoeken een dienst voor een verwijzing.")
        need = request.query_params.get("need", "")
        if need not in NeedCode.values:
            raise serializers.ValidationError({"need": "Kies een hulpvraag van de verwijzing."})
        return Response(match_body(match_services(viewer=user, profile=referral.match_profile(), need=need)))

    @extend_schema(methods=["GET"], responses=RouteSerializer(many=True))
    @extend_schema(methods=["POST"], request=RouteProposeSerializer, responses={201: RouteSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def routes(self, request: Request, pk: str) -> Response:
        """The routes of a referral; POST proposes one service for one need."""
        referral = self.get_object()
        if _user(request).role not in {Role.COORDINATOR, Role.NATIONAL_COORDINATOR, Role.PROVIDER}:
            raise Forbidden("Waar iemand hulp krijgt, zien alleen de zorgcoördinatie en de hulpverlener.")
        if request.method == "POST":
            data = self._valid(RouteProposeSerializer)
            route = services.route_propose(
                referral=referral, actor=_user(request), need=data["need"], service=data["service"]
            )
            return Response(RouteSerializer(route).data, status=status.HTTP_201_CREATED)
        routes = Route.objects.restrict(request.user).filter(referral=referral)
        return Response(RouteSerializer(routes, many=True).data)


class RouteViewSet(IdempotentWritesMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """One route: sent by the coordinator, then accepted, declined or completed by the provider."""

    permission_classes = [IsAuthenticated, CanUseReferrals]
    serializer_class = RouteSerializer
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self) -> QuerySet[Route]:
        return Route.objects.restrict(self.request.user)

    def _act(self, request: Request, name: str, reason: str = "") -> Response:
        route = services.route_act(route=self.get_object(), actor=_user(request), action=name, reason=reason)
        return Response(RouteSerializer(route).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        return self._act(request, "send")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._act(request, "accept")

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._act(request, "decline", form.validated_data["reason"])

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        return self._act(request, "complete")
