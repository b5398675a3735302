"""Cached search results, on every registered catalogue: a repeated search is answered from the cache
in one statement, and never after a write it does not reflect (an entry published, changed or deleted
by a cascade; a synonym added)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
