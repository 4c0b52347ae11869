"""The directory editor's pages under /wegwijzer/beheer/: who may use them, every write through the
services (with history), stale forms refused, errors next to their field, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Need, Organisation, Regulation, Service
from directory.services import version_of
from tests.factories import OrganisationFactory, RegulationFactory, ServiceFactory

KINDS = ["organisaties", "diensten", "regelingen"]


@pytest.fixture
def editor(client, cast):
    client.force_login(cast["directory_editor"])
    return client


@pytest.fixture
def entries(cast):
    return {
        "organisaties": OrganisationFactory(name="Conceptorganisatie", published=False),
        "diensten": ServiceFactory(
            organisation=cast.shelter_north,
            name="Conceptdienst",
            needs=["shelter"],
            regions=[cast.north],
            published=False,
        ),
        "regelingen": RegulationFactory(name="Conceptregeling", organisation=cast.victim_support, published=False),
    }


def _match(pattern, text):
    found = re.search(pattern, text, re.S)
    assert found is not None, pattern
    return found.group(0)


def page_urls(entries):
    urls = [reverse("wegwijzer:editor_index")]
    for kind, entry in entries.items():
        urls += [
            reverse("wegwijzer:editor_list", args=[kind]),
            reverse("wegwijzer:editor_new", args=[kind]),
            reverse("wegwijzer:editor_edit", args=[kind, entry.pk]),
            reverse("wegwijzer:editor_preview", args=[kind, entry.pk]),
        ]
    return urls


# --- who may ------------------------------------------------------------------------------------------------------


def test_every_page_answers_the_editor(editor, entries):
    for url in page_urls(entries):
        assert editor.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["signaller", "coordinator", "national_coordinator", "analyst", "auditor", "staff"])
def test_other_roles_are_refused(client, cast, entries, role):
    client.force_login(cast.staff if role == "staff" else cast[role])
    for url in page_urls(entries):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Geen toegang" in response.content.decode()
    publish = reverse("wegwijzer:editor_action", args=["diensten", entries["diensten"].pk, "publiceren"])
    assert client.post(publish).status_code == 403
    entries["diensten"].refresh_from_db()
    assert not entries["diensten"].published


def test_the_anonymous_are_sent_to_log_in(client, entries):
    for url in page_urls(entries):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_kind_or_action_is_not_found(editor, entries):
    assert editor.get(reverse("wegwijzer:editor_list", args=["dingen"])).status_code == 404
    organisation = entries["organisaties"]
    review = reverse("wegwijzer:editor_action", args=["organisaties", organisation.pk, "nagekeken"])
    assert editor.post(review).status_code == 404  # organisations have no review date
    assert (
        editor.get(
            reverse("wegwijzer:editor_action", args=["diensten", entries["diensten"].pk, "publiceren"])
        ).status_code
        == 405
    )


def test_the_menu_offers_the_editor_pages_to_editors_only(client, cast):
    client.force_login(cast["directory_editor"])
    assert reverse("wegwijzer:editor_index") in client.get(reverse("wegwijzer:index")).content.decode()
    client.force_login(cast["coordinator"])
    assert reverse("wegwijzer:editor_index") not in client.get(reverse("wegwijzer:index")).content.decode()


# --- the list -----------------------------------------------------------------------------------------------------


def test_the_list_shows_state_review_date_and_overdue_reviews(editor, cast):
    today = timezone.localdate()
    fresh = ServiceFactory(organisation=cast.shelter_north, name="Vers nagekeken", last_reviewed=today)
    stale = ServiceFactory(
        organisation=cast.shelter_north, name="Lang geleden", last_reviewed=today - dt.timedelta(days=400)
    )
    draft = ServiceFactory(organisation=cast.shelter_north, name="Nog concept", published=False, last_reviewed=today)
    body = editor.get(reverse("wegwijzer:editor_list", args=["diensten"])).content.decode()
    rows = {name: _match(rf"{name}.*?</tr>", body) for name in (fresh.name, stale.name, draft.name)}
    assert "nakijken te laat" in rows[stale.name]
    assert "nakijken te laat" not in rows[fresh.name]
    assert "concept" in rows[draft.name]
    assert "gepubliceerd" in rows[fresh.name]
    overdue = editor.get(reverse("wegwijzer:editor_list", args=["diensten"]), {"staat": "nakijken"}).content.decode()
    assert stale.name in overdue
    assert fresh.name not in overdue
    drafts = editor.get(reverse("wegwijzer:editor_list", args=["diensten"]), {"staat": "concept"}).content.decode()
    assert draft.name in drafts
    assert fresh.name not in drafts


def _list_queries(client, kind):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wegwijzer:editor_list", args=[kind]))
    assert response.status_code == 200
    return len(queries)


def _fill(cast, count):
    for number in range(count):
        organisation = OrganisationFactory(name=f"Organisatie {number:03}")
        ServiceFactory(organisation=organisation, name=f"Dienst {number:03}", needs=["shelter"], regions=[cast.north])
        RegulationFactory(name=f"Regeling {number:03}", organisation=organisation)


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_reads_in_a_fixed_number_of_queries(editor, cast, kind):
    _fill(cast, 3)
    _list_queries(editor, kind)  # warm the caches that every first request fills
    few = _list_queries(editor, kind)
    _fill(cast, 27)
    assert _list_queries(editor, kind) == few


def test_the_overview_reads_in_a_fixed_number_of_queries(editor, cast):
    _fill(cast, 3)
    editor.get(reverse("wegwijzer:editor_index"))  # warm the caches that every first request fills
    with CaptureQueriesContext(connection) as few:
        editor.get(reverse("wegwijzer:editor_index"))
    _fill(cast, 27)
    with CaptureQueriesContext(connection) as many:
        editor.get(reverse("wegwijzer:editor_index"))
    assert len(many) == len(few)


# --- create, edit, publish, review --------------------------------------------------------------------------------


def test_a_new_service_is_a_draft_written_with_its_history(editor, cast):
    shelter = Need.objects.get(code="shelter")
    response = editor.post(
        reverse("wegwijzer:editor_new", args=["diensten"]),
        {
            "organisation": str(cast.shelter_north.pk),
            "name": "Nieuwe opvang",
            "description": "Opvang voor iedereen.",
            "needs": [str(shelter.pk)],
            "regions": [str(cast.north.pk)],
            "genders": ["female"],
            "languages": "ro, EN",
            "capacity_total": "4",
            "capacity_free": "2",
        },
    )
    service = Service.objects.get(name="Nieuwe opvang")
    assert response.status_code == 302
    assert response["Location"] == reverse("wegwijzer:editor_edit", args=["diensten", service.pk])
    assert not service.published
    assert service.genders == ["female"]
    assert service.languages == ["ro", "en"]
    assert list(service.needs.all()) == [shelter]
    assert list(service.regions.all()) == [cast.north]
    assert service.history.latest().history_user == cast["directory_editor"]


def test_a_new_organisation_and_regulation(editor, cast):
    editor.post(
        reverse("wegwijzer:editor_new", args=["organisaties"]),
        {"name": "Nieuwe stichting", "kind": "ngo", "regions": [str(cast.south.pk)]},
    )
    organisation = Organisation.objects.get(name="Nieuwe stichting")
    assert list(organisation.regions.all()) == [cast.south]
    assert organisation.history.latest().history_user == cast["directory_editor"]
    editor.post(
        reverse("wegwijzer:editor_new", args=["regelingen"]),
        {
            "code": "nieuwe-regeling",
            "name": "Nieuwe regeling",
            "description": "Wat het is.",
            "eligibility": "Wie het krijgt.",
            "organisation": str(organisation.pk),
        },
    )
    regulation = Regulation.objects.get(code="nieuwe-regeling")
    assert not regulation.published
    assert regulation.history.latest().history_user == cast["directory_editor"]


def _edit_data(editor, kind, entry):
    """The form as the edit page shows it, with its hidden version."""
    form = editor.get(reverse("wegwijzer:editor_edit", args=[kind, entry.pk])).context["form"]
    data: dict[str, str | list[str]] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item.pk if hasattr(item, "pk") else item) for item in value]
        else:
            data[name] = str(value)
    return data


def test_an_edit_writes_through_the_service_with_history(editor, cast, entries):
    service = entries["diensten"]
    before = service.history.count()
    data = _edit_data(editor, "diensten", service)
    assert data["version"] == version_of(service)
    data["name"] = "Hernoemde dienst"
    data["regions"] = [str(cast.south.pk)]
    response = editor.post(reverse("wegwijzer:editor_edit", args=["diensten", service.pk]), data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Hernoemde dienst"
    assert list(service.regions.all()) == [cast.south]
    latest = service.history.latest()
    assert latest.history_user == cast["directory_editor"]
    assert latest.name == "Hernoemde dienst"
    assert [row.region for row in latest.regions.all()] == [cast.south]
    assert service.history.count() > before


def test_saving_an_unchanged_form_writes_nothing(editor, entries):
    regulation = entries["regelingen"]
    before = (regulation.history.count(), regulation.updated_at)
    data = _edit_data(editor, "regelingen", regulation)
    response = editor.post(reverse("wegwijzer:editor_edit", args=["regelingen", regulation.pk]), data, follow=True)
    assert "Er was niets gewijzigd." in response.content.decode()
    regulation.refresh_from_db()
    assert (regulation.history.count(), regulation.updated_at) == before


def test_a_stale_form_is_refused_and_nothing_is_overwritten(editor, cast, entries):
    organisation = entries["organisaties"]
    mine = _edit_data(editor, "organisaties", organisation)
    theirs = _edit_data(editor, "organisaties", organisation)
    theirs["name"] = "Hun naam"
    assert (
        editor.post(reverse("wegwijzer:editor_edit", args=["organisaties", organisation.pk]), theirs).status_code == 302
    )
    mine["name"] = "Mijn naam"
    mine["regions"] = [str(cast.north.pk)]
    response = editor.post(reverse("wegwijzer:editor_edit", args=["organisaties", organisation.pk]), mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "iemand anders heeft dit item intussen gewijzigd" in body
    assert 'role="alert"' in body
    assert 'value="Mijn naam"' in body  # the editor's own changes are still there to copy
    organisation.refresh_from_db()
    assert organisation.name == "Hun naam"
    assert not organisation.regions.exists()


def test_a_relation_only_change_makes_older_forms_stale(editor, cast, entries):
    service = entries["diensten"]
    mine = _edit_data(editor, "diensten", service)
    theirs = dict(mine, regions=[str(cast.south.pk)])
    assert editor.post(reverse("wegwijzer:editor_edit", args=["diensten", service.pk]), theirs).status_code == 302
    mine["name"] = "Mijn naam"
    assert editor.post(reverse("wegwijzer:editor_edit", args=["diensten", service.pk]), mine).status_code == 409
    service.refresh_from_db()
    assert service.name == "Conceptdienst"


def test_a_validation_error_sits_next_to_its_field(editor, cast, entries):
    service = entries["diensten"]
    data = _edit_data(editor, "diensten", service)
    data.update(capacity_total="2", capacity_free="5", name="")
    response = editor.post(reverse("wegwijzer:editor_edit", args=["diensten", service.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert re.search(r'<div class="errors[^"]*" role="alert"', body)
    name_input = _match(r"<input[^>]*name=\"name\"[^>]*>", body)
    assert 'aria-invalid="true"' in name_input
    assert 'aria-describedby="id_name_error"' in name_input
    assert 'id="id_name_error"' in body
    free_input = _match(r"<input[^>]*name=\"capacity_free\"[^>]*>", body)
    assert 'aria-invalid="true"' in free_input
    assert "Er kunnen niet meer plaatsen vrij zijn dan er in totaal zijn." in body
    service.refresh_from_db()
    assert service.name == "Conceptdienst"


def test_a_second_care_coordinator_for_a_region_is_refused_next_to_the_field(editor, cast):
    response = editor.post(
        reverse("wegwijzer:editor_new", args=["organisaties"]),
        {"name": "Tweede", "kind": "care_coordination", "coordinates_region": str(cast.north.pk)},
    )
    assert response.status_code == 400
    assert "Deze regio heeft al een zorgcoördinator." in response.content.decode()
    assert not Organisation.objects.filter(name="Tweede").exists()


def test_publish_unpublish_and_review_through_the_services(editor, cast, entries):
    service = entries["diensten"]
    action = lambda name: reverse("wegwijzer:editor_action", args=["diensten", service.pk, name])  # noqa: E731
    assert editor.post(action("publiceren")).status_code == 302
    service.refresh_from_db()
    assert service.published
    assert service.history.latest().history_user == cast["directory_editor"]
    assert editor.post(action("depubliceren")).status_code == 302
    service.refresh_from_db()
    assert not service.published
    assert editor.post(action("nagekeken")).status_code == 302
    service.refresh_from_db()
    assert service.last_reviewed == timezone.localdate()
    latest = service.history.latest()
    assert (latest.last_reviewed, latest.history_user) == (timezone.localdate(), cast["directory_editor"])
    before = service.history.count()
    response = editor.post(action("nagekeken"), follow=True)
    assert "Er was niets te veranderen." in response.content.decode()
    assert service.history.count() == before


def test_the_preview_shows_the_public_page_of_a_draft_under_a_banner(editor, client, entries):
    for kind, entry in entries.items():
        body = editor.get(reverse("wegwijzer:editor_preview", args=[kind, entry.pk])).content.decode()
        assert "Concept · voorbeeld" in body
        assert entry.name in body
    service = entries["diensten"]
    body = editor.get(reverse("wegwijzer:editor_preview", args=["diensten", service.pk])).content.decode()
    assert "Werkgebied" in body  # the public template itself
    client.logout()
    assert client.get(reverse("wegwijzer:service", args=[service.pk])).status_code == 404  # still a draft
