"""Directory API views: thin declarations over the querysets that decide visibility."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, DjangoModelPermissions, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.api.serializers import (
    MatchQuerySerializer,
    OrganisationSerializer,
    RegionSerializer,
    RegulationSerializer,
    ServiceSerializer,
    coverage_body,
    match_body,
    need_body,
)
from directory.models import Need, Organisation, Region, Regulation, Service
from directory.selectors import coverage, match_services
from directory.services import set_published


class DirectoryPermissions(DjangoModelPermissions):
    """Anyone signed in reads; creating, changing and publishing need the directory editor's permissions."""

    authenticated_users_only = True


class _ReadCreateUpdate(
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
    filterset_fields = ["code"]


class OrganisationViewSet(_Publishable):
    """Organisations in the chain. Unpublished ones are visible to directory editors only."""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "published", "is_national_coordinator"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return (
            Organisation.objects.restrict(self.request.user)
            .select_related("coordinates_region")
            .prefetch_related("regions")
        )


class ServiceViewSet(_Publishable):
    """What organisations offer, for whom and where. Drafts are visible to directory editors only."""

    serializer_class = ServiceSerializer
    filterset_fields = ["organisation", "national", "published"]

    def get_queryset(self) -> QuerySet[Service]:
        queryset = Service.objects.restrict(self.request.user).prefetch_related("needs", "regions")
        need = self.request.query_params.get("need")
        return queryset.filter(needs__code=need) if need else queryset


class RegulationViewSet(_Publishable):
    """Arrangements such as the B8 permit, the reflection period, COSM and the Schadefonds."""

    serializer_class = RegulationSerializer
    lookup_field = "code"
    filterset_fields = ["organisation", "published"]

    def get_queryset(self) -> QuerySet[Regulation]:
        return Regulation.objects.restrict(self.request.user).prefetch_related("needs")


class NeedListView(APIView):
    """The fixed needs taxonomy, labels in the request's language."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response([need_body(need) for need in Need.objects.all()])


class MatchView(APIView):
    """Who can help with this need for this person? Results best first; no results is a white spot."""

    @extend_schema(parameters=[MatchQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        query = MatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = match_services(viewer=request.user, profile=query.profile(), need=query.validated_data["need"])
        return Response(match_body(result))


class CanSeeCoverage(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("directory.view_coverage"))


class CoverageView(APIView):
    """Per need and region, how many published services can be reached (0 = white spot)."""

    permission_classes = [IsAuthenticated, CanSeeCoverage]

    @extend_schema(
        parameters=[
            OpenApiParameter("by", str, enum=["gender", "age_group", "nationality_group", "exploitation_form"])
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        by = request.query_params.get("by") or None
        if by not in {None, "gender", "age_group", "nationality_group", "exploitation_form"}:
            raise serializers.ValidationError({"by": "Kies gender, age_group, nationality_group of exploitation_form."})
        return Response(coverage_body(coverage(by=by)))
