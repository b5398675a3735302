"""The shared search engine on a small catalogue of its own (gadgets), so its behaviour is pinned down
apart from any app: facet counts, sorts, paging, the two ways of reading a page, counting many queries at
once, the typed query's URL, and the start-up check of a catalogue's columns."""

import pytest
from django.db import connection

from portal.search import checks, engine, registry
from portal.search.engine import (
    BitFacet,
    Catalogue,
    ColumnFacet,
    FlagFacet,
    SearchQuery,
    Sort,
    count_matches,
    highlight,
    run_search,
)

pytestmark = pytest.mark.django_db

SIZES = [("small", "Small", 0), ("medium", "Medium", 1), ("large", "Large", 2)]
GADGETS = [
    # id, name, colour, sizes, rating, text
    (1, "Red kettle", "red", ["small"], 5, "kettle boils water fast"),
    (2, "Blue kettle", "blue", ["small", "medium"], 3, "kettle for a large family"),
    (3, "Red toaster", "red", ["medium"], 4, "toaster with four slots"),
    (4, "Green kettle", "green", ["large"], 2, "kettle that whistles"),
    (5, "Blue toaster", "blue", ["large", "medium"], 5, "toaster and kettle in one"),
]
CATALOGUE = Catalogue(
    table="test_gadget",
    id_column="id",
    vector_column="search_vector",
    facets=[
        ColumnFacet(
            "colour", "Colour", [("red", "Red"), ("blue", "Blue"), ("green", "Green")], column="colour"
        ),
        BitFacet("size", "Size", SIZES, column="size_bits"),
        FlagFacet("rated", "Well rated", "Rated 4 or 5", condition="rating >= 4"),
    ],
    sorts=[Sort("relevance", "Relevance", ""), Sort("name", "Name", "name, id")],
    tie_break="rating DESC, id",
)


@pytest.fixture
def gadgets(db):
    bits = {code: bit for code, _label, bit in SIZES}
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE test_gadget (id int PRIMARY KEY, name text, colour text, size_bits int, "
            "rating int, search_vector tsvector)"
        )
        for gadget_id, name, colour, sizes, rating, text in GADGETS:
            cursor.execute(
                "INSERT INTO test_gadget VALUES (%s, %s, %s, %s, %s, "
                "setweight(to_tsvector('english', %s), 'A') || to_tsvector('english', %s))",
                [gadget_id, name, colour, sum(1 << bits[s] for s in sizes), rating, name, text],
            )


def counts(result, facet):
    return {c.value: c.count for c in result.facets[facet]}


def test_each_facets_counts_apply_the_other_facets_but_not_its_own(gadgets):
    result = run_search(CATALOGUE, SearchQuery(selected={"colour": ["red"], "size": ["medium"]}))
    assert result.total == 1 and result.ids == [3]
    assert counts(result, "colour") == {"red": 1, "blue": 2, "green": 0}  # medium ones, by colour
    assert counts(result, "size") == {"small": 1, "medium": 1, "large": 0}  # red ones, by size
    assert counts(result, "rated") == {"yes": 1}
    assert [c.value for c in result.facets["colour"] if c.selected] == ["red"]


def test_values_within_a_facet_are_ored_and_facets_anded(gadgets):
    result = run_search(CATALOGUE, SearchQuery(selected={"colour": ["red", "green"], "rated": ["yes"]}))
    assert sorted(result.ids) == [1, 3]


def test_text_is_ranked_by_relevance_then_the_tie_break(gadgets):
    result = run_search(CATALOGUE, SearchQuery(q="kettle"))
    assert result.total == 4
    assert result.ids[:3] in ([1, 2, 4], [2, 1, 4])  # the name (weight A) counts more than the text
    assert result.ids[-1] == 5


def test_sorts_and_pages_cover_every_match_once_in_order(gadgets):
    pages = [run_search(CATALOGUE, SearchQuery(sort="name", page=page), page_size=2) for page in (1, 2, 3)]
    assert [p.ids for p in pages] == [[2, 5], [4, 1], [3]]
    assert pages[0].num_pages == 3 and pages[0].has_next and not pages[2].has_next
    past = run_search(CATALOGUE, SearchQuery(page=4), page_size=2)
    assert past.page_out_of_range and past.ids == []


@pytest.mark.parametrize("rank_cap", [1, 1000])
def test_a_page_is_the_same_whichever_way_the_matches_are_read(gadgets, monkeypatch, rank_cap):
    capped = Catalogue(**{**CATALOGUE.__dict__, "rank_cap": rank_cap})
    pages = {}
    for selective in (True, False):
        monkeypatch.setattr(
            engine, "is_selective", lambda matched, size, needed, meeting, chosen=selective: chosen
        )
        pages[selective] = [
            run_search(capped, SearchQuery(q="kettle", sort=sort, page=page), page_size=2).ids
            for sort in ("relevance", "name")
            for page in (1, 2)
        ]
    assert pages[True] == pages[False]


def test_many_queries_are_counted_together_up_to_a_cap(gadgets, django_assert_num_queries):
    queries = [
        (SearchQuery(q="kettle"), "TRUE", []),
        (SearchQuery(selected={"colour": ["blue"]}), "rating > %s", [4]),
        (SearchQuery(q="toaster"), "TRUE", []),
    ]
    with django_assert_num_queries(2):
        assert count_matches(CATALOGUE, queries, cap=3) == [3, 1, 2]


def test_a_typed_query_gives_the_url_parameters_of_its_page():
    query = SearchQuery(q="kettle", selected={"size": ["small", "large"], "colour": []}, sort="name", page=2)
    assert query.params(CATALOGUE).urlencode() == "q=kettle&size=small&size=large&sort=name&page=2"
    assert SearchQuery().params(CATALOGUE).urlencode() == ""


def test_marked_words_are_escaped_and_markers_become_mark_tags():
    assert highlight("<b>\x02kettle\x03</b>") == "&lt;b&gt;<mark>kettle</mark>&lt;/b&gt;"


def test_the_start_up_check_names_columns_a_catalogue_table_lacks(monkeypatch):
    from innovations.models import CatalogueEntry

    good = registry.get("innovations")
    assert checks.catalogue_columns_exist() == []
    broken = Catalogue(**{**good.catalogue.__dict__, "tie_break": "evidence_level DESC, popularity DESC"})
    monkeypatch.setattr(
        registry,
        "_registry",
        {"innovations": registry.CatalogueRegistration(**{**good.__dict__, "catalogue": broken})},
    )
    errors = checks.catalogue_columns_exist()
    assert [e.id for e in errors] == ["search.E002"]
    assert "popularity" in errors[0].msg and CatalogueEntry.__name__ in errors[0].hint
