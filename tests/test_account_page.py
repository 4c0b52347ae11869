"""The account page (/accounts/mijn-account/): who you are, your password, where language and e-mail are chosen."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import PASSWORD

URL = "/accounts/mijn-account/"
NEW_PASSWORD = "paars-olifant-rekenmachine-7"


def page(response):
    return response.content.decode()


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_role_finds_its_account_in_the_menu(client, cast, role):
    user = cast[role]
    client.force_login(user)
    assert f'href="{URL}"' in page(client.get("/"))
    response = client.get(URL)
    assert response.status_code == 200
    text = page(response)
    assert user.username in text
    assert str(user.get_role_display()) in text
    assert user.organisation.name in text
    assert 'href="/meldingen/#email"' in text  # where the e-mail choice lives
    assert client.get("/meldingen/").status_code == 200


def test_the_password_changes_and_this_session_stays_signed_in(client, cast):
    user = cast["provider"]
    client.force_login(user)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain == [(URL, 302)]
    assert "Uw wachtwoord is gewijzigd." in page(response)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, "old_password", ""),
        ({"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "anders"}, "new_password2", ""),
        ({"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"}, "new_password2", "12"),
        ({"old_password": "a\x00b", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, "old_password", ""),
    ],
)
def test_a_refused_change_says_why_next_to_the_field_and_changes_nothing(client, cast, data, field, message):
    user = cast["signaller"]
    client.force_login(user)
    response = client.post(URL, data)
    assert response.status_code == 400
    text = page(response)
    assert "Uw wachtwoord is niet gewijzigd." in text
    assert 'role="alert"' in text
    assert f'id="id_{field}_error"' in text
    described = re.search(
        rf'id="id_{field}"[^>]*aria-describedby="([^"]*)"|aria-describedby="([^"]*)"[^>]*id="id_{field}"', text
    )
    assert described is not None
    assert f"id_{field}_error" in (described.group(1) or described.group(2)).split()  # the error is read out
    assert message in text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
