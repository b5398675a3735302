"""The search page, the detail page, feeds and the sitemap, as a visitor sees them."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from innovations.services import adoption_record
from tests.factories import OrganisationFactory, make_advice, make_innovation

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing(db):
    owner = OrganisationFactory(
        name="Northby Council", organisation_type="local_authority", region="north_east"
    )
    innovation = make_innovation(
        title="Housing First",
        summary="Homes for people sleeping rough.",
        problem="People **cycled** between street and hostel.\n\n<script>alert('x')</script><a href=\"javascript:alert(1)\">bad</a>",
        solution="Tenancies without conditions.",
        evidence_level=4,
        evidence_justification="Two independent evaluations.",
        evaluation_links=["https://example.org/evaluation"],
        stage="adopt",
        themes=["evidence"],
        policy_areas=["Housing and homelessness"],
        organisation=owner,
        cost_band=3,
        contact_name="Pat Lead",
        contact_email="pat@example.org",
        last_verified=date.today(),
    )
    adoption_record(
        innovation=innovation,
        organisation=OrganisationFactory(name="Westshire", region="south_west"),
        kind="adapted",
        year=2022,
        what_changed="Smaller caseloads.",
        result="90% housed.",
        status="published",
    )
    adoption_record(
        innovation=innovation, organisation=OrganisationFactory(name="Pending Council"), status="submitted"
    )
    return innovation


def test_search_page_shows_results_counts_and_removable_filters(client, housing):
    make_innovation(title="Falls visits", policy_areas=["Health"], stage="grow")
    response = client.get("/innovations/?q=housing&stage=adopt&stage=grow")
    html = response.content.decode()
    assert "1 result for “housing”" in html
    assert "Housing First" in html and "Falls visits" not in html
    assert re.search(
        r'value="adopt" checked aria-describedby="stage-adopt-hint">\s*<label[^>]*>Adopt it '
        r'<span class="app-count">\(1\)</span>',
        html,
    )
    # What the stage means is said where it is chosen.
    assert "Adopted or adapted by other organisations, or made mainstream." in html
    assert "Remove filter Stage of scaling: </span>Adopt it" in html
    assert "Adopted by 1 other organisation" in html
    assert "Evidence level 4 of 5" in html
    assert "<mark>Housing</mark>" not in html  # the title is not highlighted, the summary is
    assert 'href="/innovations/feed/?q=housing&amp;stage=adopt&amp;stage=grow"' in html


def test_filter_options_escape_what_the_central_team_typed_and_cards_link_back(client, housing):
    from innovations.models import Innovation, PolicyArea
    from innovations.services import innovation_save

    area = PolicyArea.objects.create(name='Parks & <b>"green"</b> spaces', slug="parks", bit=40)
    innovation_save(innovation=Innovation.objects.get(pk=housing.pk), policy_areas=[area])
    html = client.get("/innovations/?q=housing").content.decode()
    assert (
        'Parks &amp; &lt;b&gt;&quot;green&quot;&lt;/b&gt; spaces <span class="app-count">(1)</span>' in html
    )
    assert "<b>" not in html
    # Each card links to its innovation's page, carrying the search to come back to.
    assert f'href="{housing.get_absolute_url()}?back=q%3Dhousing"' in html


def test_empty_state_offers_the_filters_to_drop_with_what_they_would_find(client, housing):
    make_innovation(title="Falls visits", stage="grow", themes=["evidence"])
    make_innovation(title="Housing pilot", stage="test", themes=["skills"])
    html = client.get("/innovations/?q=housing&stage=grow&theme=skills").content.decode()
    assert "0 results" in html
    assert "No innovations match “housing” with the filters you chose." in html
    # Dropping the stage finds the pilot; dropping the theme or the words finds nothing more, so only
    # the way that works is offered, with its count.
    assert (
        '<a class="govuk-link" href="?q=housing&amp;theme=skills">Remove “Grow it” (stage of scaling)</a>: 1 result'
        in html
    )
    assert "Remove “Skills”" not in html
    assert 'href="/find-help/"' in html
    html = client.get("/innovations/?q=zebra").content.decode()
    assert "No innovations match “zebra”." in html and "check the spelling" in html
    assert 'href="/innovations/">see all innovations' in html


def test_bad_parameters_get_a_friendly_message_not_an_error(client, housing):
    response = client.get("/innovations/?evidence_level=9&sort=sideways&page=banana")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not use part of this search" in html
    assert "“9” is not a known evidence level" in html
    assert "1 result" in html


def test_page_out_of_range_on_the_page(client, housing):
    html = client.get("/innovations/?page=7").content.decode()
    assert "There is no page 7 of these results" in html


def test_pagination_links_keep_the_search(client, db):
    owner = OrganisationFactory()
    for n in range(25):
        make_innovation(title=f"Scheme {n}", organisation=owner)
    html = client.get("/innovations/?stage=prove").content.decode()
    assert "25 results" in html
    assert 'href="?stage=prove&amp;page=2" rel="next"' in html
    page2 = client.get("/innovations/?stage=prove&page=2").content.decode()
    assert page2.count('class="app-card"') == 5


@pytest.mark.parametrize("extra", [0, 30])
def test_search_page_query_count_does_not_grow_with_results(client, django_assert_num_queries, db, extra):
    owner = OrganisationFactory()
    adopter = OrganisationFactory()
    for n in range(1 + extra):
        make_innovation(
            title=f"Scheme {n}",
            organisation=owner,
            policy_areas=["Health"],
            adopters=[adopter] if n % 2 else [],
        )
    # the state of what the page is made from (a visitor without cookies: the page is then kept whole),
    # policy areas, the parsed query, the planner hint, facet counts with the total, one page of ids,
    # the cards (inside one transaction: its savepoint and release add two more)
    with django_assert_num_queries(9):
        response = client.get("/innovations/?q=scheme&policy_area=health&stage=prove")
    assert response.status_code == 200


@pytest.mark.parametrize("adoptions", [1, 12])
def test_detail_page_query_count_does_not_grow_with_adoptions(
    client, django_assert_num_queries, housing, adoptions
):
    for _ in range(adoptions):
        adoption_record(innovation=housing, organisation=OrganisationFactory(), status="published")
    make_innovation(title="Related", themes=["evidence"])
    # innovation, policy areas, awards, adoptions, related ids, related cards, sources of advice
    with django_assert_num_queries(7):
        response = client.get(housing.get_absolute_url())
    assert response.status_code == 200


def test_detail_page_explains_evidence_cost_and_lists_published_adoptions(client, housing):
    make_innovation(title="Evidence hub", themes=["evidence"])
    html = client.get(housing.get_absolute_url()).content.decode()
    assert "Level 4 of 5: One or more independent evaluations confirm the impact" in html
    assert "£50k to £250k a year (band 3 of 5)" in html
    assert "Westshire" in html and "Adapted in 2022" in html and "Smaller caseloads." in html
    assert "Pending Council" not in html
    assert "By 1 other organisation" in html
    assert "https://example.org/evaluation" in html
    assert "Evidence hub" in html  # related by theme
    assert "<strong>cycled</strong>" in html


def test_markdown_cannot_inject_script(client, housing):
    html = client.get(housing.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_contact_details_only_for_signed_in_users(client, housing, innovator):
    anonymous = client.get(housing.get_absolute_url()).content.decode()
    assert "pat@example.org" not in anonymous
    assert "to see who to contact" in anonymous
    client.force_login(innovator)
    assert "pat@example.org" in client.get(housing.get_absolute_url()).content.decode()


def test_old_verification_date_shows_a_notice(client, housing):
    housing.last_verified = date.today() - timedelta(days=600)
    housing.save(update_fields=["last_verified"])
    html = client.get(housing.get_absolute_url()).content.decode()
    assert "more than 18 months ago" in html
    housing.last_verified = date.today()
    housing.save(update_fields=["last_verified"])
    assert "more than 18 months ago" not in client.get(housing.get_absolute_url()).content.decode()


def test_unpublished_innovation_is_not_found(client, db):
    draft = make_innovation(title="Draft idea", status="draft")
    assert client.get(f"/innovations/{draft.slug}/").status_code == 404
    assert client.get(f"/api/innovations/{draft.slug}/").status_code == 404


def test_feeds_list_newest_matches_only(client, housing):
    make_innovation(title="Draft homes", status="draft")
    make_innovation(title="Library makerspace")
    feed = client.get("/innovations/feed/?q=homes").content.decode()
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert "<title>Housing First</title>" in feed
    assert "Library makerspace" not in feed and "Draft homes" not in feed
    everything = client.get("/innovations/feed/").content.decode()
    assert everything.index("Library makerspace") < everything.index("Housing First")


def test_sitemap_lists_published_innovations(client, housing):
    draft = make_innovation(title="Draft idea", status="draft")
    xml = client.get(reverse("sitemap")).content.decode()
    assert housing.get_absolute_url() in xml
    assert draft.slug not in xml


def test_detail_page_shows_where_to_get_help(client, housing):
    from portal.models import Organisation

    provider = Organisation.objects.create(name="What Works Network")
    make_advice(
        name="Evidence centre",
        provider=provider,
        themes=["evidence"],
        stages=["adopt"],
        support_types=["evaluation"],
    )
    make_advice(
        name="Closed centre",
        provider=provider,
        themes=["evidence"],
        status="defunct",
        support_types=["evaluation"],
    )
    html = client.get(housing.get_absolute_url()).content.decode()
    assert "Where to get help" in html and "Evidence centre" in html and "Closed centre" not in html


def test_an_entry_without_a_contact_says_what_to_do_instead(client, innovator):
    from tests.factories import OrganisationFactory

    owner = OrganisationFactory(name="Valleys Fire Service", website="https://valleys.example/")
    innovation = make_innovation(title="Falls visits", organisation=owner)
    for signed_in in (False, True):
        if signed_in:
            client.force_login(innovator)
        html = client.get(innovation.get_absolute_url()).content.decode()
        assert "No contact has been given for this innovation." in html
        assert 'href="https://valleys.example/"' in html and "may say who to ask" in html
        assert (
            f'href="/innovations/{innovation.slug}/report/">Ask the central team to find a contact</a>'
            in html
        )
        assert "to see who to contact" not in html  # no promise behind the sign-in that it cannot keep
