"""Cached search results, on every registered catalogue: a repeated search is answered from the cache
in one statement, and never after a write it does not reflect (an entry published, changed or deleted
by a cascade; a synonym added)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.search import cache as cache_module
from portal.search.engine import SearchQuery, run_search
from portal.search.models import Synonym
from portal.search.registry import get
from portal.search.vocabulary import synonym_rules_refresh
from tests.search.test_understanding import MAKERS, TEXTS

pytestmark = pytest.mark.django_db


@pytest.fixture(params=sorted(MAKERS))
def kind(request):
    return request.param


def search(catalogue, q, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        result = run_search(catalogue, SearchQuery(q=q, **kwargs))
    return result, len(queries)


def test_a_repeated_search_is_answered_from_the_cache_in_one_statement(kind):
    catalogue = get(kind).catalogue.resolved()
    MAKERS[kind](TEXTS)
    first, first_queries = search(catalogue, "nursing")
    again, again_queries = search(catalogue, "nursing")
    assert again == first and again.total == 1
    assert first_queries > 1 and again_queries == 1  # the generations, read with the words
    browse, _ = search(catalogue, "")
    assert search(catalogue, "")[1] == 1 and browse.total == 3


def test_no_result_is_served_after_a_write_it_does_not_reflect(kind):
    catalogue = get(kind).catalogue.resolved()
    ids = MAKERS[kind](TEXTS)
    assert search(catalogue, "nursing")[0].total == 1
    assert search(catalogue, "")[0].total == 3
    MAKERS[kind]({"more": "District nursing at night."})  # published through the services
    assert search(catalogue, "nursing")[0].total == 2
    assert search(catalogue, "")[0].total == 4
    # Deleted by the database (a cascade), not by the services.
    with connection.cursor() as cursor:
        registration = get(kind)
        cursor.execute(
            f"DELETE FROM {catalogue.table} WHERE {catalogue.id_column} = %s",  # noqa: S608 - configuration
            [ids["nursing"]],
        )
    assert registration is not None and search(catalogue, "nursing")[0].total == 1


def test_a_synonym_added_is_used_by_the_next_search_not_a_cached_one(kind):
    catalogue = get(kind).catalogue.resolved()
    ids = MAKERS[kind](TEXTS)
    assert search(catalogue, "night sisters", match="all")[0].total == 0
    Synonym.objects.create(phrase="night sisters", also_means="neighbourhood nursing")
    synonym_rules_refresh()
    assert search(catalogue, "night sisters", match="all")[0].ids == [ids["nursing"]]


def visit(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")], [q["sql"] for q in queries]


def test_a_search_page_renders_its_results_once_and_again_only_after_a_write(client, kind):
    """The second visit to a search page reads its results, cards and all, from the cache of rendered
    results: no card is loaded and nothing is counted; a new entry is on the next visit."""
    registration = get(kind)
    MAKERS[kind](TEXTS)
    path = registration.search_url(SearchQuery(q="nursing"))
    first, first_queries = visit(client, path)
    again, again_queries = visit(client, path)
    assert "Entry nursing" in first and again == first
    assert len(again_queries) < len(first_queries)
    assert not [sql for sql in again_queries if "count(*)" in sql or "ts_headline" in sql]
    MAKERS[kind]({"more": "District nursing at night."})
    after, _ = visit(client, path)
    assert "Entry more" in after and "Entry nursing" in after


def test_each_address_has_its_own_rendered_results(client, kind):
    """The page's links are made from its address, so another address of the same search renders its
    own cards (from the cached result) rather than reusing those rendered for the first address."""
    registration = get(kind)
    MAKERS[kind](TEXTS)
    path = registration.search_url(SearchQuery(q="nursing"))
    tagged_path = path + "&utm_source=newsletter"
    visit(client, path)
    _, repeat = visit(client, path)
    tagged, tagged_first = visit(client, tagged_path)
    _, tagged_repeat = visit(client, tagged_path)
    assert "Entry nursing" in tagged
    assert len(tagged_first) > len(repeat), "the second address rendered its own results"
    assert len(tagged_repeat) == len(repeat), "and reads them from the cache the next time"


def test_no_result_or_rendered_page_outlives_a_release(monkeypatch):
    """Every key holds a digest of the code and templates, so a release asks under new keys."""
    query = SearchQuery(q="nursing")
    before = cache_module.key(
        table="t", generation="1", vocabulary=0, query=query, page_size=20, with_facets=True
    )
    monkeypatch.setattr(cache_module, "CODE_VERSION", "another release")
    after = cache_module.key(
        table="t", generation="1", vocabulary=0, query=query, page_size=20, with_facets=True
    )
    assert before != after


def test_the_code_digest_changes_with_a_template(tmp_path, monkeypatch):
    for folder in ["portal", "innovations", "mentoring", "awards", "templates"]:
        (tmp_path / folder).mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>one</p>")
    monkeypatch.setattr(cache_module, "ROOT", tmp_path)
    first = cache_module._code_digest()
    (tmp_path / "templates" / "page.html").write_text("<p>two</p>")
    assert cache_module._code_digest() != first
