"""Serializers of the accounts API (API.md "Authentication")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from rest_framework import serializers

from accounts.models import Role, User
from directory.api.serializers import OrganisationSummarySerializer
from directory.models import Organisation
from nvm.api import SaveChangesOnlyMixin


class TokenLoginSerializer(serializers.Serializer[None]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(trim_whitespace=False, write_only=True, max_length=4096)
    otp_code = serializers.CharField(required=False, allow_blank=True, max_length=16)


class TokenSerializer(serializers.Serializer[None]):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class MeSerializer(serializers.ModelSerializer[User]):
    # Staff who manage accounts have no case role and no organisation.
    role = serializers.ChoiceField(choices=[("", "-"), *Role.choices], read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "role", "organisation", "is_staff"]
        read_only_fields = fields


class UserSerializer(SaveChangesOnlyMixin, serializers.ModelSerializer[User]):
    """Users as staff manage them. The password is write-only and must pass the password rules."""

    password = serializers.CharField(write_only=True, required=False, trim_whitespace=False, max_length=4096)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = User
        fields = ["id", "username", "password", "role", "organisation", "is_active", "email"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        role = attrs.get("role", getattr(self.instance, "role", ""))
        organisation = attrs.get("organisation", getattr(self.instance, "organisation", None))
        if role and organisation is None:
            raise serializers.ValidationError(
                {"organisation": _("Een gebruiker met een rol hoort bij een organisatie.")}
            )
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": _("Geef een wachtwoord.")})
        password = attrs.get("password")
        if password:
            candidate = self.instance or User(**{k: v for k, v in attrs.items() if k != "password"})
            try:
                password_validation.validate_password(password, candidate)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"password": list(error.messages)}) from None
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> User:
        password = validated_data.pop("password")
        user = User(**validated_data)
        user.set_password(password)
        user.save()
        return user

    @transaction.atomic
    def update(self, instance: User, validated_data: dict[str, Any]) -> User:
        password = validated_data.pop("password", None)
        if password:
            instance.set_password(password)
            validated_data["password"] = instance.password
        super().update(instance, validated_data)
        if password or not instance.is_active:
            # A new password or a deactivated account ends every API session of that user.
            AuthToken.objects.filter(user=instance).delete()
        return instance
