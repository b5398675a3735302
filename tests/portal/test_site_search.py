"""One search box across innovations and advice."""

import pytest

from tests.factories import make_innovation
from tests.portal.test_advice_pages import directory  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_results_grouped_by_kind_with_counts_and_links_into_each_search(client, directory):  # noqa: F811
    make_innovation(title="Evidence review panel", summary="Independent evidence reviews.")
    make_innovation(title="Evidence draft", summary="Not published.", status="draft")
    html = client.get("/search/?q=evidence").content.decode()
    assert 'Innovations <span class="app-count">(1)</span>' in html
    assert 'Sources of advice <span class="app-count">(1)</span>' in html
    assert "Evidence review panel" in html and "What Works Network" in html
    assert "Evidence draft" not in html


def test_kind_filter_and_empty_query(client, directory):  # noqa: F811
    html = client.get("/search/?q=evidence&kind=advice").content.decode()
    assert "Sources of advice" in html and 'id="group-innovations"' not in html
    assert "Type what you are looking for" in client.get("/search/").content.decode()


def test_header_has_the_search_box(client, db):
    html = client.get("/").content.decode()
    assert 'action="/search/" role="search"' in html
