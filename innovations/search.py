"""Searching the innovation catalogue: the one implementation behind the search page, its Atom feed and
the open API. Parameters are parsed by one form, run through the shared faceted search
(`portal.search`), and only the rows on the page are loaded."""

from __future__ import annotations

from dataclasses import dataclass

from innovations.models import Innovation, PolicyArea
from portal.forms import FacetedSearchForm
from portal.search import (
    PAGE_SIZE,
    BitFacet,
    Catalogue,
    ColumnFacet,
    FlagFacet,
    SearchQuery,
    SearchResult,
    Sort,
    bit_options,
    rows_for_ids,
    run_search,
)
from portal.vocabulary import CostBand, EvidenceLevel, OrganisationType, Region, Stage, Theme

SORTS = [
    Sort("relevance", "Relevance", ""),
    Sort("newest", "Newest", "published_at DESC, innovation_id DESC"),
    Sort(
        "most_adopted",
        "Most adopted",
        "adoption_count DESC, evidence_level DESC, published_at DESC, innovation_id DESC",
    ),
    Sort("evidence", "Strongest evidence", "evidence_level DESC, published_at DESC, innovation_id DESC"),
]
TIE_BREAK = "evidence_level DESC, published_at DESC, innovation_id DESC"

EVIDENCE_OPTIONS = [(str(v), f"Level {v}") for v in EvidenceLevel.values]
COST_OPTIONS = [(str(value), label) for value, label in CostBand.choices]


def policy_area_options() -> list[tuple[str, str, int]]:
    return list(PolicyArea.objects.order_by("name").values_list("slug", "name", "bit"))


def innovation_catalogue(policy_areas: list[tuple[str, str, int]]) -> Catalogue:
    return Catalogue(
        table="innovations_catalogueentry",
        id_column="innovation_id",
        vector_column="search_vector",
        facets=[
            ColumnFacet("stage", "Stage of scaling", Stage.choices, column="stage", invalid="stage"),
            ColumnFacet(
                "evidence_level",
                "Evidence level",
                EVIDENCE_OPTIONS,
                column="evidence_level",
                cast=int,
                invalid="evidence level (use 1 to 5)",
            ),
            BitFacet("theme", "Theme", bit_options(Theme), column="theme_bits", invalid="theme"),
            BitFacet("policy_area", "Policy area", policy_areas, column="policy_bits", invalid="policy area"),
            ColumnFacet(
                "organisation_type",
                "Organisation type",
                OrganisationType.choices,
                column="organisation_type",
                invalid="type of organisation",
            ),
            ColumnFacet("region", "Region", Region.choices, column="region", invalid="region"),
            ColumnFacet(
                "cost_band",
                "Cost to adopt",
                COST_OPTIONS,
                column="cost_band",
                cast=int,
                invalid="cost band (use 1 to 5)",
            ),
            FlagFacet(
                "adopted",
                "Adopted elsewhere",
                "Adopted by at least one other organisation",
                condition="adoption_count > 0",
                invalid="value for adopted (use yes)",
            ),
        ],
        sorts=SORTS,
        tie_break=TIE_BREAK,
    )


class CatalogueSearchForm(FacetedSearchForm):
    """The innovation search's parameters (page, feed, API, saved searches); repeat a parameter to
    select several values."""

    def __init__(self, *args, policy_areas, **kwargs):
        super().__init__(*args, catalogue=innovation_catalogue(policy_areas), **kwargs)


@dataclass
class CatalogueSearch:
    form: CatalogueSearchForm
    query: SearchQuery
    result: SearchResult
    innovations: list[Innovation]

    @property
    def errors(self) -> dict[str, list[str]]:
        return {name: list(errors) for name, errors in self.form.errors.items()}


CARD_FIELDS = [
    "id",
    "slug",
    "status",
    "title",
    "summary",
    "stage",
    "evidence_level",
    "cost_band",
    "published_at",
    "themes",
    "organisation__name",
    "organisation__organisation_type",
    "organisation__region",
    "entry__adoption_count",
]


def catalogue_search(
    params, *, page_size: int = PAGE_SIZE, sort: str | None = None, with_facets: bool = True
) -> CatalogueSearch:
    """Run the search described by request parameters `params` (a QueryDict); `with_facets=False` when
    only the total and the page of results are needed."""
    form = CatalogueSearchForm(params, policy_areas=policy_area_options())
    form.is_valid()
    query = form.search_query()
    if sort:
        query.sort = sort
    result = run_search(form.catalogue, query, page_size=page_size, with_facets=with_facets)
    return CatalogueSearch(form, query, result, innovations_for_ids(result.ids, result.tsquery))


def innovations_for_ids(ids: list[int], tsquery: str = "") -> list[Innovation]:
    """The cards for one page of results, in the order given, with the summary highlighted."""
    cards = Innovation.objects.select_related("organisation", "entry").only(*CARD_FIELDS)
    return rows_for_ids(cards, ids, tsquery, field="summary")
