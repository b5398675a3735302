"""The search pages' shape: one search box each, filters explained where they are chosen, long filter
lists shortened, selected filters grouped under their filter's name with a way to clear them."""

import pytest

from tests.factories import load_demo_advice, make_innovation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/innovations/?q=housing", "/advice/?q=evidence", "/search/?q=housing"])
def test_a_search_page_has_one_search_box(client, path):
    html = client.get(path).content.decode()
    assert html.count('type="search"') == 1


def test_the_one_search_page_uses_the_header_box_with_the_words_and_kind(client):
    html = client.get("/search/?q=housing&kind=advice").content.decode()
    assert 'id="header-search-q" name="q" type="search" value="housing"' in html
    assert '<input type="hidden" name="kind" value="advice">' in html
    assert "Search results for “housing”" in html


def test_other_pages_keep_the_header_search_box_empty(client):
    html = client.get("/").content.decode()
    assert 'id="header-search-q" name="q" type="search" value=""' in html


def test_filters_are_explained_shortened_and_grouped_when_chosen(client):
    load_demo_advice()
    make_innovation(title="Housing First", stage="grow", themes=["evidence"], evidence_level=4)
    html = client.get("/innovations/?stage=grow&evidence_level=4").content.decode()
    assert "Spreading within or beyond the first organisation." in html  # the stage's hint
    assert "One or more independent evaluations confirm the impact" in html  # the evidence level's
    assert "The business case and the social return." in html  # the theme's
    # Selected filters are grouped under their filter's name, with a way to clear them all.
    assert (
        '<h4 class="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">Evidence level</h4>'
        in html
    )
    assert "Remove filter Evidence level: </span>Level 4" in html
    assert '<a class="govuk-link govuk-body-s" href="?">Clear filters</a>' in html
    # The advice directory's regions are a long list: the first few, then "Show all".
    advice = client.get("/advice/").content.decode()
    assert 'Show all 14 options<span class="govuk-visually-hidden"> for where</span>' in advice


def test_clear_filters_keeps_the_words(client):
    make_innovation(title="Housing First", stage="grow")
    html = client.get("/innovations/?q=housing&stage=grow").content.decode()
    assert 'href="?q=housing">Clear filters</a>' in html


def test_an_entry_opened_from_results_leads_back_to_that_search(client):
    innovation = make_innovation(title="Housing First", stage="grow")
    results = client.get("/innovations/?q=housing&stage=grow&sort=newest&page=1").content.decode()
    link = f"{innovation.get_absolute_url()}?back=q%3Dhousing%26stage%3Dgrow%26sort%3Dnewest%26page%3D1"
    assert f'href="{link}"' in results
    detail = client.get(link).content.decode()
    assert (
        '<a href="/innovations/?q=housing&amp;stage=grow&amp;sort=newest&amp;page=1" '
        'class="govuk-back-link">Back to results</a>'
    ) in detail
    # Opened any other way, the page leads to the search page itself.
    assert (
        '<a href="/innovations/" class="govuk-back-link">Find innovations</a>'
        in client.get(innovation.get_absolute_url()).content.decode()
    )


def test_back_to_results_cannot_lead_off_the_search_page(client):
    innovation = make_innovation(title="Housing First")
    detail = client.get(innovation.get_absolute_url(), {"back": "//evil.example/?q=x"}).content.decode()
    assert 'href="/innovations/?%2F%2Fevil.example%2F%3Fq=x" class="govuk-back-link"' in detail
    assert 'href="//evil.example' not in detail


def test_advice_opened_from_results_leads_back_too(client):
    sources = load_demo_advice()
    source = next(s for s in sources if s.fees == "free")
    results = client.get("/advice/?fees=free").content.decode()
    assert f'href="{source.get_absolute_url()}?back=fees%3Dfree"' in results
    detail = client.get(source.get_absolute_url(), {"back": "fees=free"}).content.decode()
    assert '<a href="/advice/?fees=free" class="govuk-back-link">Back to results</a>' in detail


def test_a_search_that_finds_nothing_says_there_is_nothing_to_filter(client):
    make_innovation(title="Housing First", summary="Homes first.", stage="grow")
    empty = client.get("/innovations/?q=zzqqxxvv").content.decode()
    assert "There is nothing to filter" in empty and "Apply filters" not in empty
    # A filter ticked that leaves nothing stays on the page, so it can be unticked and applied.
    ticked = client.get("/innovations/?q=zzqqxxvv&stage=grow").content.decode()
    assert "Apply filters" in ticked and 'value="grow" checked' in ticked
    found = client.get("/innovations/?q=housing").content.decode()
    assert "Apply filters" in found and "There is nothing to filter" not in found
