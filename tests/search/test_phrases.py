"""Quoted phrases of common words, found through the index of word pairs: the same entries and counts as
PostgreSQL's own phrase check over every entry, through every path (the search page's count, facets and
page, a write after the index was built, a word that is not ready yet)."""

import io
import random
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.search import phrases
from portal.search.engine import SearchQuery, run_search
from portal.search.models import PhraseLexeme
from portal.search.registry import get
from tests.factories import make_innovation

pytestmark = pytest.mark.django_db


READY = {"care": 1, "home": 2, "commun": 3, "servic": 4, "local": 5, "practic": 6, "practis": 7, "help": 8}


def codes(*pairs):
    return sorted({phrases.pair_code(READY[a], READY[b]) for a, b in pairs})


@pytest.mark.parametrize(
    ("tsquery", "exact", "needed", "rest"),
    [
        # A two-word phrase of ready words is exactly its pair: nothing is left to check.
        ("'care' <-> 'home'", [(codes(("care", "home")), "", [])], [], ""),
        (
            "'care' <-> 'home' & 'local' <-> 'servic'",
            [(codes(("care", "home")), "", []), (codes(("local", "servic")), "", [])],
            [],
            "",
        ),
        ("'care' <-> 'home' & 'nurs'", [(codes(("care", "home")), "", [])], [], "'nurs'"),
        # A choice of spellings: exactly one of its pairs...
        (
            "( 'practic' | 'practis' ) <-> 'help'",
            [(codes(("practic", "help"), ("practis", "help")), "", [])],
            [],
            "",
        ),
        # ...or, for a word too rare to be ready, its phrase, which the text index finds.
        (
            "( 'practic' | 'practiz' ) <-> 'help'",
            [(codes(("practic", "help")), "( 'practiz' ) <-> ( 'help' )", [])],
            [],
            "",
        ),
        # A longer phrase needs each of its pairs, and is still checked.
        (
            "'local' <-> 'care' <-> 'home'",
            [],
            [[codes(("local", "care"), ("care", "home"))]],
            "'local' <-> 'care' <-> 'home'",
        ),
        # A synonym of two words at the end of a phrase: its pair, or the two words at one position,
        # with their pairs of ready words ('author' is not ready), checked by the text index.
        (
            "'servic' <-> ( 'home' | 'care' & 'local' | 'author' & 'local' )",
            [
                (
                    codes(("servic", "home")),
                    "",
                    [
                        (
                            codes(("servic", "care"), ("servic", "local")),
                            "( 'servic' ) <-> ( ( 'care' ) & ( 'local' ) )",
                        ),
                        (codes(("servic", "local")), "( 'servic' ) <-> ( ( 'author' ) & ( 'local' ) )"),
                    ],
                )
            ],
            [],
            "",
        ),
        # A longer phrase with a synonym in it: the pairs each way needs (each way of its first two words
        # with each way of its last two: more ways than can match, which only makes the condition weaker).
        (
            "'care' <-> ( 'home' | 'servic' & 'local' ) <-> 'help'",
            [],
            [
                [
                    codes(("care", "home"), ("home", "help")),
                    codes(("care", "home"), ("local", "help"), ("servic", "help")),
                    codes(("care", "local"), ("care", "servic"), ("home", "help")),
                    codes(("care", "local"), ("care", "servic"), ("local", "help"), ("servic", "help")),
                ]
            ],
            "'care' <-> ( 'home' | 'servic' & 'local' ) <-> 'help'",
        ),
        ("'care' <-> 'home' & !'local'", [(codes(("care", "home")), "", [])], [], "!'local'"),
        # Nothing the pairs can settle: the query as it is.
        ("( 'care' <-> 'home' | 'nurs' ) & 'local'", [], [], "( 'care' <-> 'home' | 'nurs' ) & 'local'"),
        ("!( 'care' <-> 'home' )", [], [], "!( 'care' <-> 'home' )"),
        ("'care' <2> 'home'", [], [], "'care' <2> 'home'"),  # a stop word between: not side by side
        ("'care':* <-> 'home'", [], [], "'care':* <-> 'home'"),  # a prefix is not one word
        ("'care' <-> 'nurs'", [], [], "'care' <-> 'nurs'"),  # 'nurs' is not a common word
        (
            "'care' <-> ( 'home' | 'nurs' )",
            [(codes(("care", "home")), "( 'care' ) <-> ( 'nurs' )", [])],
            [],
            "",
        ),
        ("'care' & 'home'", [], [], "'care' & 'home'"),
    ],
)
def test_what_a_query_needs_of_the_pairs(tsquery, exact, needed, rest):
    found_exact, found_needed, found_rest = phrases.plan(tsquery, READY)
    assert (found_exact, found_needed) == (exact, needed)
    if rest:
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::tsquery::text = %s::tsquery::text", [found_rest, rest])
            assert cursor.fetchone()[0], found_rest
    else:
        assert found_rest == ""


def test_a_query_not_understood_is_searched_as_it_is():
    assert phrases.plan("'care' <-> 'home", READY) == ([], [], "'care' <-> 'home")


def test_what_is_left_to_check_keeps_quotes_and_backslashes():
    other = r"'it''s' & 'a\\b'"
    exact, _needed, rest = phrases.plan(f"'care' <-> 'home' & {other}", READY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsquery = %s::tsquery", [rest, other])
        assert exact == [(codes(("care", "home")), "", [])] and cursor.fetchone()[0]


def test_an_entry_holds_the_pairs_of_common_words_side_by_side():
    words = {
        word: PhraseLexeme.objects.create(catalogue="t", lexeme=word, ready=True).pk
        for word in ["care", "home"]
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_phrase_pairs(to_tsvector('english', %s), 't')",
            ["Care homes and home care: caring at home, care."],
        )
        found = sorted(cursor.fetchone()[0])
    # care:1 home:2 home:4 care:5 care:6 home:8 care:9 ('and', 'at' are stop words; 'caring' is 'care')
    expected = {("care", "home"), ("home", "care"), ("care", "care")}
    assert found == sorted(phrases.pair_code(words[a], words[b]) for a, b in expected)


WORDS = [
    "care",
    "home",
    "local",
    "service",
    "community",
    "the",
    "of",
    "nurse",
    "night",
    "team",
    "council",
    "practice",
]
# (with words the curated synonyms and spellings rewrite: council, local authority; practice, practise)


def written_from(words: list[str], seed: int):
    """Sixty innovations written from `words` at random, every one of which is then common."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test data
    for number in range(60):
        chosen = [rng.choice(words) for _ in range(12)]
        make_innovation(
            title=f"Entry {number}",
            summary=" ".join(chosen[:6]).capitalize() + ".",
            problem=" ".join(chosen[6:]),
            stage=rng.choice(["prove", "grow"]),
        )
    catalogue = get("innovations").catalogue.resolved()
    phrases.rebuild(catalogue, share=0, minimum=1)
    return catalogue


@pytest.fixture
def catalogue(settings):
    """Sixty innovations written from a few words, every word of which is common."""
    settings.SEARCH_RESULT_CACHE = False
    return written_from(WORDS, 14)


def searched(catalogue, q, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        result = run_search(catalogue, SearchQuery(q=q, **kwargs))
    return result, [query["sql"] for query in queries]


def read_pairs(sql) -> bool:
    return any("phrase_pairs &&" in statement or "phrase_pairs @>" in statement for statement in sql)


def phrase_check_alone(q):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM innovations_catalogueentry WHERE search_vector @@ websearch_to_tsquery("
            "'english', %s)",
            [q],
        )
        return cursor.fetchone()[0]


def tsquery_check_alone(tsquery):
    """How many entries a query as understood (its synonyms and spellings too) finds, by the text check
    alone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM innovations_catalogueentry WHERE search_vector @@ %s::tsquery", [tsquery]
        )
        return cursor.fetchone()[0]


def test_phrases_of_common_words_find_exactly_what_the_phrase_check_alone_finds(catalogue):
    rng = random.Random(2026)  # noqa: S311 - repeatable queries
    plain = replace(catalogue, pairs_column="")
    queries = [f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"' for _ in range(25)]
    queries += [f'"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)}"' for _ in range(15)]
    queries += ['"care of the home"', '"local service" night', '"home care" -team', '"nurse team" OR "night"']
    queries += ['"service council"', '"practice team"', '"council home care"', '"local authority"', '"GP"']
    used_pairs = found_some = used_groups = 0
    for q in queries:
        for sort in ["relevance", "newest"]:
            fast, sql = searched(catalogue, q, sort=sort)
            slow, _ = searched(plain, q, sort=sort)
            assert (fast.total, fast.ids, fast.facets) == (slow.total, slow.ids, slow.facets), q
        if fast.tsquery:  # (a phrase of stop words alone searches for nothing: every entry is shown)
            assert fast.total == tsquery_check_alone(fast.tsquery), q
        used_pairs += read_pairs(sql)
        used_groups += any("'holds:" in statement for statement in sql)  # counted from a pair's group
        found_some += fast.total > 0
    assert used_pairs >= 25 and found_some >= 20  # the pairs were used, and found entries
    assert used_groups >= 10


def test_a_phrase_with_a_facet_chosen_counts_exactly(catalogue):
    plain = replace(catalogue, pairs_column="")
    for q in ['"care home"', '"local service"', '"community team"']:
        fast, sql = searched(catalogue, q, selected={"stage": ["grow"]})
        slow, _ = searched(plain, q, selected={"stage": ["grow"]})
        assert (fast.total, fast.ids, fast.facets) == (slow.total, slow.ids, slow.facets)
        assert read_pairs(sql)


def test_an_entry_written_after_the_index_was_built_is_found_by_its_phrase(catalogue):
    before = searched(catalogue, '"night nurse care"')[0].total
    make_innovation(title="Late entry", summary="Our night nurse care rota.")
    after, sql = searched(catalogue, '"night nurse care"')
    assert after.total == before + 1 and read_pairs(sql)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cardinality(phrase_pairs) FROM innovations_catalogueentry e JOIN innovations_innovation i "
            "ON i.id = e.innovation_id WHERE i.title = 'Late entry'"
        )
        assert cursor.fetchone()[0] > 0


def test_a_word_is_used_only_once_every_entry_holds_its_pairs(settings):
    settings.SEARCH_RESULT_CACHE = False
    make_innovation(title="One", summary="Shared lives placements for adults.")
    catalogue = get("innovations").catalogue.resolved()
    # Added but not yet ready (a rebuild under way): searches do not rely on it.
    PhraseLexeme.objects.create(catalogue=catalogue.table, lexeme="share", ready=False)
    PhraseLexeme.objects.create(catalogue=catalogue.table, lexeme="live", ready=False)
    result, sql = searched(catalogue, '"shared lives"')
    assert result.total == 1 and not read_pairs(sql)
    # The rebuild gives every entry its pairs, then marks the words ready: the next search uses them.
    assert phrases.rebuild(catalogue, share=0, minimum=1) > 0
    assert not PhraseLexeme.objects.filter(ready=False).exists()
    result, sql = searched(catalogue, '"shared lives"')
    assert result.total == 1 and read_pairs(sql)
    # Rerun with nothing new: quick, and nothing changes.
    assert phrases.rebuild(catalogue, share=0, minimum=1) == 0
    assert searched(catalogue, '"shared lives"')[0].total == 1


@pytest.mark.django_db(transaction=True)
def test_the_rebuild_command_vacuums_the_entries_it_wrote_again():
    """Every entry written again leaves its old row behind: the command vacuums them away at once, so
    searches do not read past them until autovacuum comes round."""
    from django.core.management import call_command

    for n in range(3):
        make_innovation(title=f"Shared lives {n}", summary="Shared lives placements for adults.")
    table = get("innovations").catalogue.table

    def vacuumed() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    before = vacuumed()
    PhraseLexeme.objects.create(catalogue=table, lexeme="share", ready=False)
    call_command("rebuild_phrase_index", stdout=io.StringIO())
    assert vacuumed() == before + 1
    assert PhraseLexeme.objects.get(lexeme="share").ready
    # Nothing new: nothing written again, nothing to vacuum.
    call_command("rebuild_phrase_index", stdout=io.StringIO())
    assert vacuumed() == before + 1


HYPHENATED = ["open-source", "co-production", "change-makers", "open", "source", "co", "production"]
HYPHENATED += ["change", "makers", "community", "team", "care", "outcomes-based", "referrals"]


@pytest.fixture
def hyphenated(settings):
    """Sixty innovations whose words are hyphenated, their parts, and others, every one common."""
    settings.SEARCH_RESULT_CACHE = False
    return written_from(HYPHENATED, 15)


def test_hyphenated_words_find_through_the_pairs_exactly_what_the_text_check_alone_finds(hyphenated):
    """A hyphenated word is also its joined form and its parts side by side: each way is searched in
    SQL with its own pairs, and ways that imply another are left out, without changing what is found."""
    plain = replace(hyphenated, pairs_column="")
    queries = ["open-source", "co-production", '"community change-makers"', '"outcomes-based referrals"']
    queries += ['"open-source team"', "open-source care", '"team co-production"', "change-makers -care"]
    queries += ["open-source OR co-production", '"change-makers community"']
    used_pairs = found_some = 0
    for q in queries:
        for kwargs in [{}, {"sort": "newest"}, {"selected": {"stage": ["grow"]}}]:
            fast, sql = searched(hyphenated, q, match="all", **kwargs)
            slow, _ = searched(plain, q, match="all", **kwargs)
            assert (fast.total, fast.ids, fast.facets) == (slow.total, slow.ids, slow.facets), (q, kwargs)
        used_pairs += read_pairs(sql)
        found_some += fast.total > 0
    assert used_pairs >= 6 and found_some >= 8


def test_a_way_implied_by_a_pair_is_left_out():
    ready = {"open": 1, "sourc": 2, "open-sourc": 3}
    conditions, params, rest = phrases.condition_sql(
        "pairs", "vector", "'opensourc' | 'open' <-> 'sourc' | 'open-sourc' <-> 'open' <-> 'sourc'", ready
    )
    # The joined form, or the pair of its parts: the parts after the hyphenated word hold that pair.
    assert conditions == ["((vector @@ %s::tsquery) OR (pairs && %s::int[]))"]
    assert params == ["'opensourc'", [phrases.pair_code(1, 2)]] and rest == ""
