"""Token login, expiry and logout; lock-out on username + address; web login."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/accounts/me/"


def login(client, username, password, address="10.0.0.1"):
    return client.post(TOKEN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, format="json")


def test_token_login_returns_an_expiring_token(cast, client_for):
    client = client_for(None)
    response = login(client, "coordinator", PASSWORD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    expires_at = dt.datetime.fromisoformat(body["expires_at"])
    assert expires_at.tzinfo is not None
    remaining = expires_at - timezone.now()
    assert settings.TOKEN_TTL - dt.timedelta(minutes=1) < remaining <= settings.TOKEN_TTL
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get(ME_URL).json()["username"] == "coordinator"


def test_token_is_stored_hashed(cast, client_for):
    from knox.models import AuthToken

    token = login(client_for(None), "coordinator", PASSWORD).json()["token"]
    stored = AuthToken.objects.get(user=cast["coordinator"])
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128


def test_expired_token_answers_401(cast, client_for):
    client = client_for(None)
    token = login(client, "coordinator", PASSWORD).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    with time_machine.travel(timezone.now() + settings.TOKEN_TTL + dt.timedelta(seconds=1)):
        response = client.get(ME_URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_logout_revokes_the_token(cast, client_for):
    client = client_for(None)
    token = login(client, "coordinator", PASSWORD).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get(ME_URL).status_code == 401
    assert client.post("/api/v1/auth/logout/").status_code == 401


def test_logout_revokes_only_that_token(cast, client_for):
    first, second = client_for(cast["coordinator"]), client_for(cast["coordinator"])
    first.post("/api/v1/auth/logout/")
    assert second.get(ME_URL).status_code == 200


def test_unknown_user_and_wrong_password_get_the_same_answer(cast, client_for):
    client = client_for(None)
    wrong_password = login(client, "coordinator", "not-the-password")
    unknown_user = login(client, "nobody-by-this-name", "not-the-password")
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()


def test_inactive_user_cannot_log_in(cast, client_for):
    UserFactory(username="former", organisation=cast.police_north, is_active=False)
    response = login(client_for(None), "former", PASSWORD)
    assert response.status_code == 401


def test_missing_fields_are_field_errors(cast, client_for):
    response = client_for(None).post(TOKEN_URL, {"username": "coordinator"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["fields"]


@pytest.mark.parametrize("username", ["coordinator", "nobody-by-this-name"])
def test_lockout_after_repeated_failures(cast, client_for, username):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, username, "wrong-password-xx").status_code == 401
    locked = login(client, username, "wrong-password-xx")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert int(locked["Retry-After"]) > 0
    # Locked even with the right password, and the same answer for a real and an unknown user.
    again = login(client, username, PASSWORD)
    assert again.status_code == 429
    assert again.json() == locked.json()


def test_lockout_is_per_username_and_address(cast, client_for):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "coordinator", "wrong-password-xx", address="10.0.0.66")
    assert login(client, "coordinator", PASSWORD, address="10.0.0.66").status_code == 429
    # The attacker's address cannot lock the colleague out elsewhere.
    assert login(client, "coordinator", PASSWORD, address="10.0.0.2").status_code == 200
    assert login(client, "signaller", PASSWORD, address="10.0.0.66").status_code == 200


def test_lockout_ends_after_the_cool_off(cast, client_for):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "coordinator", "wrong-password-xx")
    assert login(client, "coordinator", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=5)):
        assert login(client, "coordinator", PASSWORD).status_code == 200


def test_web_login_and_its_lockout(cast, client):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert 'for="id_username"' in page.content.decode()
    ok = client.post(reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD})
    assert ok.status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "auditor", "password": "wrong-password-xx"})
    locked = client.post(reverse("accounts:login"), {"username": "auditor", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in locked.content.decode()


def test_web_session_ends_after_idle_time(cast, client):
    client.post(reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD})
    assert client.get(ME_URL).status_code == 200
    idle = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 60)
    with time_machine.travel(timezone.now() + idle):
        assert client.get(ME_URL).status_code == 401


def test_passwords_are_hashed_with_argon2(cast):
    from django.contrib.auth.hashers import make_password

    assert make_password("een-lang-en-sterk-wachtwoord").startswith("argon2$")
