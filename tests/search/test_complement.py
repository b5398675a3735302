"""Searches for words in most entries, counted through the entries lacking them: the catalogue's totals
kept by triggers through every kind of write, and counts exactly those counted row by row."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations.services import catalogue_refresh
from portal.search import phrases
from portal.search.engine import SearchQuery, run_search
from portal.search.registry import get
from tests.factories import OrganisationFactory, make_innovation
from tests.search.test_counts import FACETS, counted, expected_counts, some_facets
from tests.search.test_phrases import phrase_check_alone

pytestmark = pytest.mark.django_db


def totals_and_sums():
    catalogue = get("innovations").catalogue
    columns = [column for column, _name, _keys in catalogue.packed_columns()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT names, totals FROM search_packedtotal WHERE catalogue = %s", [catalogue.table])
        names, totals = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*), {', '.join(f'COALESCE(sum({c}), 0)' for c in columns)} FROM {catalogue.table}"  # noqa: S608
        )
        actual = cursor.fetchone()
    return dict(zip(names, [int(t) for t in totals], strict=True)), dict(
        zip(["rows", *columns], [int(a) for a in actual], strict=True)
    )


def test_the_totals_follow_every_write():
    organisation = OrganisationFactory()
    first = make_innovation(
        title="One", summary="Service one.", organisation=organisation, themes=["evidence"]
    )
    second = make_innovation(title="Two", summary="Service two.", stage="grow", policy_areas=["Health"])
    kept, actual = totals_and_sums()
    assert kept == actual and kept["rows"] == 2
    first.stage = "adopt"  # changed and indexed again (an update of its row)
    first.save()
    catalogue_refresh([first.pk])
    assert totals_and_sums()[0] == totals_and_sums()[1]
    first.status = "archived"  # no longer public: its row goes
    first.save()
    catalogue_refresh([first.pk])
    kept, actual = totals_and_sums()
    assert kept == actual and kept["rows"] == 1
    second.delete()  # its entry goes with it, deleted by the ORM's cascade
    kept, actual = totals_and_sums()
    assert kept == actual and kept["rows"] == 0
    third = make_innovation(title="Three", summary="Service three.")
    with connection.cursor() as cursor:  # and by hand, past every service
        cursor.execute("DELETE FROM innovations_catalogueentry WHERE innovation_id = %s", [third.pk])
    kept, actual = totals_and_sums()
    assert kept == actual and kept["rows"] == 0


@pytest.fixture
def catalogue(settings):
    """Sixty innovations: "service" in all of them, "community" in most, "housing" in some."""
    settings.SEARCH_RESULT_CACHE = False
    rng = random.Random(11)  # noqa: S311 - repeatable test data
    for number in range(60):
        words = (
            ["service"]
            + (["community"] if rng.random() < 0.7 else [])
            + (["housing"] if rng.random() < 0.2 else [])
        )
        make_innovation(
            title=f"Entry {number}",
            summary=" ".join(words) + ".",
            **some_facets(rng),
        )
    catalogue = get("innovations").catalogue.resolved()
    # (no pair's group kept: each is in fewer than all the entries; see test_held_pairs)
    phrases.rebuild(catalogue, share=0, minimum=1, everywhere=0.5, held=1.0)
    return catalogue


def search(catalogue, q, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        result = run_search(catalogue, SearchQuery(q=q, match="all", **kwargs))
    return result, any(
        "lacks &&" in query["sql"] or "search_packedgroup" in query["sql"] for query in queries
    ) and not any("row_by_row" in query["sql"] for query in queries)


def check_through_complement(catalogue, queries):
    nothing = {name: [] for name in FACETS}
    for q in queries:
        result, through_complement = search(catalogue, q)
        assert through_complement, q
        assert counted(result) == expected_counts(catalogue, q, nothing), q


def test_words_in_most_entries_are_counted_through_those_lacking_them(catalogue):
    check_through_complement(catalogue, ["service", "community", "service community"])
    assert search(catalogue, "community")[0].total == phrase_check_alone("community") > 30


def test_other_searches_are_counted_row_by_row_and_agree(catalogue):
    nothing = {name: [] for name in FACETS}
    result, through_complement = search(catalogue, "housing")  # in too few entries
    assert not through_complement and counted(result) == expected_counts(catalogue, "housing", nothing)
    chosen = {**nothing, "stage": ["grow"]}
    result, through_complement = search(catalogue, "community", selected={"stage": ["grow"]})
    assert not through_complement and counted(result) == expected_counts(catalogue, "community", chosen)
    result, through_complement = search(catalogue, "community -housing")
    assert not through_complement


def test_an_entry_written_later_is_counted_through_the_complement_too(catalogue):
    make_innovation(title="Late", summary="A service for nobody in particular.", stage="grow")
    make_innovation(title="Later", summary="A community service.", stage="adopt")
    nothing = {name: [] for name in FACETS}
    for q in ["service", "community"]:
        result, through_complement = search(catalogue, q)
        assert through_complement and counted(result) == expected_counts(catalogue, q, nothing)


def test_browsing_with_nothing_chosen_reads_the_totals(catalogue):
    nothing = {name: [] for name in FACETS}
    make_innovation(title="Late", summary="Written after the totals were first made.", stage="grow")
    with CaptureQueriesContext(connection) as queries:
        result = run_search(catalogue, SearchQuery(q=""))
    assert any("search_packedtotal" in query["sql"] for query in queries)
    assert not any("row_by_row" in query["sql"] for query in queries)
    assert result.total == 61 and counted(result) == expected_counts(catalogue, "", nothing)
    chosen = {**nothing, "stage": ["grow"]}  # a filter chosen: counted row by row
    assert counted(run_search(catalogue, SearchQuery(q="", selected={"stage": ["grow"]}))) == expected_counts(
        catalogue, "", chosen
    )


def test_phrases_in_most_entries_are_counted_through_those_lacking_them(catalogue):
    """The phrase "service community" stands side by side in most entries (in every summary holding
    "community"): the rebuild lists it where lacking, and searches for it subtract those entries."""
    ready = phrases.ready_words(catalogue, f"{phrases.TABLE}=1,{phrases.PAIRS_TABLE}=1")
    assert ready.everywhere_pairs, "the rebuild found the common pair"
    check_through_complement(catalogue, ['"service community"', 'service "service community"'])
    assert search(catalogue, '"service community"')[0].total == phrase_check_alone('"service community"') > 30


def test_phrases_not_in_most_entries_are_counted_row_by_row_and_agree(catalogue):
    nothing = {name: [] for name in FACETS}
    # The same words the other way round stand side by side nowhere; "community housing" in too few.
    for q in ['"community service"', '"community housing"', '"service community" -housing']:
        result, through_complement = search(catalogue, q)
        assert not through_complement, q
        assert counted(result) == expected_counts(catalogue, q, nothing), q
    chosen = {**nothing, "stage": ["grow"]}
    result, through_complement = search(catalogue, '"service community"', selected={"stage": ["grow"]})
    assert not through_complement and counted(result) == expected_counts(
        catalogue, '"service community"', chosen
    )


def test_an_entry_written_later_lists_the_common_pairs_it_lacks(catalogue):
    late = make_innovation(title="Late", summary="A community, then a service.", stage="grow")
    later = make_innovation(title="Later", summary="Service community again.", stage="adopt")
    ready = phrases.ready_words(catalogue, f"{phrases.TABLE}=1,{phrases.PAIRS_TABLE}=1")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT innovation_id, lacks FROM innovations_catalogueentry WHERE innovation_id IN (%s, %s)",
            [late.pk, later.pk],
        )
        lacks = dict(cursor.fetchall())
    assert set(ready.everywhere_pairs) <= set(lacks[late.pk])
    assert not set(ready.everywhere_pairs) & set(lacks[later.pk])
    nothing = {name: [] for name in FACETS}
    result, through_complement = search(catalogue, '"service community"')
    assert through_complement
    assert counted(result) == expected_counts(catalogue, '"service community"', nothing)


def test_a_pair_becomes_common_only_once_every_entry_lists_it(catalogue):
    """A pair found common is listed by writes at once, but searched through only when the rebuild has
    listed it in every entry."""
    from portal.search.models import CommonPair

    CommonPair.objects.filter(catalogue=catalogue.table).update(ready=False)
    ready = phrases.ready_words(catalogue, f"{phrases.TABLE}=1,{phrases.PAIRS_TABLE}=2")
    assert not ready.everywhere_pairs
    assert not search(catalogue, '"service community"')[1]
    phrases.rebuild(catalogue, share=0, minimum=1, everywhere=0.5, held=1.0)
    assert CommonPair.objects.filter(catalogue=catalogue.table, ready=False).count() == 0
    assert search(catalogue, '"service community"')[1]


def kept_and_actual_groups():
    catalogue = get("innovations").catalogue
    columns = [column for column, _name, _keys in catalogue.packed_columns()]
    sums = ", ".join(["count(*)", *(f"COALESCE(sum(r.{c}), 0)" for c in columns)])
    options = " UNION ALL ".join(
        f"SELECT '{column}:{slot}' AS key, r.* FROM innovations_catalogueentry AS r "  # noqa: S608 - configuration
        f"WHERE (r.{column} >> {21 * slot}) & 2097151 > 0"
        for column, _name, keys in catalogue.packed_columns()
        for slot in range(len(keys))
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, totals FROM search_packedgroup WHERE catalogue = %s", [catalogue.table])
        kept = {key: [int(t) for t in totals] for key, totals in cursor.fetchall() if any(totals)}
        cursor.execute(
            f"SELECT key, ARRAY[{sums}] FROM (SELECT 'lacks:' || code AS key, r.* FROM "  # noqa: S608
            f"innovations_catalogueentry AS r, unnest(r.lacks) AS code UNION ALL "
            f"SELECT 'holds:' || code AS key, r.* FROM innovations_catalogueentry AS r, unnest(r.phrase_pairs) AS code "
            f"WHERE code IN (SELECT code FROM search_heldpair) UNION ALL {options}) AS r GROUP BY key"
        )
        actual = {key: [int(t) for t in totals] for key, totals in cursor.fetchall()}
    return kept, actual


def test_the_groups_follow_every_write(catalogue):
    phrases.track_pairs(catalogue, share=0, minimum=10)  # the pairs in ten entries or more
    kept, actual = kept_and_actual_groups()
    assert kept == actual and any(key.startswith("lacks:") for key in kept)
    assert any(key.startswith("holds:") for key in kept)
    first = make_innovation(title="Late", summary="A service.", stage="grow", themes=["evidence"])
    assert kept_and_actual_groups()[0] == kept_and_actual_groups()[1]
    first.stage = "adopt"
    first.save()
    catalogue_refresh([first.pk])  # an update of its row
    assert kept_and_actual_groups()[0] == kept_and_actual_groups()[1]
    first.status = "archived"
    first.save()
    catalogue_refresh([first.pk])  # its row goes
    assert kept_and_actual_groups()[0] == kept_and_actual_groups()[1]
    with connection.cursor() as cursor:  # and by hand, past every service
        cursor.execute(
            "DELETE FROM innovations_catalogueentry WHERE innovation_id IN "
            "(SELECT innovation_id FROM innovations_catalogueentry ORDER BY innovation_id LIMIT 5)"
        )
    kept, actual = kept_and_actual_groups()
    assert kept == actual


def test_one_word_or_phrase_in_most_entries_is_counted_from_its_group(catalogue):
    nothing = {name: [] for name in FACETS}
    for q in ["community", '"service community"']:
        with CaptureQueriesContext(connection) as queries:
            result = run_search(catalogue, SearchQuery(q=q, match="all"))
        sql = " ".join(query["sql"] for query in queries)
        assert "search_packedgroup" in sql and "lacks &&" not in sql and "row_by_row" not in sql, q
        assert counted(result) == expected_counts(catalogue, q, nothing), q


def test_browsing_with_one_option_chosen_is_counted_from_its_group(catalogue):
    nothing = {name: [] for name in FACETS}
    for facet, value in [("stage", "grow"), ("theme", "evidence"), ("policy_area", "health")]:
        with CaptureQueriesContext(connection) as queries:
            result = run_search(catalogue, SearchQuery(selected={facet: [value]}))
        sql = " ".join(query["sql"] for query in queries)
        assert "search_packedgroup" in sql and "row_by_row" not in sql, facet
        expected = expected_counts(catalogue, "", {**nothing, facet: [value]})
        assert counted(result) == expected, facet
        assert result.total == expected[facet][value] > 0
    # Two options of one filter: counted row by row, and exact.
    chosen = {"stage": ["grow", "adopt"]}
    with CaptureQueriesContext(connection) as queries:
        result = run_search(catalogue, SearchQuery(selected=chosen))
    assert any("row_by_row" in query["sql"] for query in queries)
    assert counted(result) == expected_counts(catalogue, "", {**nothing, **chosen})


def test_browsing_with_one_option_in_each_of_two_filters_is_counted_from_their_groups(catalogue):
    """Each of the two filters counts the entries with the other's option (its group); every other
    filter, and the total, the entries with both, found through the index of their options."""
    nothing = {name: [] for name in FACETS}
    for chosen in [
        {"stage": ["grow"], "theme": ["evidence"]},
        {"policy_area": ["health"], "evidence_level": ["3"]},
        {"stage": ["adopt"], "adopted": ["yes"]},  # no entry is adopted elsewhere: an empty group
    ]:
        with CaptureQueriesContext(connection) as queries:
            result = run_search(catalogue, SearchQuery(selected=chosen))
        sql = " ".join(query["sql"] for query in queries)
        assert "search_packedgroup" in sql and "row_by_row" not in sql, chosen
        expected = expected_counts(catalogue, "", {**nothing, **chosen})
        assert counted(result) == expected, chosen
        (first, (value,)), _second = chosen.items()
        assert result.total == expected[first][value]
    assert result.total == 0 and result.ids == []
    # With words typed too: counted row by row, as before.
    with CaptureQueriesContext(connection) as queries:
        result = run_search(
            catalogue, SearchQuery(q="housing", selected={"stage": ["grow"], "theme": ["evidence"]})
        )
    assert any("row_by_row" in query["sql"] for query in queries)


def test_the_groups_migration_says_what_the_configuration_says():
    import importlib

    expected = get("innovations").catalogue.groups_sql()
    latest = importlib.import_module("innovations.migrations.0016_held_pair_groups")
    assert expected["function"] == latest.GROUPS_FUNCTION
    first = importlib.import_module("innovations.migrations.0014_packed_groups")
    assert expected["triggers"] == first.GROUPS_TRIGGERS
    # and the function installed is the latest migration's
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('innovations_catalogueentry_groups'::regproc)")
        installed = cursor.fetchone()[0]
    assert "search_heldpair" in installed
