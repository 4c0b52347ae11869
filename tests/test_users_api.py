"""User management by staff, and the caller's own profile."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from tests.contract import APIContract
from tests.factories import PASSWORD, UserFactory


class TestUserContract(APIContract):
    basename = "user"
    model = User
    read_roles = {"staff"}
    write_roles = {"staff"}

    def make(self, cast, n):
        return UserFactory(username=f"contract{n}", organisation=cast.police_north)

    def create_data(self, cast):
        return {
            "username": "nieuwe.collega",
            "password": "een-lang-en-sterk-wachtwoord",
            "role": "coordinator",
            "organisation": str(cast.coordination_north.pk),
            "is_active": True,
        }

    def update_data(self, cast, obj):
        return {"is_active": False}

    def invalid_data(self, cast):
        body = self.create_data(cast)
        body["password"] = "kort"
        return body, "password"


def test_created_user_logs_in_and_password_is_never_shown(cast, client_for):
    response = client_for(cast.staff).post(reverse("user-list"), TestUserContract().create_data(cast), format="json")
    assert response.status_code == 201
    assert "password" not in response.json()
    login = client_for(None).post(
        reverse("auth-token"), {"username": "nieuwe.collega", "password": "een-lang-en-sterk-wachtwoord"}
    )
    assert login.status_code == 200


def test_a_role_needs_an_organisation(cast, client_for):
    body = TestUserContract().create_data(cast)
    body["organisation"] = None
    response = client_for(cast.staff).post(reverse("user-list"), body, format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()["fields"]


def test_unknown_role_is_refused(cast, client_for):
    body = TestUserContract().create_data(cast)
    body["role"] = "emperor"
    response = client_for(cast.staff).post(reverse("user-list"), body, format="json")
    assert response.status_code == 400
    assert "role" in response.json()["fields"]


def test_password_history_is_not_kept(cast, client_for):
    user = UserFactory(organisation=cast.police_north)
    client_for(cast.staff).patch(
        reverse("user-detail", args=[user.pk]), {"password": "nog-een-sterk-wachtwoord"}, format="json"
    )
    assert not hasattr(user.history.latest(), "password")


def test_new_password_or_deactivation_ends_api_sessions(cast, client_for):
    user = UserFactory(organisation=cast.police_north)
    own = client_for(user)
    assert own.get(reverse("accounts-me")).status_code == 200
    client_for(cast.staff).patch(
        reverse("user-detail", args=[user.pk]), {"password": "nog-een-sterk-wachtwoord"}, format="json"
    )
    assert own.get(reverse("accounts-me")).status_code == 401
    own = client_for(user)
    client_for(cast.staff).patch(reverse("user-detail", args=[user.pk]), {"is_active": False}, format="json")
    assert own.get(reverse("accounts-me")).status_code == 401
    login = client_for(None).post(reverse("auth-token"), {"username": user.username, "password": PASSWORD})
    assert login.status_code == 401


def test_me_shows_role_and_organisation(cast, client_for):
    user = cast["coordinator"]
    body = client_for(user).get(reverse("accounts-me")).json()
    assert body["id"] == str(user.pk)
    assert body["username"] == "coordinator"
    assert body["role"] == "coordinator"
    assert body["organisation"] == {
        "id": str(cast.coordination_north.pk),
        "name": "Zorgcoördinatie Noord",
        "kind": "care_coordination",
    }


def test_me_of_a_user_without_organisation(cast, client_for):
    body = client_for(cast.staff).get(reverse("accounts-me")).json()
    assert body["organisation"] is None
    assert body["role"] == ""
