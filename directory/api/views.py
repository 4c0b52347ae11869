"""Directory API views: thin declarations over the querysets that decide visibility."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated

from directory.api.serializers import OrganisationSerializer, RegionSerializer
from directory.models import Organisation, Region


class DirectoryPermissions(DjangoModelPermissions):
    """Anyone signed in reads; creating and changing needs the directory editor's model permissions."""

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


class RegionViewSet(_ReadCreateUpdate):
    """Police regions and national units. Editors create and rename them."""

    serializer_class = RegionSerializer
    queryset = Region.objects.all()
    lookup_field = "code"
    filterset_fields = ["code"]


class OrganisationViewSet(_ReadCreateUpdate):
    """Organisations in the chain. Unpublished ones are visible to directory editors only."""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "published", "is_national_coordinator"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return (
            Organisation.objects.restrict(self.request.user)
            .select_related("coordinates_region")
            .prefetch_related("regions")
        )
