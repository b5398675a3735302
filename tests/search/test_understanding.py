"""Search that never leaves a user at a dead end, on every registered catalogue: curated synonyms and
acronyms, hyphenated and joined forms, the fallback to some of the words (with exact counts), spelling
corrected from the catalogues' own words, and `match=all` for the words exactly as typed."""

from collections import Counter

import pytest
from django.db import connection

from portal.search.engine import SearchQuery, count_matches, run_search
from portal.search.models import Synonym
from portal.search.registry import get
from portal.search.understanding import any_words_queries, any_words_query, split_query
from portal.search.vocabulary import synonym_rules_refresh
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    announce_results,
    make_advice,
    make_innovation,
    make_mentor,
    submit_nomination,
)

pytestmark = pytest.mark.django_db

TEXTS = {
    "nursing": "Neighbourhood nursing teams that look after older people at home.",
    "care": "Keeping children in care safe: a safeguarding hub for every referral.",
    "offending": "Restorative conferences cut reoffending among young people.",
}


def _innovations(texts):
    return {key: make_innovation(title=f"Entry {key}", summary=text).pk for key, text in texts.items()}


def _advice(texts):
    return {key: make_advice(name=f"Entry {key}", description=text).pk for key, text in texts.items()}


def _mentors(texts):
    return {
        key: make_mentor(
            user=UserFactory(full_name=f"Entry {key}", organisation=OrganisationFactory()), bio=text
        ).pk
        for key, text in texts.items()
    }


def _champions(texts):
    from datetime import timedelta

    from django.utils import timezone

    from awards.demo_content import load_demo_awards
    from awards.models import Category, Round

    demo = load_demo_awards()
    now = timezone.now()  # a round of its own for each call, open until its results are announced
    round_ = Round.objects.create(
        award=demo.award, year=demo.year - 1 - Round.objects.count(), opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1), judging_ends_at=now + timedelta(days=2), announce_at=now + timedelta(days=3),
    )  # fmt: skip
    Category.objects.create(round=round_, name="Scaling Up Team")
    nominations = {
        key: submit_nomination(round_, nominee_org=f"Org {key}", name=f"Entry {key}") for key in texts
    }
    announce_results(round_, {nominations[key]: ("winner", text) for key, text in texts.items()})
    return {key: nomination.decision.pk for key, nomination in nominations.items()}


MAKERS = {"innovations": _innovations, "advice": _advice, "mentors": _mentors, "champions": _champions}


@pytest.fixture(params=sorted(MAKERS))
def catalogue(request, curated_synonyms):
    """Each registered catalogue with the same three entries (and nothing else to find)."""
    registration = get(request.param)
    assert registration is not None, request.param
    ids = MAKERS[request.param](TEXTS)
    return registration.catalogue.resolved(), ids


def search(catalogue, q, **kwargs):
    return run_search(catalogue, SearchQuery(q=q, **kwargs))


def test_every_registered_catalogue_is_tested():
    from portal.search.registry import registered

    assert {r.kind for r in registered()} == set(MAKERS)


def test_curated_synonyms_and_acronyms_find_what_the_words_do_not(catalogue):
    catalogue, ids = catalogue
    # Curated: children in care. Held in full by one entry, which comes first (the others hold some
    # of the words: "look after").
    found = search(catalogue, "looked after children")
    assert found.ids[0] == ids["care"] and found.all_words_total == 1
    assert search(catalogue, "looked after children", match="all").ids == [ids["care"]]
    assert search(catalogue, "child protection", match="all").ids == [ids["care"]]  # safeguarding
    assert search(catalogue, "neighborhood").ids == [ids["nursing"]]  # US spelling


def test_a_synonym_in_a_quoted_phrase_is_a_phrase_too(catalogue):
    catalogue, ids = catalogue
    # "looked after children" also means "children in care", side by side: so does the phrase quoted.
    assert search(catalogue, '"looked after children"', match="all").ids == [ids["care"]]
    # Within a longer phrase: "child protection hub" is also "safeguarding hub".
    assert search(catalogue, '"child protection hub"', match="all").ids == [ids["care"]]
    # Typed without quotes, the words are wanted anywhere, or what they also mean as a phrase: "look
    # after older people" holds neither.
    assert search(catalogue, "looked after children", match="all").ids == [ids["care"]]


def test_a_synonym_added_by_the_central_team_applies_to_the_next_search(catalogue):
    catalogue, ids = catalogue
    assert search(catalogue, "district nurses", match="all").total == 0
    Synonym.objects.create(phrase="district nurses", also_means="neighbourhood nursing")
    synonym_rules_refresh()
    assert search(catalogue, "district nurses").ids == [ids["nursing"]]


def test_hyphenated_and_joined_forms_find_each_other(catalogue):
    catalogue, ids = catalogue
    assert search(catalogue, "re-offending").ids == [ids["offending"]]
    assert search(catalogue, "restorative re-offending", match="all").ids == [ids["offending"]]


def test_a_hyphenated_word_in_a_quoted_phrase_keeps_the_phrase(catalogue):
    catalogue, ids = catalogue
    # Its joined form stands where it does: "cut reoffending" is held side by side...
    assert search(catalogue, '"cut re-offending"', match="all").ids == [ids["offending"]]
    # ...but "restorative" and "reoffending" are apart.
    assert search(catalogue, '"restorative re-offending"', match="all").total == 0


def test_too_few_with_every_word_widens_to_some_of_them_with_exact_counts(catalogue):
    catalogue, ids = catalogue
    found = search(catalogue, "nursing safeguarding")  # no entry holds both
    assert found.mode == "any" and found.all_words_total == 0 and found.words == ["nursing", "safeguarding"]
    assert set(found.ids) == {ids["nursing"], ids["care"]} and found.total == 2
    # The facet counts are those of the entries shown, as a plain GROUP BY over them counts them.
    assert _group_by_counts(catalogue, found) == {
        name: {c.value: c.count for c in counts if c.count} for name, counts in found.facets.items()
    }
    # Exactly as typed: nothing.
    strict = search(catalogue, "nursing safeguarding", match="all")
    assert strict.total == 0 and strict.mode == "all"
    # Entries holding every word come first, then those holding more of the words.
    found = search(catalogue, "safeguarding children nursing")
    assert found.mode == "any" and found.ids[0] == ids["care"]


def test_phrases_and_exclusions_keep_their_strict_meaning(catalogue):
    catalogue, ids = catalogue
    found = search(catalogue, '"restorative conferences" nursing')
    assert found.ids == [] or found.mode == "all"
    assert found.total == 0  # the phrase is required: no widening drops it
    found = search(catalogue, "nursing safeguarding -children")
    assert ids["care"] not in found.ids and ids["nursing"] in found.ids


def test_a_misspelt_word_is_corrected_from_the_catalogues_own_words(catalogue):
    catalogue, ids = catalogue
    found = search(catalogue, "safegaurding")
    assert found.searched_for == "safeguarding" and found.ids == [ids["care"]]
    assert search(catalogue, "safegaurding", match="all").total == 0  # "search instead for" what was typed
    assert search(catalogue, "zzqxj").total == 0  # nothing close: nothing invented


def test_saved_search_counts_follow_the_widened_search(catalogue):
    catalogue, ids = catalogue
    counts = count_matches(
        catalogue,
        [
            (SearchQuery(q="nursing safeguarding"), "TRUE", []),
            (SearchQuery(q="nursing safeguarding", match="all"), "TRUE", []),
            (SearchQuery(q="re-offending"), "TRUE", []),
        ],
        cap=50,
    )
    assert counts == [2, 0, 1]


def test_the_words_of_a_query():
    assert split_query('nursing "in care" -hospital A&E re-offending?') == (
        ["nursing", "A&E", "re-offending"],
        '"in care" -hospital',
    )
    assert split_query("housing or homelessness") == ([], "housing or homelessness")


def test_a_piece_of_writing_is_met_by_any_one_of_its_words_with_their_synonyms():
    text = 'Our "crews" visit -homes, or refer people to A&E; a re-offending pilot.'
    query = any_words_query(text)

    def meets(document: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_tsvector('english', %s) @@ %s::tsquery", [document, query])
            return cursor.fetchone()[0]

    assert meets("A crew of firefighters.")  # one word is enough, in any form
    assert meets("Homes first.")  # a dash, quotes or "or" in writing are not a search's operators
    assert meets("The emergency department.")  # a curated synonym of A&E
    assert meets("Reoffending fell.")  # a hyphenated word's joined form
    assert not meets("Schools and libraries.")
    assert any_words_query("Crews, a crew; councils and a council.").count("'council'") == 1  # each once
    assert any_words_query("") == "" and any_words_query("the and of, or!") == ""
    assert any_words_queries(["crews", "", "libraries"])[1] == ""


def _group_by_counts(catalogue, result) -> dict:
    """Each facet's counts over the entries a search found, by a plain GROUP BY per option (facets with
    no selection, so no other facet's selection applies)."""
    expected = {}
    with connection.cursor() as cursor:
        for facet in catalogue.facets:
            counts = Counter()
            for option in facet.options():
                sql, params = facet.match_one(option)
                cursor.execute(
                    f"SELECT count(*) FROM {catalogue.table} WHERE {catalogue.id_column} = ANY(%s) AND {sql}",  # noqa: S608
                    [result.ids, *params],
                )
                if count := cursor.fetchone()[0]:
                    counts[option.value] = count
            expected[facet.name] = dict(counts)
    return expected


@pytest.mark.parametrize(
    "q", ["-" * 40, "- " * 40, "housing " + "-" * 40, "- -" * 20, "--housing -- ---", "re--offending"]
)
def test_minus_signs_before_nothing_never_fail_a_search(client, db, q):
    """Dozens of lone minus signs made PostgreSQL's query parser fail ("tsquery stack too small"): every
    search page answered 500. They mean nothing and are dropped; a run before a word leaves it out."""
    for path in [
        "/search/",
        "/innovations/",
        "/advice/",
        "/mentors/",
        "/awards/champions/",
        "/api/innovations/",
    ]:
        assert client.get(path, {"q": q}).status_code == 200, path
