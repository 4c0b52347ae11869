"""Accounts API: token login and logout, the caller's own profile, user management by staff."""

from __future__ import annotations

import logging

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MeSerializer, TokenLoginSerializer, TokenSerializer, UserSerializer
from accounts.auth import TokenAuthentication
from accounts.filters import UserFilter
from accounts.models import User
from nvm.idempotency import IdempotentWritesMixin

logger = logging.getLogger(__name__)


class TokenLoginView(APIView):
    """Exchange a username and password for a hashed, expiring API token.

    Authentication goes through django-axes (``authenticate(request=...)``), so
    repeated failures lock the username from that address out. An unknown user
    and a wrong password get the same answer.
    """

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request: Request) -> str:
        return "Token"  # so that refused credentials answer 401, not 403

    @extend_schema(request=TokenLoginSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        form = TokenLoginSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if user is None:
            # When django-axes has locked the pair out, its middleware replaces this answer with a 429.
            raise AuthenticationFailed(_("Gebruikersnaam of wachtwoord onjuist."), code="invalid_credentials")
        instance, token = AuthToken.objects.create(user=user)
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        logger.info("api token issued user=%s expires_at=%s", user.pk, instance.expiry.isoformat())
        return Response({"token": token, "expires_at": serializers.DateTimeField().to_representation(instance.expiry)})


class LogoutView(APIView):
    """Revoke the token this request was made with."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        token = request.auth
        if isinstance(token, AuthToken):
            token.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Who am I: role and organisation of the caller."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        if not isinstance(user, User):
            raise NotAuthenticated
        return Response(MeSerializer(user).data)


class UserViewSet(
    IdempotentWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """User management, for staff only. Users are deactivated, never deleted: history refers to them."""

    serializer_class = UserSerializer
    permission_classes = [IsAuthenticated, IsAdminUser]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = UserFilter

    def get_queryset(self) -> QuerySet[User]:
        return User.objects.all()
