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
    assert 'Show all 14 <span class="govuk-visually-hidden">options for </span>where' in advice


def test_clear_filters_keeps_the_words(client):
    make_innovation(title="Housing First", stage="grow")
    html = client.get("/innovations/?q=housing&stage=grow").content.decode()
    assert 'href="?q=housing">Clear filters</a>' in html
