"""The demo Wegwijzer: idempotent, valid, and showing a match, exclusions and a white spot."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from accounts.models import User
from directory.demo import REGIONS, REGIONS_WITHOUT_COORDINATOR
from directory.matching import Profile
from directory.models import Organisation, Region, Regulation, Service
from directory.selectors import coverage, match_services
from directory.vocabulary import VICTIM_CATEGORIES, Phase

NEWCOMER = Profile(region="amsterdam", gender="female", age_group="adult", nationality_group="non_eu")


def seed() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())


@pytest.fixture
def demo(db):
    seed()


def counts() -> tuple[int, ...]:
    return (
        Region.objects.count(),
        Organisation.objects.count(),
        Service.objects.count(),
        Regulation.objects.count(),
        sum(len(service.needs.all()) + len(service.regions.all()) for service in Service.objects.all()),
        sum(len(regulation.needs.all()) for regulation in Regulation.objects.all()),
    )


def test_seeding_twice_changes_nothing(demo):
    before = counts()
    seed()
    assert counts() == before
    assert 30 <= Service.objects.count() <= 45
    assert Regulation.objects.count() >= 5


def test_match_regional_cosm_first_then_the_national_option(demo):
    result = match_services(viewer=AnonymousUser(), profile=NEWCOMER, need="shelter")
    found = [item.service.organisation_name for item in result.results]
    assert found == ["COSM-opvang Amsterdam", "Vrouwenopvang Het Baken", "CoMensha"]
    cosm, full, national = result.results
    assert "region" in cosm.reasons
    assert not cosm.unmet
    assert full.unmet == ("no_free_places",)
    assert "national" in national.reasons
    assert not result.white_spot


def test_exclusions_say_why(demo):
    result = match_services(viewer=AnonymousUser(), profile=NEWCOMER, need="shelter")
    excluded = {item.service.organisation_name: item.reasons for item in result.excluded}
    assert excluded == {
        "COSM-opvang voor mannen": ("gender",),
        "COSM-opvang Zuid-Holland": ("region",),
        "De Beschutting, jeugdhulp": ("age_group",),
        "Mannenopvang De Brug": ("region", "gender"),
        "Vrouwenopvang Zuid": ("region",),
    }


def test_a_dutch_woman_is_not_placed_in_the_cosm(demo):
    dutch = Profile(region="amsterdam", gender="female", age_group="adult", nationality_group="nl")
    result = match_services(viewer=AnonymousUser(), profile=dutch, need="shelter")
    excluded = {item.service.organisation_name: item.reasons for item in result.excluded}
    assert excluded["COSM-opvang Amsterdam"] == ("nationality_group",)
    assert [item.service.organisation_name for item in result.results] == ["Vrouwenopvang Het Baken", "CoMensha"]


def test_editors_see_the_draft_service_excluded_as_unpublished(demo):
    editor = User.objects.get(username="redacteur")
    result = match_services(viewer=editor, profile=NEWCOMER, need="shelter")
    drafts = [item for item in result.excluded if item.reasons == ("not_published",)]
    assert [item.service.name for item in drafts] == ["Kortdurende crisisplaatsen (pilot)"]


def test_white_spots_in_coverage(demo):
    cells = {(cell.need, cell.region): cell for cell in coverage().cells}
    for region in ("limburg", "zeeland-west-brabant"):
        assert cells[("debt_counselling", region)].white_spot
        assert cells[("education_work", region)].white_spot
    assert not cells[("debt_counselling", "amsterdam")].white_spot
    assert not cells[("shelter", "limburg")].white_spot
    result = match_services(viewer=AnonymousUser(), profile=Profile(region="limburg"), need="debt_counselling")
    assert result.white_spot
    assert {reason for item in result.excluded for reason in item.reasons} == {"region"}


def test_drafts_for_the_editorial_workflow(demo):
    assert Service.objects.filter(published=False).exists()
    assert Regulation.objects.filter(published=False).exists()
    assert not Service.objects.restrict(AnonymousUser()).filter(published=False).exists()


def test_the_core_regulations_exist(demo):
    codes = set(Regulation.objects.filter(published=True).values_list("code", flat=True))
    assert {"b8-verblijfsvergunning", "bedenktijd", "cosm", "schadefonds-geweldsmisdrijven"} <= codes
    assert Regulation.objects.get(code="b8-verblijfsvergunning").organisation.kind == "immigration"
    assert "drie maanden" in Regulation.objects.get(code="bedenktijd").description


def test_every_region_but_the_known_ones_has_a_coordinator(demo):
    for code, _ in REGIONS:
        has = Organisation.objects.filter(coordinates_region__code=code).exists()
        assert has == (code not in REGIONS_WITHOUT_COORDINATOR), code


def test_every_entry_is_valid(demo):
    allowed = {
        name: {value for value in choices.values if value != "unknown"} for name, choices in VICTIM_CATEGORIES.items()
    }
    phases = set(Phase.values)
    for service in Service.objects.prefetch_related("needs", "regions"):
        service.full_clean()
        assert service.needs.exists(), service
        assert service.national or service.regions.exists(), service
        assert set(service.genders) <= allowed["gender"], service
        assert set(service.age_groups) <= allowed["age_group"], service
        assert set(service.nationality_groups) <= allowed["nationality_group"], service
        assert set(service.exploitation_forms) <= allowed["exploitation_form"], service
        assert set(service.phases) <= phases, service
        assert all(len(code) == 2 and code.islower() for code in service.languages), service
        if service.published:
            assert service.last_reviewed is not None, service
    for regulation in Regulation.objects.all():
        regulation.full_clean()
    for organisation in Organisation.objects.all():
        organisation.full_clean()
        assert organisation.email.endswith("@example.org")
        assert ".example.org/" in organisation.website
