"""The public Wegwijzer pages: published entries only, accessible forms, "Wie kan helpen?"."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory, RegulationFactory, ServiceFactory

SHELTER_FOR_WOMAN_IN_NORTH = {
    "need": "shelter",
    "region": "north",
    "gender": "female",
    "age_group": "adult",
    "nationality_group": "non_eu",
    "exploitation_form": "unknown",
    "language": "",
}


def regional_shelter(cast, **fields):
    defaults = {
        "organisation": cast.shelter_north,
        "needs": ["shelter"],
        "regions": [cast.north],
        "national": False,
        "published": True,
    }
    return ServiceFactory(**{**defaults, **fields})


@pytest.fixture
def drafts(cast):
    """Entries nobody but an editor may see, all about shelter and all with a findable word."""
    hidden_organisation = OrganisationFactory(name="Verborgen organisatie geheim", published=False)
    return {
        "service": regional_shelter(cast, name="Conceptdienst geheim", published=False),
        "service_of_draft_organisation": regional_shelter(
            cast, organisation=hidden_organisation, name="Dienst van verborgen organisatie geheim"
        ),
        "organisation": hidden_organisation,
        "regulation": RegulationFactory(
            name="Conceptregeling geheim", needs=["shelter"], organisation=cast.victim_support, published=False
        ),
    }


def page_urls(cast, service, regulation):
    return [
        reverse("wegwijzer:index"),
        reverse("wegwijzer:need", args=["shelter"]),
        reverse("wegwijzer:category", args=["gender", "female"]),
        reverse("wegwijzer:search") + "?q=opvang",
        reverse("wegwijzer:search"),
        reverse("wegwijzer:organisation", args=[cast.shelter_north.id]),
        reverse("wegwijzer:service", args=[service.id]),
        reverse("wegwijzer:regulations"),
        reverse("wegwijzer:regulation", args=[regulation.code]),
        reverse("wegwijzer:who_can_help"),
        reverse("wegwijzer:who_can_help") + "?need=shelter&region=north",
    ]


def draft_pages(drafts):
    return [
        reverse("wegwijzer:service", args=[drafts["service"].id]),
        reverse("wegwijzer:service", args=[drafts["service_of_draft_organisation"].id]),
        reverse("wegwijzer:organisation", args=[drafts["organisation"].id]),
        reverse("wegwijzer:regulation", args=[drafts["regulation"].code]),
    ]


def listing_pages():
    return [
        reverse("wegwijzer:need", args=["shelter"]),
        reverse("wegwijzer:category", args=["gender", "female"]),
        reverse("wegwijzer:search") + "?q=geheim",
        reverse("wegwijzer:regulations"),
        reverse("wegwijzer:who_can_help") + "?need=shelter&region=north",
    ]


def text(response):
    return response.content.decode()


def test_every_page_answers_without_login(client, cast):
    service = regional_shelter(cast, name="Opvang voor vrouwen")
    regulation = RegulationFactory(needs=["shelter"], organisation=cast.victim_support)
    for url in page_urls(cast, service, regulation):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1>" in text(response), url


def test_unknown_codes_are_not_found(client, cast):
    for url in [
        "/wegwijzer/hulpvragen/no_such_need/",
        "/wegwijzer/categorie/religion/any/",
        "/wegwijzer/categorie/gender/unknown/",
        "/wegwijzer/regelingen/no-such-regulation/",
        "/wegwijzer/diensten/00000000-0000-0000-0000-000000000000/",
    ]:
        assert client.get(url).status_code == 404, url


def test_unpublished_entries_never_appear_to_the_public(client, cast, drafts):
    regional_shelter(cast, name="Gepubliceerde opvang geheim")
    for url in listing_pages():
        page = text(client.get(url))
        assert "Conceptdienst" not in page, url
        assert "Dienst van verborgen organisatie" not in page, url
        assert "Verborgen organisatie" not in page, url
        assert "Conceptregeling" not in page, url
    assert "Gepubliceerde opvang geheim" in text(client.get(reverse("wegwijzer:search") + "?q=geheim"))
    for url in draft_pages(drafts):
        assert client.get(url).status_code == 404, url


def test_other_roles_see_published_entries_only(client, cast, drafts):
    client.force_login(cast["coordinator"])
    assert "Conceptdienst" not in text(client.get(reverse("wegwijzer:need", args=["shelter"])))
    for url in draft_pages(drafts):
        assert client.get(url).status_code == 404, url


def test_a_directory_editor_sees_drafts_marked_as_such(client, cast, drafts):
    client.force_login(cast["directory_editor"])
    need_page = text(client.get(reverse("wegwijzer:need", args=["shelter"])))
    assert "Conceptdienst geheim" in need_page
    assert "Dienst van verborgen organisatie geheim" in need_page
    assert "Conceptregeling geheim" in need_page
    assert "(concept)" in need_page
    assert "Conceptdienst geheim" in text(client.get(reverse("wegwijzer:search") + "?q=geheim"))
    for url in draft_pages(drafts):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "(concept)" in text(response), url


def test_who_can_help_ranks_regional_before_national_and_explains_exclusions(client, cast):
    regional_shelter(
        cast,
        name="Vrouwenopvang Noord",
        genders=["female"],
        age_groups=["adult"],
        nationality_groups=["non_eu"],
    )
    ServiceFactory(
        organisation=cast.victim_support, name="Landelijke opvang", needs=["shelter"], national=True, published=True
    )
    regional_shelter(cast, name="Mannenopvang Noord", genders=["male"])
    regional_shelter(cast, name="Opvang Zuid", organisation=cast.shelter_south, regions=[cast.south])

    response = client.get(reverse("wegwijzer:who_can_help"), SHELTER_FOR_WOMAN_IN_NORTH)

    assert response.status_code == 200
    page = text(response)
    suitable, unsuitable = page.split('id="niet-geschikt"')
    assert suitable.index("Vrouwenopvang Noord") < suitable.index("Landelijke opvang")
    assert "werkt in de regio" in suitable
    assert "werkt landelijk" in suitable
    assert "Alleen voor: vrouwen; meerderjarigen; mensen van buiten de EU" in suitable
    assert "Mannenopvang Noord" not in suitable
    male_only = unsuitable.split("Mannenopvang Noord", 1)[1].split("</ul>", 1)[0]
    assert "past niet bij de persoon: geslacht" in male_only
    elsewhere = unsuitable.split("Opvang Zuid", 1)[1].split("</ul>", 1)[0]
    assert "werkt niet in deze regio" in elsewhere
    assert "Witte vlek" not in page


def test_who_can_help_shows_unconfirmed_preferences(client, cast):
    regional_shelter(cast, name="Vrouwenopvang Noord", genders=["female"], capacity_total=10, capacity_free=0)
    page = text(client.get(reverse("wegwijzer:who_can_help"), {"need": "shelter", "region": "north"}))
    assert "Vrouwenopvang Noord" in page.split('id="niet-geschikt"')[0]
    assert "geslacht onbekend; de dienst is beperkt" in page
    assert "op dit moment geen vrije plaatsen" in page


def test_who_can_help_names_a_white_spot(client, cast):
    regional_shelter(cast, name="Opvang Noord")
    response = client.get(reverse("wegwijzer:who_can_help"), {**SHELTER_FOR_WOMAN_IN_NORTH, "need": "police_report"})
    page = text(response)
    assert response.status_code == 200
    assert "Witte vlek: er is geen organisatie gevonden die hierbij kan helpen" in page
    assert "CoMensha" in page
    assert "Opvang Noord" not in page


def test_who_can_help_answers_invalid_input_with_field_errors(client, cast):
    for query in [
        {"need": "no_such_need", "region": "north"},
        {"need": "shelter"},
        {"need": "shelter", "region": "nowhere"},
        {"need": "shelter", "region": "north", "gender": "robot"},
        {"need": "shelter", "region": "north", "language": "roemeens"},
        {"region": "north", "language": "<b>"},
        {"need": "shelter", "region": "no\x00rth", "language": "r\x00"},
    ]:
        response = client.get(reverse("wegwijzer:who_can_help"), query)
        assert response.status_code == 200, query
        page = text(response)
        assert 'class="errors"' in page, query
        assert 'id="niet-geschikt"' not in page, query


def test_who_can_help_accepts_an_upper_case_language(client, cast):
    regional_shelter(cast, name="Roemeenstalige opvang", languages=["ro"])
    page = text(client.get(reverse("wegwijzer:who_can_help"), {**SHELTER_FOR_WOMAN_IN_NORTH, "language": "RO"}))
    assert 'class="errors"' not in page
    assert "Roemeenstalige opvang" in page.split('id="niet-geschikt"')[0]


def test_the_need_page_groups_services_by_organisation_with_their_area(client, cast):
    regional_shelter(cast, name="Opvang A")
    regional_shelter(cast, name="Opvang B", regions=[cast.north, cast.south])
    ServiceFactory(organisation=cast.victim_support, name="Landelijke opvang", needs=["shelter"], national=True)
    RegulationFactory(name="Regeling opvang", needs=["shelter"], organisation=cast.victim_support)
    page = text(client.get(reverse("wegwijzer:need", args=["shelter"])))
    assert page.count(">Opvang Noord</a>") == 1
    assert "Noord, Zuid" in page
    assert "landelijk" in page
    assert "Regeling opvang" in page


def test_the_category_page_lists_services_open_to_that_group(client, cast):
    regional_shelter(cast, name="Voor iedereen")
    regional_shelter(cast, name="Alleen vrouwen", genders=["female"])
    regional_shelter(cast, name="Alleen mannen", genders=["male"])
    page = text(client.get(reverse("wegwijzer:category", args=["gender", "female"])))
    assert "Voor iedereen" in page
    assert "Alleen vrouwen" in page
    assert "Alleen mannen" not in page


def test_the_service_page_says_who_it_is_for_in_words(client, cast):
    service = regional_shelter(
        cast,
        name="Opvang",
        genders=["female"],
        age_groups=["adult"],
        phases=["B"],
        capacity_total=10,
        capacity_free=3,
        email="opvang@example.org",
    )
    page = text(client.get(reverse("wegwijzer:service", args=[service.id])))
    assert "Alleen voor: vrouwen; meerderjarigen" in page
    assert "3 van 10 plaatsen vrij" in page
    assert "B: zorg, ondersteuning en bescherming" in page
    assert "mailto:opvang@example.org" in page


def test_the_english_version_says_so(client, cast):
    response = client.get(reverse("wegwijzer:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="en">' in text(response)
    assert '<html lang="nl">' in text(client.get(reverse("wegwijzer:index")))


def test_search_escapes_the_query(client, cast):
    response = client.get(reverse("wegwijzer:search"), {"q": '<script>alert("x")</script>'})
    page = text(response)
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "Geen resultaten" in page
    assert client.get(reverse("wegwijzer:search"), {"q": "opvang\x00"}).status_code == 200


def test_search_finds_services_organisations_and_regulations(client, cast):
    regional_shelter(cast, name="Nachtopvang", description="Bedden voor de nacht.")
    RegulationFactory(name="Bedenktijd", description="Drie maanden om na te denken.", organisation=cast.comensha)
    assert "Nachtopvang" in text(client.get(reverse("wegwijzer:search"), {"q": "BEDDEN"}))
    assert "Nachtopvang" in text(client.get(reverse("wegwijzer:search"), {"q": "opvang noord"}))
    assert "Bedenktijd" in text(client.get(reverse("wegwijzer:search"), {"q": "maanden"}))
    assert "Slachtofferhulp" in text(client.get(reverse("wegwijzer:search"), {"q": "slachtoffer"}))


class _Controls(HTMLParser):
    """Collects the ids of visible form controls and the ``for`` of every label."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str | None] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])
        elif tag in {"input", "select", "textarea"} and attributes.get("type") not in {"hidden", "submit"}:
            self.controls.append(attributes.get("id"))


@pytest.mark.parametrize(
    "url",
    [
        "/wegwijzer/",
        "/wegwijzer/wie-kan-helpen/",
        "/wegwijzer/wie-kan-helpen/?need=bogus",
        "/wegwijzer/zoeken/?q=x",
    ],
)
def test_every_form_control_has_a_label(client, cast, url):
    parser = _Controls()
    parser.feed(text(client.get(url)))
    assert parser.controls
    assert None not in parser.controls
    assert set(parser.controls) <= parser.labels


def _make_services(cast, count):
    for number in range(count):
        regional_shelter(
            cast,
            name=f"Opvang {number}",
            organisation=OrganisationFactory(),
            regions=[cast.north, cast.south],
            genders=["female"] if number % 2 else [],
        )
    RegulationFactory(needs=["shelter"], organisation=cast.victim_support)


@pytest.mark.parametrize(
    "url",
    [
        "/wegwijzer/",
        "/wegwijzer/hulpvragen/shelter/",
        "/wegwijzer/categorie/gender/female/",
        "/wegwijzer/zoeken/?q=opvang",
        "/wegwijzer/wie-kan-helpen/?need=shelter&region=north&gender=male",
    ],
)
def test_pages_read_a_fixed_number_of_queries(client, cast, url, django_assert_max_num_queries):
    _make_services(cast, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _make_services(cast, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) <= 10


def test_the_organisation_page_reads_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    url = reverse("wegwijzer:organisation", args=[cast.shelter_north.id])
    for number in range(3):
        regional_shelter(cast, name=f"Opvang {number}")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(3, 30):
        regional_shelter(cast, name=f"Opvang {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
