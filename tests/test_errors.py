"""Every 4xx answer has the same JSON shape; domain errors map to their status in one place."""

from __future__ import annotations

import pytest
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.test import APIRequestFactory

from nvm.api import flatten_errors
from nvm.errors import Conflict, PreconditionFailed, TransitionNotAllowed


def test_401_shape(db, client_for):
    body = client_for(None).get("/api/v1/accounts/me/").json()
    assert body == {"detail": body["detail"], "code": "not_authenticated"}


def test_403_shape(cast, client_for):
    body = client_for(cast["signaller"]).get("/api/v1/accounts/users/").json()
    assert body["code"] == "permission_denied"
    assert isinstance(body["detail"], str)


def test_404_shape_for_a_missing_object(cast, client_for):
    response = client_for(cast["signaller"]).get("/api/v1/directory/regions/no-such-region/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_404_shape_for_an_unknown_api_url(db, client):
    response = client.get("/api/v1/no/such/endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_404_page_outside_the_api_is_html(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_405_shape(cast, client_for):
    response = client_for(cast["signaller"]).post("/api/v1/accounts/me/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_malformed_json_is_a_400_with_detail(cast, client_for):
    response = client_for(cast["directory_editor"]).generic(
        "POST", "/api/v1/directory/regions/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (TransitionNotAllowed("Deze verwijzing is al gesloten."), 409, "transition_not_allowed"),
        (Conflict("Iemand anders was u voor."), 409, "conflict"),
        (PreconditionFailed("Uw versie is verouderd."), 412, "precondition_failed"),
    ],
)
def test_domain_errors_map_to_their_status(db, error, status, code):
    @api_view(["POST"])
    @authentication_classes([])
    @permission_classes([])
    def action(request):
        raise error

    response = action(APIRequestFactory().post("/api/v1/example/"))
    assert response.status_code == status
    assert response.data == {"detail": error.message, "code": code}


def test_flatten_errors_gives_one_message_per_field():
    nested = {
        "name": ["Dit veld is verplicht.", "Nog iets."],
        "routes": [{}, {"need": ["Onbekend."]}],
        "non_field_errors": ["Algemeen."],
    }
    assert flatten_errors(nested) == {
        "name": "Dit veld is verplicht.",
        "routes.1.need": "Onbekend.",
        "non_field_errors": "Algemeen.",
    }
