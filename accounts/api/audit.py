"""The access log, for auditors only: who read which case record, when and how."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import AccessLog, Role


class IsAuditor(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return getattr(request.user, "role", "") == Role.AUDITOR


class AccessLogSerializer(serializers.ModelSerializer[AccessLog]):
    username = serializers.CharField(source="user.username", read_only=True)
    referral = serializers.UUIDField(source="object_id", read_only=True)

    class Meta:
        model = AccessLog
        fields = [
            "id",
            "at",
            "user",
            "username",
            "object_type",
            "referral",
            "action",
            "channel",
            "detail",
            "ip_address",
        ]
        read_only_fields = fields


class AccessLogView(generics.ListAPIView):  # type: ignore[type-arg]
    """``GET /api/v1/audit/access/?referral=<id>&user=<id>``: newest first."""

    permission_classes = [IsAuthenticated, IsAuditor]
    serializer_class = AccessLogSerializer

    def get_queryset(self) -> QuerySet[AccessLog]:
        queryset = AccessLog.objects.select_related("user")
        for name, field in (("referral", "object_id"), ("user", "user_id")):
            raw = self.request.query_params.get(name)
            if raw:
                try:
                    value = uuid.UUID(raw)
                except ValueError:
                    raise serializers.ValidationError({name: _("Geen geldige id.")}) from None
                queryset = queryset.filter(**{field: value})
        return queryset
