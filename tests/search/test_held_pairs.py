"""Quoted phrases of two common words held by many entries (but not most), counted from the sums kept
over the entries holding them (search_packedgroup, `holds:<code>`) rather than from the rows: the
pairs tracked, their groups filled and kept through every write, and the counts exactly those counted
row by row."""

import random
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations.services import catalogue_refresh
from portal.search import phrases
from portal.search.engine import SearchQuery, run_search
from portal.search.models import HeldPair
from portal.search.registry import get
from tests.factories import make_innovation
from tests.search.test_counts import FACETS, counted, expected_counts, some_facets
from tests.search.test_phrases import phrase_check_alone

pytestmark = pytest.mark.django_db

NOTHING = {name: [] for name in FACETS}


@pytest.fixture
def catalogue(settings):
    """Eighty innovations: "housing service" in about two in five, "community housing" in about one in
    ten, "service housing" in none."""
    settings.SEARCH_RESULT_CACHE = False
    rng = random.Random(7)  # noqa: S311 - repeatable test data
    for number in range(80):
        parts = ["A housing service"] if rng.random() < 0.4 else ["A service for housing"]
        if rng.random() < 0.1:
            parts.append("community housing")
        make_innovation(
            title=f"Entry {number}",
            summary=", ".join(parts) + ".",
            **some_facets(rng),
        )
    catalogue = get("innovations").catalogue.resolved()
    # Every word common; no word or pair listed where lacking; a pair's group kept from 16 entries on.
    phrases.rebuild(catalogue, share=0, minimum=1, everywhere=1.0, held=0.2)
    return catalogue


def code_of(catalogue, phrase: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phraseto_tsquery('english', %s)::text", [phrase])
        left, right = (word.strip("' ") for word in cursor.fetchone()[0].split("<->"))
    ready = phrases.ready_words(catalogue, f"{phrases.TABLE}=1,{phrases.HELD_TABLE}=1")
    return phrases.pair_code(ready[left], ready[right])


def search(catalogue, q, **kwargs):
    """The result, and whether its counts came from a pair's group alone (no row read to count)."""
    with CaptureQueriesContext(connection) as queries:
        result = run_search(catalogue, SearchQuery(q=q, match="all", **kwargs))
    sql = " ".join(query["sql"] for query in queries)
    return result, "'holds:" in sql and "row_by_row" not in sql


def test_the_pairs_held_by_enough_entries_are_tracked(catalogue):
    held = set(HeldPair.objects.filter(catalogue=catalogue.table, ready=True).values_list("code", flat=True))
    assert phrase_check_alone('"housing service"') >= 16
    assert code_of(catalogue, "housing service") in held
    assert 0 < phrase_check_alone('"community housing"') < 16
    assert code_of(catalogue, "community housing") not in held
    # Rerun with nothing new: nothing is added.
    assert phrases.track_pairs(catalogue, share=0.2, minimum=1) == 0


def test_a_held_phrase_is_counted_from_its_group_exactly(catalogue):
    result, from_group = search(catalogue, '"housing service"')
    assert from_group
    assert counted(result) == expected_counts(catalogue, '"housing service"', NOTHING)
    assert result.total == phrase_check_alone('"housing service"')
    # The page of results is the same as without the pairs at all.
    plain = replace(catalogue, pairs_column="", lacks_column="")
    slow = run_search(plain, SearchQuery(q='"housing service"', match="all"))
    assert (slow.total, slow.ids, slow.facets) == (result.total, result.ids, result.facets)


def test_other_phrases_are_counted_row_by_row_and_agree(catalogue):
    for q in ['"community housing"', '"service housing"', '"housing service" community']:
        result, from_group = search(catalogue, q)
        assert not from_group, q
        assert counted(result) == expected_counts(catalogue, q, NOTHING), q
    # A choice of the held phrase or something else: the group, and the other entries row by row.
    result, from_group = search(catalogue, '"housing service" OR community')
    assert from_group
    assert counted(result) == expected_counts(catalogue, '"housing service" OR community', NOTHING)
    # With a filter chosen: row by row too.
    chosen = {**NOTHING, "stage": ["grow"]}
    result, from_group = search(catalogue, '"housing service"', selected={"stage": ["grow"]})
    assert not from_group
    assert counted(result) == expected_counts(catalogue, '"housing service"', chosen)


def test_the_group_follows_every_write(catalogue):
    def check():
        result, from_group = search(catalogue, '"housing service"')
        assert from_group
        assert counted(result) == expected_counts(catalogue, '"housing service"', NOTHING)
        return result.total

    before = check()
    late = make_innovation(title="Late", summary="Another housing service.", stage="grow")
    assert check() == before + 1
    late.summary = "Now a service for housing."  # changed and indexed again: no longer holds it
    late.save()
    catalogue_refresh([late.pk])
    assert check() == before
    late.summary = "A housing service again."
    late.save()
    catalogue_refresh([late.pk])
    assert check() == before + 1
    late.delete()
    assert check() == before
    with connection.cursor() as cursor:  # and by hand, past every service
        cursor.execute(
            "DELETE FROM innovations_catalogueentry WHERE innovation_id IN "
            "(SELECT innovation_id FROM innovations_catalogueentry ORDER BY innovation_id LIMIT 10)"
        )
    assert check() < before


def test_a_pair_is_counted_from_its_group_only_once_the_group_is_filled(catalogue):
    """A pair added is kept by every write at once, but read only once the rebuild has filled its group
    from every entry: until then its phrase is counted row by row."""
    code = code_of(catalogue, "housing service")
    HeldPair.objects.filter(catalogue=catalogue.table).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_packedgroup WHERE key = %s", [f"holds:{code}"])
    HeldPair.objects.create(catalogue=catalogue.table, code=code, ready=False)
    make_innovation(title="Late", summary="Another housing service.")  # its group begins with this one
    result, from_group = search(catalogue, '"housing service"')
    assert not from_group
    assert counted(result) == expected_counts(catalogue, '"housing service"', NOTHING)
    phrases.track_pairs(catalogue, share=0.2, minimum=1)
    assert not HeldPair.objects.filter(ready=False).exists()
    again, from_group = search(catalogue, '"housing service"')
    assert from_group and counted(again) == counted(result) and again.total == result.total


def test_a_held_phrase_with_other_ways_of_matching_counts_those_too(settings):
    """A phrase whose words have synonyms or other spellings: the held pair's group, and the entries
    matching another way but not holding it, read row by row, exactly as without the pairs at all."""
    settings.SEARCH_RESULT_CACHE = False
    rng = random.Random(5)  # noqa: S311 - repeatable test data
    texts = [
        "A practice team and a service council.",
        "The practise team.",
        "Practice team, practise team.",
        "The service local authority.",
        "Council service, team practice.",
    ]
    for number in range(60):
        make_innovation(title=f"Entry {number}", summary=rng.choice(texts), **some_facets(rng))
    catalogue = get("innovations").catalogue.resolved()
    phrases.rebuild(catalogue, share=0, minimum=1, everywhere=1.0, held=0.1)
    plain = replace(catalogue, pairs_column="", lacks_column="")
    for q in ['"practice team"', '"practise team"', '"service council"', '"service local authority"']:
        result, from_group = search(catalogue, q)
        slow = run_search(plain, SearchQuery(q=q, match="all"))
        assert (result.total, result.ids, result.facets) == (slow.total, slow.ids, slow.facets), q
        # (more than the phrase alone, without its other spellings and synonyms)
        assert result.total >= phrase_check_alone(q) > 0, q
        assert from_group == (q != '"service local authority"'), q  # (a phrase of three words: row by row)
