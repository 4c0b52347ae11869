"""Handover API (API.md "Handovers"): thin views over ``Handover.objects.restrict`` and the services."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.lockout import client_ip
from accounts.models import User
from nvm.errors import Forbidden
from nvm.idempotency import IdempotentWritesMixin
from referrals.api.serializers import HandoverSerializer
from referrals.api.views import UUID_PATTERN, CanUseReferrals
from referrals.handovers import services
from referrals.handovers.delivery import document_response, log_download
from referrals.models import Handover, HandoverState


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first; this keeps the type checker honest
        raise Forbidden("")
    return user


class HandoverFilter(django_filters.FilterSet):  # type: ignore[misc]
    referral = django_filters.UUIDFilter(field_name="referral_id")

    class Meta:
        model = Handover
        fields = ["referral"]


class HandoverViewSet(
    IdempotentWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """The handovers the caller's organisation issued or received (CoMensha: all)."""

    serializer_class = HandoverSerializer
    filterset_class = HandoverFilter
    lookup_value_regex = UUID_PATTERN

    permission_classes = [IsAuthenticated, CanUseReferrals]

    def get_queryset(self) -> QuerySet[Handover]:
        return (
            Handover.objects.restrict(self.request.user)
            .select_related("superseded_by")
            .order_by("issued_at", "version")
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="the issued PDF")})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> HttpResponse | Response:
        handover = self.get_object()
        if handover.state != HandoverState.READY:
            body = {
                "detail": _("Het document is niet beschikbaar: %(state)s.") % {"state": handover.get_state_display()},
                "code": "not_ready",
                "state": handover.state,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        response = document_response(handover)
        log_download(_user(request), handover, channel="api", ip=client_ip(request._request))
        return response

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        handover = services.handover_acknowledge(handover=self.get_object(), actor=_user(request))
        return Response(HandoverSerializer(handover).data)

    @extend_schema(request=None, responses={201: HandoverSerializer})
    @action(detail=True, methods=["post"])
    def reissue(self, request: Request, pk: str) -> Response:
        handover = services.handover_reissue(handover=self.get_object(), actor=_user(request))
        return Response(HandoverSerializer(handover).data, status=status.HTTP_201_CREATED)


#: What a multipart body may carry beside the file (boundaries, headers of the part).
_MULTIPART_OVERHEAD = 64 * 1024


def _refuse_an_oversized_body(request: Request) -> None:
    """413 before the body is read, when its declared length is already too large for the check."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    services.refuse_too_large(declared - _MULTIPART_OVERHEAD)


class VerifyUpload(serializers.Serializer[None]):
    file = serializers.FileField(allow_empty_file=True)


class HandoverVerifyView(APIView):
    """``POST /api/v1/handovers/verify/`` (multipart ``file``): is this exactly a document we issued?

    Open to anyone holding a file (DESIGN §7), signed in or not; it answers only whether the bytes
    are an issued document and which handover's, which the document itself prints. Throttled and
    size-capped; reads stored hashes only."""

    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "handover_verify"

    @extend_schema(
        request={"multipart/form-data": VerifyUpload},
        responses={
            200: inline_serializer(
                "HandoverVerification",
                {"valid": serializers.BooleanField(), "handover": serializers.UUIDField(allow_null=True)},
            )
        },
    )
    def post(self, request: Request) -> Response:
        _refuse_an_oversized_body(request)
        form = VerifyUpload(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        handover = services.handover_for_file(upload.chunks(), size=upload.size)
        return Response({"valid": handover is not None, "handover": str(handover.id) if handover else None})
