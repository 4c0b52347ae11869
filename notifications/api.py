"""Notifications API (API.md "Notifications"): one's own notifications only."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from notifications import services
from notifications.models import Notification, Preference
from notifications.words import message
from nvm.filters import BooleanChoiceFilter
from nvm.idempotency import IdempotentWritesMixin


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    message = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "referral", "message", "created_at", "read_at"]
        read_only_fields = fields

    def get_message(self, notification: Notification) -> str:
        return message(notification)


class PreferenceSerializer(serializers.ModelSerializer[Preference]):
    class Meta:
        model = Preference
        fields = ["deadlines", "others", "language"]


class PreferenceView(APIView):
    """``GET|PATCH /api/v1/notifications/preferences/``: how the caller hears by e-mail: ``at_once``,
    ``digest`` (daily) or ``none``, for deadline reminders and for everything else; and in which
    language."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PreferenceSerializer})
    def get(self, request: Request) -> Response:
        return Response(PreferenceSerializer(services.preference_of(_user(request))).data)

    @extend_schema(request=PreferenceSerializer, responses={200: PreferenceSerializer})
    def patch(self, request: Request) -> Response:
        serializer = PreferenceSerializer(services.preference_of(_user(request)), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        preference = services.set_preference(user=_user(request), **serializer.validated_data)
        return Response(PreferenceSerializer(preference).data)


class NotificationFilter(django_filters.FilterSet):  # type: ignore[misc]
    unread = BooleanChoiceFilter(method="only_unread")

    class Meta:
        model = Notification
        fields = ["unread"]

    def only_unread(self, queryset: QuerySet[Notification], name: str, value: str) -> QuerySet[Notification]:
        return queryset.filter(read_at__isnull=value == "true")


def _user(request: Request) -> User:
    if not isinstance(request.user, User):  # IsAuthenticated ran first; this keeps the type checker honest
        raise PermissionDenied
    return request.user


class NotificationViewSet(IdempotentWritesMixin, mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The caller's notifications, newest first; only those of referrals the caller still sees."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    permission_classes = [IsAuthenticated]
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Notification.objects.none()
        return services.visible_to(_user(self.request)).select_related("referral", "service")

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = services.mark_read(notification=self.get_object(), user=_user(request))
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: inline_serializer("ReadAll", {"marked": serializers.IntegerField()})})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.mark_all_read(user=_user(request))})
