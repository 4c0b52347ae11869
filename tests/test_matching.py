"""The matching as a pure function: table-driven rules, ranking, white spots, and a property."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.matching import Profile, ServiceFacts, exclusion_reasons, match
from directory.vocabulary import AgeGroup, ExploitationForm, Gender, NationalityGroup


def service(name="Dienst", organisation="Organisatie", **facts):
    facts.setdefault("needs", frozenset({"shelter"}))
    for key in ("needs", "regions", "genders", "age_groups", "nationality_groups", "exploitation_forms", "languages"):
        if key in facts:
            facts[key] = frozenset(facts[key])
    return ServiceFacts(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{organisation}/{name}"),
        name=name,
        organisation_id=uuid.uuid5(uuid.NAMESPACE_URL, organisation),
        organisation_name=organisation,
        **facts,
    )


WOMAN = Profile(
    region="amsterdam",
    gender="female",
    age_group="adult",
    nationality_group="non_eu",
    exploitation_forms=frozenset({"sexual"}),
    languages=frozenset({"ro"}),
)

EXCLUSIONS = [
    ("region", {"regions": {"rotterdam"}}),
    ("gender", {"regions": {"amsterdam"}, "genders": {"male"}}),
    ("age_group", {"regions": {"amsterdam"}, "age_groups": {"minor"}}),
    ("nationality_group", {"regions": {"amsterdam"}, "nationality_groups": {"nl", "eu"}}),
    ("exploitation_form", {"regions": {"amsterdam"}, "exploitation_forms": {"labour"}}),
    ("language", {"regions": {"amsterdam"}, "languages": {"nl", "en"}}),
    ("not_published", {"regions": {"amsterdam"}, "published": False}),
]


@pytest.mark.parametrize(("reason", "facts"), EXCLUSIONS, ids=[reason for reason, _ in EXCLUSIONS])
def test_each_rule_excludes_with_its_reason(reason, facts):
    result = match(WOMAN, "shelter", [service(**facts)])
    assert result.results == ()
    assert [item.reasons for item in result.excluded] == [(reason,)]
    assert result.white_spot


def test_every_broken_rule_is_named():
    broken = service(regions={"rotterdam"}, genders={"male"}, age_groups={"minor"}, languages={"nl"})
    assert exclusion_reasons(WOMAN, broken) == ("region", "gender", "age_group", "language")


@pytest.mark.parametrize(
    ("facts", "reasons"),
    [
        ({"national": True}, ("need", "national")),
        ({"regions": {"amsterdam"}}, ("need", "region")),
        ({"regions": {"amsterdam"}, "genders": {"female", "x"}}, ("need", "region", "gender")),
        (
            {"regions": {"amsterdam"}, "age_groups": {"adult"}, "nationality_groups": {"non_eu"}},
            ("need", "region", "age_group", "nationality_group"),
        ),
        (
            {"regions": {"amsterdam"}, "exploitation_forms": {"sexual", "labour"}, "languages": {"ro", "bg"}},
            ("need", "region", "exploitation_form", "language"),
        ),
    ],
)
def test_eligible_services_match_with_reasons(facts, reasons):
    result = match(WOMAN, "shelter", [service(**facts)])
    assert result.excluded == ()
    assert [(item.reasons, item.unmet) for item in result.results] == [(reasons, ())]
    assert not result.white_spot


def test_services_without_the_need_are_neither_matched_nor_excluded():
    result = match(WOMAN, "shelter", [service(needs={"legal_aid"}, regions={"amsterdam"})])
    assert result.results == ()
    assert result.excluded == ()
    assert result.white_spot


def test_unknown_values_do_not_exclude_but_rank_lower():
    unknown = Profile(region="amsterdam")
    restricted = service("Alleen vrouwen", "B", regions={"amsterdam"}, genders={"female"})
    open_to_all = service("Iedereen", "C", regions={"amsterdam"})
    result = match(unknown, "shelter", [restricted, open_to_all])
    assert [item.service.name for item in result.results] == ["Iedereen", "Alleen vrouwen"]
    assert result.results[1].unmet == ("unconfirmed_gender",)
    assert result.results[0].score > result.results[1].score


def test_ranking_regional_first_then_fewer_unmet_then_names():
    full = service("Vol", "A-opvang", regions={"amsterdam"}, capacity_free=0)
    regional_b = service("Opvang", "B-opvang", regions={"amsterdam"})
    regional_a = service("Opvang", "A-opvang", regions={"amsterdam"})
    national = service("Landelijk", "0-landelijk", national=True)
    result = match(WOMAN, "shelter", [national, full, regional_b, regional_a])
    assert [(item.service.organisation_name, item.service.name) for item in result.results] == [
        ("A-opvang", "Opvang"),
        ("B-opvang", "Opvang"),
        ("A-opvang", "Vol"),
        ("0-landelijk", "Landelijk"),
    ]
    assert result.results[2].unmet == ("no_free_places",)
    scores = [item.score for item in result.results]
    assert scores == sorted(scores, reverse=True)


def test_a_regional_service_with_many_unmet_preferences_still_outranks_a_national_one():
    unknown = Profile(region="amsterdam")
    regional = service(
        "Beperkt",
        "Z",
        regions={"amsterdam"},
        genders={"female"},
        age_groups={"adult"},
        nationality_groups={"eu"},
        exploitation_forms={"sexual"},
        languages={"nl"},
        capacity_free=0,
    )
    national = service("Landelijk", "A", national=True)
    result = match(unknown, "shelter", [national, regional])
    assert [item.service.name for item in result.results] == ["Beperkt", "Landelijk"]
    assert result.results[0].score > result.results[1].score


def test_the_order_of_the_input_does_not_matter():
    services = [service(f"Dienst {n}", f"Org {n % 3}", regions={"amsterdam"}) for n in range(6)]
    forward = match(WOMAN, "shelter", services)
    backward = match(WOMAN, "shelter", list(reversed(services)))
    assert forward == backward


def test_a_person_with_several_forms_is_eligible_where_one_of_them_is_accepted():
    both = Profile(region="amsterdam", exploitation_forms=frozenset({"sexual", "labour"}))
    labour_only = service(regions={"amsterdam"}, exploitation_forms={"labour"})
    assert match(both, "shelter", [labour_only]).results


# --- the property: in results if and only if every eligibility rule is met ---------------

REGIONS = ["amsterdam", "rotterdam", "limburg"]


def _values(choices):
    return [value for value in choices.values if value != "unknown"]


def restriction(values):
    return st.frozensets(st.sampled_from(values), max_size=len(values))


services = st.builds(
    lambda n, needs, national, regions, genders, ages, nationalities, forms, languages, published, free: service(
        f"Dienst {n}",
        f"Org {n}",
        needs=needs,
        national=national,
        regions=regions,
        genders=genders,
        age_groups=ages,
        nationality_groups=nationalities,
        exploitation_forms=forms,
        languages=languages,
        published=published,
        capacity_free=free,
    ),
    st.integers(0, 10_000),
    st.frozensets(st.sampled_from(["shelter", "legal_aid"]), min_size=1),
    st.booleans(),
    restriction(REGIONS),
    restriction(_values(Gender)),
    restriction(_values(AgeGroup)),
    restriction(_values(NationalityGroup)),
    restriction(_values(ExploitationForm)),
    restriction(["nl", "en", "ro"]),
    st.booleans(),
    st.none() | st.integers(0, 3),
)

profiles = st.builds(
    Profile,
    region=st.none() | st.sampled_from(REGIONS),
    gender=st.sampled_from(Gender.values),
    age_group=st.sampled_from(AgeGroup.values),
    nationality_group=st.sampled_from(NationalityGroup.values),
    exploitation_forms=st.frozensets(st.sampled_from(ExploitationForm.values), max_size=3),
    languages=st.frozensets(st.sampled_from(["nl", "en", "ro", "ti"]), max_size=2),
)


def eligible(profile: Profile, facts: ServiceFacts) -> bool:
    """The rules written out once more, independently of the implementation."""

    def allows(accepted, values):
        known = {value for value in values if value != "unknown"}
        return not accepted or not known or bool(accepted & known)

    return (
        facts.published
        and (profile.region is None or facts.national or profile.region in facts.regions)
        and allows(facts.genders, {profile.gender})
        and allows(facts.age_groups, {profile.age_group})
        and allows(facts.nationality_groups, {profile.nationality_group})
        and allows(facts.exploitation_forms, profile.exploitation_forms)
        and allows(facts.languages, profile.languages)
    )


@given(profile=profiles, candidates=st.lists(services, max_size=12, unique_by=lambda s: s.id))
def test_a_service_is_a_result_if_and_only_if_it_meets_every_rule(profile, candidates):
    result = match(profile, "shelter", candidates)
    matched = {item.service.id for item in result.results}
    excluded = {item.service.id for item in result.excluded}
    offering = [facts for facts in candidates if "shelter" in facts.needs]
    assert matched | excluded == {facts.id for facts in offering}
    assert not matched & excluded
    for facts in offering:
        assert (facts.id in matched) == eligible(profile, facts), facts
    for item in result.excluded:
        assert item.reasons, "every exclusion names its reasons"
    ranks = [(item.service.national, len(item.unmet)) for item in result.results]
    assert ranks == sorted(ranks)
