"""Full-text search and facets: what users find, how counts behave, and that only published items show."""

import pytest
from django.http import QueryDict

from innovations.models import Innovation
from innovations.search import catalogue_search
from innovations.services import adoption_delete, adoption_record, innovation_save
from portal.services import organisation_update
from tests.factories import OrganisationFactory, make_innovation

pytestmark = pytest.mark.django_db


def search(query: str = "", **kwargs):
    return catalogue_search(QueryDict(query), **kwargs)


def titles(query: str = "") -> list[str]:
    return [i.title for i in search(query).innovations]


def counts(found, facet: str) -> dict[str, int]:
    return {c.value: c.count for c in found.result.facets[facet]}


@pytest.fixture
def catalogue(db):
    council = OrganisationFactory(
        name="Northby Council", organisation_type="local_authority", region="north_east"
    )
    trust = OrganisationFactory(name="Riverside Trust", organisation_type="nhs", region="london")
    return {
        "housing": make_innovation(
            title="Housing First",
            summary="Homes for people sleeping rough.",
            problem="Homelessness kept rising.",
            stage="adopt",
            evidence_level=4,
            themes=["evidence", "networks"],
            policy_areas=["Housing and homelessness"],
            organisation=council,
            cost_band=3,
        ),
        "hospital": make_innovation(
            title="Hospital housing officer",
            summary="Prevents homelessness at discharge.",
            stage="grow",
            evidence_level=3,
            themes=["networks"],
            policy_areas=["Housing and homelessness", "Health"],
            organisation=trust,
        ),
        "falls": make_innovation(
            title="Falls visits",
            summary="Firefighters screen older people for falls.",
            stage="grow",
            evidence_level=2,
            themes=["skills"],
            policy_areas=["Health"],
            organisation=trust,
        ),
        "draft": make_innovation(
            title="Secret homelessness draft", summary="Not ready.", status="draft", policy_areas=["Health"]
        ),
    }


def test_search_finds_stemmed_words_and_ranks_title_matches_first(catalogue):
    # "homeless" and "homelessness" share a stem.
    assert set(titles("q=homeless")) == {"Hospital housing officer", "Housing First"}
    found = titles("q=housing")
    assert found[0] in {"Housing First", "Hospital housing officer"}
    assert set(found) == {"Housing First", "Hospital housing officer"}
    # "homelessness" is in Hospital's summary (weight B) but only in Housing First's problem (weight C).
    assert titles("q=homelessness")[0] == "Hospital housing officer"


def test_websearch_syntax_phrases_exclusions_and_or(catalogue):
    assert titles('q="sleeping rough"') == ["Housing First"]
    assert titles('q="rough sleeping"') == []
    assert set(titles("q=homelessness -hospital")) == {"Housing First"}
    assert set(titles("q=falls or rough")) == {"Falls visits", "Housing First"}


def test_drafts_are_never_found_counted_or_shown(catalogue):
    found = search("q=secret")
    assert found.result.total == 0
    assert "Secret homelessness draft" not in titles("")
    assert search("").result.total == 3
    assert counts(search(""), "policy_area")["health"] == 2


def test_facets_or_within_and_across_with_counts_that_ignore_their_own_selection(catalogue):
    found = search("policy_area=health")
    assert {i.title for i in found.innovations} == {"Hospital housing officer", "Falls visits"}
    # Ticking Health still shows how many there are in Housing: the policy-area counts ignore their own tick.
    assert counts(found, "policy_area")["housing-and-homelessness"] == 2
    assert counts(found, "policy_area")["health"] == 2
    # Other facets count within the Health selection.
    assert counts(found, "stage") == {"test": 0, "prove": 0, "grow": 2, "adopt": 0}

    both = search("policy_area=health&policy_area=housing-and-homelessness")
    assert both.result.total == 3  # OR within a facet
    narrowed = search("policy_area=health&stage=adopt")
    assert narrowed.result.total == 0  # AND across facets
    assert counts(narrowed, "stage")["grow"] == 2  # what removing the stage tick would give
    assert counts(narrowed, "policy_area")["housing-and-homelessness"] == 1  # adopt-stage housing
    selected = [c for c in narrowed.result.facets["stage"] if c.selected]
    assert [(c.value, c.count) for c in selected] == [("adopt", 0)]


def test_counts_add_up_for_single_valued_facets(catalogue):
    found = search("q=housing")
    assert sum(counts(found, "stage").values()) == found.result.total == 2
    assert sum(counts(found, "evidence_level").values()) == 2
    assert sum(counts(found, "organisation_type").values()) == 2


def test_adopted_facet_and_most_adopted_sort_follow_published_adoptions(catalogue):
    adopter = OrganisationFactory(name="Westshire")
    adoption = adoption_record(innovation=catalogue["falls"], organisation=adopter, status="published")
    adoption_record(innovation=catalogue["falls"], organisation=OrganisationFactory(), status="submitted")
    found = search("adopted=yes")
    assert [i.title for i in found.innovations] == ["Falls visits"]
    assert found.innovations[0].entry.adoption_count == 1
    assert titles("sort=most_adopted")[0] == "Falls visits"
    # Found by the adopter's name once published, and gone when the adoption is removed.
    assert titles("q=westshire") == ["Falls visits"]
    adoption_delete(adoption=adoption)
    assert titles("q=westshire") == []
    assert search("adopted=yes").result.total == 0


def test_sorts(catalogue):
    assert titles("sort=evidence") == ["Housing First", "Hospital housing officer", "Falls visits"]
    assert titles("sort=newest") == ["Falls visits", "Hospital housing officer", "Housing First"]
    # Without a query, relevance falls back to evidence then recency.
    assert titles("") == titles("sort=evidence")


def test_every_write_path_keeps_search_in_step(catalogue, client, staff):
    housing = catalogue["housing"]
    # Form and service path.
    housing.title = "Homes Before Everything"
    innovation_save(innovation=housing)
    assert titles("q=everything") == ["Homes Before Everything"]
    # Organisation renamed.
    organisation_update(
        organisation=housing.organisation,
        name="Southby Council",
        organisation_type="local_authority",
        region="north_east",
    )
    assert titles("q=southby") == ["Homes Before Everything"]
    assert titles("q=northby") == []
    # Unpublishing removes it everywhere.
    housing.status = "archived"
    innovation_save(innovation=housing)
    assert titles("q=everything") == []


def test_admin_edit_reaches_the_catalogue(catalogue, staff_client):
    falls = catalogue["falls"]
    response = staff_client.get(f"/admin/innovations/innovation/{falls.id}/change/")
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "title": "Falls prevention by fire crews",
            "themes": "skills",
            "policy_areas": [p.id for p in falls.policy_areas.all()],
            "evaluation_links": "",
            "further_links": "",
            "tags": [],
            "adoptions-TOTAL_FORMS": "0",
            "adoptions-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = staff_client.post(f"/admin/innovations/innovation/{falls.id}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert titles("q=crews") == ["Falls prevention by fire crews"]


def test_ranking_is_bounded_yet_pages_cover_every_match_once(catalogue, monkeypatch):
    council = OrganisationFactory()
    for n in range(7):
        make_innovation(
            title=f"Library scheme {n}",
            summary="library " * (n + 1),
            organisation=council,
            evidence_level=1 + n % 5,
        )
    from innovations import search as innovation_search

    monkeypatch.setattr(innovation_search.INNOVATION_CATALOGUE, "rank_cap", 4)
    seen = []
    for page in (1, 2, 3, 4):
        seen += [i.title for i in search(f"q=library&page={page}", page_size=2).innovations]
    assert sorted(seen) == sorted(f"Library scheme {n}" for n in range(7))


def test_invalid_parameters_are_reported_and_left_out(catalogue):
    found = search("stage=scale&evidence_level=9&q=housing")
    assert set(found.errors) == {"stage", "evidence_level"}
    assert "“9” is not a known evidence level (use 1 to 5)" in found.errors["evidence_level"][0]
    assert found.result.total == 2  # the valid part of the search still runs


def test_page_past_the_end_is_flagged(catalogue):
    found = search("page=3")
    assert found.result.page_out_of_range
    assert found.innovations == []


def test_highlights_are_escaped(db):
    make_innovation(title="Markup", summary="<script>alert(1)</script> libraries for all")
    card = search("q=libraries").innovations[0]
    assert str(card.summary_html) == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>libraries</mark> for all"


def test_stop_words_only_query_is_treated_as_no_query(catalogue):
    found = search("q=the")
    assert found.result.tsquery == ""
    assert found.result.total == 3


def test_unknown_slug_and_drafts_are_not_in_the_catalogue_table(catalogue):
    assert Innovation.objects.count() == 4
    assert Innovation.objects.filter(entry__isnull=False).count() == 3


def test_a_search_without_facets_finds_the_same_total_and_page(catalogue, django_assert_num_queries):
    full = search("q=housing")
    # policy areas, savepoint, parse, keep off a sequential scan, the total, the ids, release, the cards
    # (loaded when first read)
    with django_assert_num_queries(8):
        bare = catalogue_search(QueryDict("q=housing"), with_facets=False)
        list(bare.innovations)
    assert bare.result.total == full.result.total == 2
    assert bare.result.ids == full.result.ids and len(bare.innovations) == 2
    assert bare.result.facets == {} and full.result.facets["stage"]


@pytest.mark.parametrize("rank_cap", [4, 1000])
def test_pages_are_the_same_whichever_way_the_matches_are_read(catalogue, monkeypatch, rank_cap):
    """A rare text query's page is read through the text index, a broad one in page order; both give the
    same pages, for every sort, within and past the ranked candidates."""
    from innovations import search as innovation_search
    from portal.search import engine as shared_search

    council = OrganisationFactory()
    for n in range(9):
        make_innovation(
            title=f"Library scheme {n}",
            summary="library " * (n + 1) + ("homes" if n % 2 else ""),
            organisation=council,
            evidence_level=1 + n % 5,
            stage=["grow", "prove"][n % 2],
        )
    monkeypatch.setattr(innovation_search.INNOVATION_CATALOGUE, "rank_cap", rank_cap)
    queries = [
        f"q=library&sort={sort}&page={page}"
        for sort in ("relevance", "newest", "evidence", "most_adopted")
        for page in (1, 2, 3, 4, 5)
    ] + ["q=library homes&stage=grow", "q=housing OR library&page=2"]
    pages = {}
    for selective in (True, False):
        monkeypatch.setattr(
            shared_search, "is_selective", lambda matched, size, needed, meeting, chosen=selective: chosen
        )
        pages[selective] = [[i.title for i in search(query, page_size=2).innovations] for query in queries]
    assert pages[True] == pages[False]
    assert sum(len(page) for page in pages[True][:5]) == 9  # the relevance pages cover every match


def test_a_text_query_is_read_through_the_text_index_when_it_matches_few_or_many_are_needed():
    from portal.search.engine import is_selective

    # Ranking a thousand candidates: through the index unless the query matches a large share.
    assert is_selective(18_000, 1_000_000, 1000) and not is_selective(700_000, 1_000_000, 1000)
    assert is_selective(15_000, 100_000, 1000) and not is_selective(40_000, 100_000, 1000)
    # One page in another order: the ordered walk finds it after reading a few vectors.
    assert not is_selective(15_000, 100_000, 20) and is_selective(500, 100_000, 20)
    # A filter leaving few of the matches makes the walk long: through the index.
    assert not is_selective(40_000, 100_000, 1000, 40_000) and is_selective(40_000, 100_000, 1000, 2_000)
    assert is_selective(15_000, 100_000, 20, 0)  # nothing meets the filters: the walk would read it all
    assert is_selective(5, -1, 20)  # a table never analysed: small, read through the index
