"""The generic API contract that every resource declares (STYLE.md practice 9).

A resource test is a small subclass that says which URL it lives at, which
roles may read and write it, how to make one object and what a valid create
and update look like. The base class then checks the shared promises: 401 for
anonymous callers, 403 for roles that may not write, 201 with a history row
naming the actor (under token authentication), a PATCH that records its actor,
a no-op PATCH that adds no history, the JSON error shape for invalid input and
a query ceiling on lists that does not grow with the page.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models
from django.urls import reverse

from accounts.models import User
from tests.conftest import ROLES, Cast


class APIContract:
    basename: ClassVar[str]
    model: ClassVar[type[models.Model]]
    lookup: ClassVar[str] = "pk"
    #: roles (or "staff") that may list and read; everyone else signed in gets 403
    read_roles: ClassVar[set[str]]
    #: roles (or "staff") that may create and change; everyone else signed in gets 403
    write_roles: ClassVar[set[str]]
    max_list_queries: ClassVar[int] = 8

    # --- what each resource declares -------------------------------------

    def make(self, cast: Cast, n: int) -> models.Model:
        raise NotImplementedError

    def create_data(self, cast: Cast) -> dict[str, Any]:
        raise NotImplementedError

    def update_data(self, cast: Cast, obj: models.Model) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_data(self, cast: Cast) -> tuple[dict[str, Any], str]:
        """A create body that must be refused, and the field the error must name."""
        raise NotImplementedError

    # --- helpers ----------------------------------------------------------

    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj: models.Model) -> str:
        return reverse(f"{self.basename}-detail", args=[getattr(obj, self.lookup)])

    @staticmethod
    def actor(cast: Cast, who: str) -> User:
        return cast.staff if who == "staff" else cast[who]

    def writer(self, cast: Cast) -> User:
        return self.actor(cast, sorted(self.write_roles)[0])

    @staticmethod
    def everyone() -> list[str]:
        return [*ROLES, "staff"]

    # --- the contract -----------------------------------------------------

    def test_anonymous_gets_401(self, cast, client_for):
        obj = self.make(cast, 0)
        anonymous = client_for(None)
        for response in (
            anonymous.get(self.list_url()),
            anonymous.get(self.detail_url(obj)),
            anonymous.post(self.list_url(), self.create_data(cast), format="json"),
        ):
            assert response.status_code == 401, response.content
            assert set(response.json()) >= {"detail", "code"}

    def test_readers_read_and_others_are_refused(self, cast, client_for):
        obj = self.make(cast, 0)
        for who in self.everyone():
            client = client_for(self.actor(cast, who))
            expected = 200 if who in self.read_roles else 403
            assert client.get(self.list_url()).status_code == expected, who
            assert client.get(self.detail_url(obj)).status_code == expected, who

    def test_writers_create_with_history_and_others_get_403(self, cast, client_for):
        for who in self.everyone():
            if who in self.write_roles:
                continue
            response = client_for(self.actor(cast, who)).post(self.list_url(), self.create_data(cast), format="json")
            assert response.status_code == 403, (who, response.content)
            assert "detail" in response.json()
        writer = self.writer(cast)
        before = self.model.objects.count()  # type: ignore[attr-defined]
        response = client_for(writer).post(self.list_url(), self.create_data(cast), format="json")
        assert response.status_code == 201, response.content
        assert self.model.objects.count() == before + 1  # type: ignore[attr-defined]
        created = self.model.objects.get(pk=response.json().get("id") or self._pk_from(response.json()))  # type: ignore[attr-defined]
        rows = list(created.history.order_by("history_date"))
        assert rows[0].history_type == "+"
        # Many-to-many fields set after the insert add rows of their own; all name the actor.
        assert {row.history_user for row in rows} == {writer}, "the actor under token authentication is recorded"

    def _pk_from(self, body: dict[str, Any]) -> Any:
        return self.model.objects.get(**{self.lookup: body[self.lookup]}).pk  # type: ignore[attr-defined]

    def test_patch_records_the_actor_and_noop_patch_adds_no_history(self, cast, client_for):
        obj = self.make(cast, 0)
        writer = self.writer(cast)
        client = client_for(writer)
        response = client.patch(self.detail_url(obj), self.update_data(cast, obj), format="json")
        assert response.status_code == 200, response.content
        obj.refresh_from_db()
        latest = obj.history.latest()  # type: ignore[attr-defined]
        assert latest.history_type == "~"
        assert latest.history_user == writer
        rows = obj.history.count()  # type: ignore[attr-defined]
        again = client.patch(self.detail_url(obj), self.update_data(cast, obj), format="json")
        assert again.status_code == 200
        assert obj.history.count() == rows, "a PATCH that changes nothing writes no history"  # type: ignore[attr-defined]

    def test_non_writers_cannot_patch(self, cast, client_for):
        obj = self.make(cast, 0)
        for who in self.everyone():
            if who in self.write_roles or who not in self.read_roles:
                continue
            response = client_for(self.actor(cast, who)).patch(
                self.detail_url(obj), self.update_data(cast, obj), format="json"
            )
            assert response.status_code == 403, who

    def test_invalid_create_answers_the_error_shape(self, cast, client_for):
        body, field = self.invalid_data(cast)
        before = self.model.objects.count()  # type: ignore[attr-defined]
        response = client_for(self.writer(cast)).post(self.list_url(), body, format="json")
        assert response.status_code == 400, response.content
        payload = response.json()
        assert isinstance(payload["detail"], str)
        assert payload["code"] == "invalid"
        assert isinstance(payload["fields"][field], str), payload
        assert self.model.objects.count() == before, "nothing is half-saved"  # type: ignore[attr-defined]

    @pytest.mark.parametrize("size", [3, 30])
    def test_list_queries_do_not_grow_with_the_page(self, cast, client_for, size, django_assert_max_num_queries):
        for n in range(size):
            self.make(cast, n + 1)
        client = client_for(self.writer(cast))
        with django_assert_max_num_queries(self.max_list_queries):
            response = client.get(self.list_url(), {"page_size": 100})
        assert response.status_code == 200
        assert response.json()["count"] >= size
