"""Facet counts stay exact through every way of counting them: packed sums, a condition per option, and
the fall-back for a search too large for packed bits. Checked on random searches against counts made in
Python from the rows themselves, and against a plain GROUP BY."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.vocabulary import INITIAL_POLICY_AREAS, CostBand, OrganisationType, Region, Stage, Theme
from portal.search import engine
from portal.search.engine import SearchQuery, run_search
from portal.search.registry import get
from tests.factories import OrganisationFactory, make_innovation

pytestmark = pytest.mark.django_db

WORDS = ["nursing", "housing", "school", "transport", "library"]
FACETS = [
    "stage",
    "evidence_level",
    "theme",
    "policy_area",
    "organisation_type",
    "region",
    "cost_band",
    "adopted",
]


def some_facets(rng) -> dict:
    """A stage, an evidence level, up to two themes and up to two of the first policy areas, at random."""
    return {
        "stage": rng.choice(Stage.values),
        "evidence_level": rng.randint(1, 5),
        "themes": rng.sample(Theme.values, rng.randint(0, 2)),
        "policy_areas": rng.sample(INITIAL_POLICY_AREAS[:5], rng.randint(0, 2)),
    }


@pytest.fixture
def catalogue(settings):
    """Seventy innovations with random words and facets."""
    settings.SEARCH_RESULT_CACHE = False
    rng = random.Random(7)  # noqa: S311 - repeatable test data
    organisations = [
        OrganisationFactory(
            organisation_type=rng.choice(OrganisationType.values), region=rng.choice(Region.values)
        )
        for _ in range(8)
    ]
    for number in range(70):
        make_innovation(
            title=f"Entry {number}",
            summary=" ".join(rng.sample(WORDS, rng.randint(1, 3))) + ".",
            stage=rng.choice(Stage.values),
            evidence_level=rng.randint(1, 5),
            cost_band=rng.choice([None, *CostBand.values]),
            themes=rng.sample(Theme.values, rng.randint(0, 3)),
            policy_areas=rng.sample(INITIAL_POLICY_AREAS, rng.randint(0, 3)),
            organisation=rng.choice(organisations),
            adopters=rng.sample(organisations, rng.choice([0, 0, 1, 2])),
        )
    return get("innovations").catalogue.resolved()


def rows(catalogue, q):
    """Each matching entry's facet values, as Python sets: by the text alone, read plainly."""
    where, params = "TRUE", []
    if q:
        where, params = "search_vector @@ websearch_to_tsquery('english', %s)", [q]
    with connection.cursor() as cursor:
        columns = "stage, evidence_level, theme_bits, policy_bits, organisation_type, region, cost_band"
        sql = f"SELECT {columns}, adoption_count, award_bits FROM innovations_catalogueentry WHERE {where}"  # noqa: S608
        cursor.execute(sql, params)
        found = []
        for stage, evidence, themes, policy, org_type, region, cost, adoptions, awards in cursor.fetchall():
            found.append(
                {
                    "stage": {stage},
                    "evidence_level": {str(evidence)},
                    "theme": {str(b) for b in range(16) if themes & (1 << b)},
                    "policy_area": {str(b) for b in range(63) if policy & (1 << b)},
                    "organisation_type": {org_type},
                    "region": {region},
                    "cost_band": {str(cost)} if cost else set(),
                    "adopted": {"yes"} if adoptions else set(),
                    "award": {str(b) for b in range(8) if awards & (1 << b)},
                }
            )
    return found


def expected_counts(catalogue, q, selected) -> dict:
    """Each facet's counts as the page promises them: over the entries matching the words and every
    other facet's selection (values within a facet OR-ed), whatever is ticked in the facet itself."""
    keys = {}
    for facet in catalogue.facets:
        keys[facet.name] = {
            o.value: str(o.bit) if isinstance(facet, engine.BitFacet) else o.value for o in facet.options()
        }

    def holds(row, name):
        return bool(row[name] & {keys[name][value] for value in selected[name]})

    found = {}
    entries = rows(catalogue, q)
    for facet in catalogue.facets:
        others = [name for name in selected if selected[name] and name != facet.name]
        kept = [row for row in entries if all(holds(row, name) for name in others)]
        found[facet.name] = {
            value: sum(1 for row in kept if key in row[facet.name]) for value, key in keys[facet.name].items()
        }
    return found


def random_search(rng, catalogue) -> tuple[str, dict]:
    q = rng.choice(["", "", *WORDS, f"{rng.choice(WORDS)} {rng.choice(WORDS)}"])
    selected = {name: [] for name in FACETS}
    for name in rng.sample(FACETS, rng.randint(0, 3)):
        values = [o.value for o in catalogue.facet(name).options()]
        selected[name] = rng.sample(values, min(len(values), rng.randint(1, 2)))
    return q, selected


def counted(result) -> dict:
    return {name: {c.value: c.count for c in counts} for name, counts in result.facets.items()}


@pytest.mark.parametrize("packed", [True, False], ids=["packed sums", "a condition per option"])
def test_counts_on_random_searches_are_exact(catalogue, packed, monkeypatch):
    if not packed:
        monkeypatch.setattr(engine, "PACK_LIMIT", 1)  # every search too large for packed bits
    rng = random.Random(2026)  # noqa: S311 - repeatable searches
    seen_selections = 0
    for _ in range(40):
        q, selected = random_search(rng, catalogue)
        with CaptureQueriesContext(connection) as queries:
            result = run_search(catalogue, SearchQuery(q=q, selected=selected, match="all"))
        assert counted(result) == expected_counts(catalogue, q, selected), (q, selected)
        counting = [q["sql"] for q in queries if "row_by_row" in q["sql"] or "search_packedtotal" in q["sql"]]
        # Packed sums answered, or (too many rows for their bits) a condition per option did.
        assert ("sum(facet_counts_" in counting[-1]) == packed
        seen_selections += any(selected.values())
    assert seen_selections >= 20


def test_counts_with_nothing_chosen_match_a_plain_group_by(catalogue):
    for q in ["", "nursing", "housing school"]:
        result = run_search(catalogue, SearchQuery(q=q, match="all"))
        with connection.cursor() as cursor:
            where = "search_vector @@ websearch_to_tsquery('english', %s)" if q else "%s = ''"
            cursor.execute(
                f"SELECT stage, count(*) FROM innovations_catalogueentry WHERE {where} GROUP BY stage",  # noqa: S608
                [q],
            )
            by_stage = dict(cursor.fetchall())
            cursor.execute(
                f"SELECT region, count(*) FROM innovations_catalogueentry WHERE {where} GROUP BY region",  # noqa: S608
                [q],
            )
            by_region = dict(cursor.fetchall())
        counts = counted(result)
        assert {k: v for k, v in counts["stage"].items() if v} == by_stage
        assert {k: v for k, v in counts["region"].items() if v} == by_region
        assert result.total == sum(by_stage.values())


def test_the_packed_columns_hold_what_the_configuration_says():
    """The table's generated columns (written out in migrations: the packed counts and the options'
    codes) are the ones the catalogue's configuration would make, expression for expression, as
    PostgreSQL reads them."""
    catalogue = get("innovations").catalogue
    expected = {name: ("bigint", sql) for name, sql in catalogue.packed_sql().items()}
    assert len(expected) >= 20
    expected[catalogue.options_column] = ("int[]", catalogue.options_sql())
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE packed_check (LIKE innovations_catalogueentry)")
        for name, (kind, expression) in expected.items():
            cursor.execute(f"ALTER TABLE packed_check DROP COLUMN {name}")
            cursor.execute(
                f"ALTER TABLE packed_check ADD COLUMN {name} {kind} GENERATED ALWAYS AS ({expression}) STORED"
            )
        cursor.execute(
            "SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "JOIN pg_class c ON c.oid = d.adrelid "
            "WHERE c.relname IN ('packed_check', 'innovations_catalogueentry') AND a.attgenerated = 's'"
        )
        found = {}
        for table, column, expression in cursor.fetchall():
            found.setdefault(table, {})[column] = expression
    assert set(found["innovations_catalogueentry"]) == set(expected)
    assert found["innovations_catalogueentry"] == found["packed_check"]


def test_a_later_option_outside_the_packed_columns_is_counted_by_itself(catalogue):
    """A curated policy area beyond the packed bits (added by the central team) still gets its count."""
    from innovations.models import PolicyArea
    from innovations.services import catalogue_refresh

    area = PolicyArea.objects.create(name="Space", slug="space", bit=40)
    innovation = make_innovation(title="Moon base", summary="Nursing on the moon.")
    innovation.policy_areas.add(area)
    catalogue_refresh([innovation.pk])
    fresh = get("innovations").catalogue.resolved()
    result = run_search(fresh, SearchQuery(q="nursing", match="all"))
    assert counted(result)["policy_area"]["space"] == 1
    assert counted(result) == expected_counts(fresh, "nursing", {name: [] for name in FACETS})


def test_browsing_with_several_filters_reads_only_the_entries_meeting_all_but_one(catalogue):
    """Only an entry meeting every chosen filter but one at most counts anywhere: browsing finds those
    through the index of each entry's options, and counts exactly what the rows say."""
    nothing = {name: [] for name in FACETS}
    options = {name: [o.value for o in catalogue.facet(name).options()] for name in FACETS}
    selections = [
        {"stage": ["grow"], "region": options["region"][:2]},
        {"stage": ["grow", "adopt"], "theme": options["theme"][:2], "evidence_level": ["4"]},
        {
            "policy_area": options["policy_area"][:1],
            "adopted": ["yes"],
            "cost_band": options["cost_band"][:1],
        },
    ]
    for chosen in selections:
        with CaptureQueriesContext(connection) as queries:
            result = run_search(catalogue, SearchQuery(selected=chosen))
        (count_sql,) = [query["sql"] for query in queries if "row_by_row" in query["sql"]]
        assert f"{catalogue.options_column} && " in count_sql, chosen
        expected = expected_counts(catalogue, "", {**nothing, **chosen})
        assert counted(result) == expected, chosen
        assert result.total == len(
            [
                row
                for row in rows(catalogue, "")
                if all(matches(catalogue, row, n, v) for n, v in chosen.items())
            ]
        )
    # One filter chosen, or words typed: counted as before, without the options.
    for query in [
        SearchQuery(selected={"stage": ["grow"]}),
        SearchQuery(q="housing", selected=selections[0]),
    ]:
        with CaptureQueriesContext(connection) as queries:
            run_search(catalogue, query)
        assert not any(f"{catalogue.options_column} && " in q["sql"] for q in queries)


def matches(catalogue, row, name, values) -> bool:
    facet = catalogue.facet(name)
    keys = {
        str(o.bit) if isinstance(facet, engine.BitFacet) else o.value
        for o in facet.options()
        if o.value in values
    }
    return bool(row[name] & keys)
