"""Helpers that walk a referral through its lifecycle over the API, as the real actors would."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import referral_data


class Flow:
    """Drives referrals over HTTP with real tokens for the cast."""

    def __init__(self, cast, client_for):
        self.cast = cast
        self.client_for = client_for
        self._clients = {}

    def client(self, user):
        if user.pk not in self._clients:
            self._clients[user.pk] = self.client_for(user)
        return self._clients[user.pk]

    def as_role(self, role):
        return self.client(self.cast[role])

    def create(self, user=None, **overrides):
        user = user or self.cast["signaller"]
        response = self.client(user).post(reverse("referral-list"), referral_data(**overrides), format="json")
        assert response.status_code == 201, response.content
        return response.json()

    def act(self, user, referral_id, action, body=None):
        return self.client(user).post(reverse(f"referral-{action}", args=[referral_id]), body or {}, format="json")

    def submitted(self, **overrides):
        referral = self.create(**overrides)
        response = self.act(self.cast["signaller"], referral["id"], "submit")
        assert response.status_code == 200, response.content
        return response.json()

    def accepted(self, **overrides):
        referral = self.submitted(**overrides)
        response = self.act(self.cast["coordinator"], referral["id"], "accept")
        assert response.status_code == 200, response.content
        return response.json()

    def routed(self, service, need="shelter", *, send=True, **overrides):
        referral = self.accepted(**overrides)
        coordinator = self.client(self.cast["coordinator"])
        response = coordinator.post(
            reverse("referral-routes", args=[referral["id"]]), {"need": need, "service": str(service.pk)}, format="json"
        )
        assert response.status_code == 201, response.content
        route = response.json()
        if send:
            sent = coordinator.post(reverse("route-send", args=[route["id"]]))
            assert sent.status_code == 200, sent.content
            route = sent.json()
        return referral, route
