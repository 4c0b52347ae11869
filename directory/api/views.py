"""Directory API views: thin declarations over the querysets that decide visibility."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, DjangoModelPermissions, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.api.serializers import (
    CoverageSerializer,
    MatchQuerySerializer,
    MatchSerializer,
    NeedSerializer,
    OrganisationSerializer,
    RegionSerializer,
    RegulationSerializer,
    ServiceSerializer,
    coverage_body,
    match_body,
    need_body,
)
from directory.filters import OrganisationFilter, RegionFilter, RegulationFilter, ServiceFilter
from directory.models import Need, Organisation, Region, Regulation, Service
from directory.selectors import coverage, match_services
from directory.services import set_published
from nvm.api import given
from nvm.idempotency import IdempotentWritesMixin


class DirectoryPermissions(DjangoModelPermissions):
    """Anyone signed in reads; creating, changing and publishing need the directory editor's permissions."""

    authenticated_users_only = True


class _ReadCreateUpdate(
    IdempotentWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [IsAuthenticated, DirectoryPermissions]


class _Publishable(_ReadCreateUpdate):
    """Editorial workflow: entries start as drafts; ``publish`` and ``unpublish`` switch them."""

    def _set_published(self, published: bool) -> Response:
        entry = self.get_object()
        set_published(entry=entry, published=published, actor=self.request.user)
        return Response(self.get_serializer(entry).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, **kwargs: Any) -> Response:
        return self._set_published(True)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, **kwargs: Any) -> Response:
        return self._set_published(False)


class RegionViewSet(_ReadCreateUpdate):
    """Police regions and national units. Editors create and rename them."""

    serializer_class = RegionSerializer
    queryset = Region.objects.all()
    lookup_field = "code"
    filterset_class = RegionFilter


class OrganisationViewSet(_Publishable):
    """Organisations in the chain. Unpublished ones are visible to directory editors only."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self) -> QuerySet[Organisation]:
        return (
            Organisation.objects.restrict(self.request.user)
            .select_related("coordinates_region")
            .prefetch_related("regions")
        )


class ServiceViewSet(_Publishable):
    """What organisations offer, for whom and where. Drafts are visible to directory editors only."""

    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter

    def get_queryset(self) -> QuerySet[Service]:
        return Service.objects.restrict(self.request.user).prefetch_related("needs", "regions")


class RegulationViewSet(_Publishable):
    """Arrangements such as the B8 permit, the reflection period, COSM and the Schadefonds."""

    serializer_class = RegulationSerializer
    lookup_field = "code"
    filterset_class = RegulationFilter

    def get_queryset(self) -> QuerySet[Regulation]:
        return Regulation.objects.restrict(self.request.user).prefetch_related("needs")


class NeedListView(APIView):
    """The fixed needs taxonomy, labels in the request's language."""

    @extend_schema(responses=NeedSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response([need_body(need) for need in Need.objects.all()])


class MatchView(APIView):
    """Who can help with this need for this person? Results best first; no results is a white spot."""

    @extend_schema(parameters=[MatchQuerySerializer], responses=MatchSerializer)
    def get(self, request: Request) -> Response:
        query = MatchQuerySerializer(data=given(request))
        query.is_valid(raise_exception=True)
        result = match_services(viewer=request.user, profile=query.profile(), need=query.validated_data["need"])
        return Response(match_body(result))


class CanSeeCoverage(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("directory.view_coverage"))


COVERAGE_CATEGORIES = ("gender", "age_group", "nationality_group", "exploitation_form")


class CoverageView(APIView):
    """Per need and region, how many published services can be reached (0 = white spot)."""

    permission_classes = [IsAuthenticated, CanSeeCoverage]

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(COVERAGE_CATEGORIES))],
        responses=CoverageSerializer,
    )
    def get(self, request: Request) -> Response:
        by = request.query_params.get("by") or None  # an empty parameter is no parameter (nvm/schema.py)
        if by is not None and by not in COVERAGE_CATEGORIES:
            raise serializers.ValidationError({"by": "Kies gender, age_group, nationality_group of exploitation_form."})
        return Response(coverage_body(coverage(by=by)))
