"""The innovation catalogue's configuration of the shared search, and the one search behind the search
page, its Atom feed and the open API: URL parameters are parsed by the shared search form, run through
the shared engine (`portal.search`), and only the rows on the page are loaded. Internal callers (find
help, the one search box) reach it through the registry with a typed SearchQuery."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from innovations.models import Adoption, CatalogueEntry, Innovation, PolicyArea
from innovations.services import CATALOGUE_WORDS_SQL, catalogue_refresh
from portal.core.vocabulary import (
    EVIDENCE_DESCRIPTIONS,
    STAGE_DESCRIPTIONS,
    THEME_HINTS,
    AwardOutcome,
    CostBand,
    EvidenceLevel,
    OrganisationType,
    Region,
    Stage,
    Theme,
)
from portal.search.engine import (
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
from portal.search.forms import FacetedSearchForm, search_form
from portal.search.pages import LazyCards
from portal.search.registry import CatalogueRegistration, FindHelpSuggestions, SearchItem, Signpost

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


INNOVATION_CATALOGUE = Catalogue(
    table="innovations_catalogueentry",
    id_column="innovation_id",
    vector_column="search_vector",
    pairs_column="phrase_pairs",
    packed="facet_counts",
    lacks_column="lacks",
    options_column="options",
    option_tables=("innovations_policyarea",),
    facets=[
        ColumnFacet(
            "stage",
            "Stage of scaling",
            Stage.choices,
            column="stage",
            invalid="stage",
            hints=STAGE_DESCRIPTIONS,
        ),
        ColumnFacet(
            "evidence_level",
            "Evidence level",
            EVIDENCE_OPTIONS,
            column="evidence_level",
            cast=int,
            invalid="evidence level (use 1 to 5)",
            hints=EVIDENCE_DESCRIPTIONS,
        ),
        BitFacet(
            "theme", "Theme", bit_options(Theme), column="theme_bits", invalid="theme", hints=THEME_HINTS
        ),
        BitFacet(
            "policy_area",
            "Policy area",
            policy_area_options,
            column="policy_bits",
            invalid="policy area",
            packed_bits=24,  # the first 24 areas' counts packed; any later ones counted one by one
        ),
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
        BitFacet(
            "award",
            "Award",
            bit_options(AwardOutcome),
            column="award_bits",
            invalid="award (use winner, highly_commended or shortlisted)",
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
    words_sql=CATALOGUE_WORDS_SQL,
)


@dataclass
class CatalogueSearch:
    form: FacetedSearchForm
    query: SearchQuery
    result: SearchResult
    innovations: LazyCards  # the page's cards, loaded when first read

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
    "entry__award_bits",
]


def catalogue_search(
    params, *, page_size: int = PAGE_SIZE, sort: str | None = None, with_facets: bool = True
) -> CatalogueSearch:
    """Run the search described by URL parameters `params` (a QueryDict: the page, the feed, the API);
    `with_facets=False` when only the total and the page of results are needed."""
    form = search_form(INNOVATION_CATALOGUE, params)
    query = form.search_query()
    if sort:
        query.sort = sort
    result = run_search(form.catalogue, query, page_size=page_size, with_facets=with_facets)
    return CatalogueSearch(
        form, query, result, LazyCards(lambda: innovations_for_ids(result.ids, result.tsquery))
    )


def innovations_for_ids(ids: list[int], tsquery: str = "") -> list[Innovation]:
    """The cards for one page of results, in the order given, with the summary highlighted and each
    card's `url` (the address of one reversed once: a slug needs no quoting)."""
    cards = Innovation.objects.select_related("organisation", "entry").only(*CARD_FIELDS)
    found = rows_for_ids(cards, ids, tsquery, field="summary")
    pattern = reverse("innovations:detail", kwargs={"slug": "slug"})
    start, end = pattern.rsplit("slug", 1)
    for innovation in found:
        innovation.url = f"{start}{innovation.slug}{end}"
    return found


def _search_item(innovation: Innovation) -> SearchItem:
    return SearchItem(
        title=innovation.title,
        url=innovation.get_absolute_url(),
        summary=innovation.summary_html,
        meta=innovation.organisation.name,
    )


def _for_organisation(organisation_id: int) -> list[int]:
    """The innovations an organisation owns or adopted: search finds them by its name."""
    owned = Innovation.objects.filter(organisation_id=organisation_id).values_list("id", flat=True)
    adopted = Adoption.objects.filter(organisation_id=organisation_id).values_list("innovation_id", flat=True)
    return [*owned, *adopted]


REGISTRATION = CatalogueRegistration(
    kind="innovations",
    label="Innovations",
    catalogue=INNOVATION_CATALOGUE,
    model=CatalogueEntry,
    url_name="innovations:index",
    load=innovations_for_ids,
    item=_search_item,
    refresh=catalogue_refresh,
    for_organisation=_for_organisation,
    card_template="innovations/_card.html",
    find_help=FindHelpSuggestions(
        heading="What worked for others",
        intro="Innovations at the {next_stage} stage that show the conditions your needs relate to.",
        more_label="See more innovations like these",
        query=lambda answers: SearchQuery(
            selected={"stage": [answers.next_stage], "theme": answers.themes}, sort="evidence"
        ),
    ),
)


def signposts():
    """Sharing an innovation, for the one search box."""
    from django.urls import reverse

    yield Signpost(
        title="Share an innovation",
        url=reverse("innovations:share"),
        description="Add your own innovation to the catalogue as a case study, so others can adopt it.",
        words="share submit publish add case study",
    )
