"""Searching the innovation catalogue: the one implementation behind the search page, its Atom feed and
the open API. Parameters are parsed by one form, run through the shared faceted search
(`portal.search`), and only the rows on the page are loaded."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from innovations.models import Innovation, PolicyArea
from portal.search import (
    PAGE_SIZE,
    BitFacet,
    Catalogue,
    ColumnFacet,
    FlagFacet,
    SearchQuery,
    SearchResult,
    Sort,
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
THEME_OPTIONS = [(code, label, bit) for bit, (code, label) in enumerate(Theme.choices)]


def policy_area_options() -> list[tuple[str, str, int]]:
    return list(PolicyArea.objects.order_by("name").values_list("slug", "name", "bit"))


def innovation_catalogue(policy_areas: list[tuple[str, str, int]]) -> Catalogue:
    return Catalogue(
        table="innovations_catalogueentry",
        id_column="innovation_id",
        vector_column="search_vector",
        facets=[
            ColumnFacet("stage", "Stage of scaling", Stage.choices, column="stage"),
            ColumnFacet(
                "evidence_level", "Evidence level", EVIDENCE_OPTIONS, column="evidence_level", cast=int
            ),
            BitFacet("theme", "Theme", THEME_OPTIONS, column="theme_bits"),
            BitFacet("policy_area", "Policy area", policy_areas, column="policy_bits"),
            ColumnFacet(
                "organisation_type", "Organisation type", OrganisationType.choices, column="organisation_type"
            ),
            ColumnFacet("region", "Region", Region.choices, column="region"),
            ColumnFacet("cost_band", "Cost to adopt", COST_OPTIONS, column="cost_band", cast=int),
            FlagFacet(
                "adopted",
                "Adopted elsewhere",
                "Adopted by at least one other organisation",
                condition="adoption_count > 0",
            ),
        ],
        sorts=SORTS,
        tie_break=TIE_BREAK,
    )


def _choice_field(label: str, choices, noun: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=choices,
        error_messages={"invalid_choice": f"“%(value)s” is not a known {noun}"},
    )


class CatalogueSearchForm(forms.Form):
    """The search page's and the API's parameters; repeat a parameter to select several values."""

    q = forms.CharField(
        label="Search innovations",
        required=False,
        max_length=200,
        error_messages={"max_length": "Search for 200 characters or fewer"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(s.value, s.label) for s in SORTS],
        error_messages={
            "invalid_choice": "%(value)s is not a way to sort: use relevance, newest, most_adopted or evidence"
        },
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={"invalid": "Page must be a whole number", "min_value": "Page must be 1 or more"},
    )

    def __init__(self, *args, policy_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"] = _choice_field("Stage of scaling", Stage.choices, "stage")
        self.fields["evidence_level"] = _choice_field(
            "Evidence level", EVIDENCE_OPTIONS, "evidence level (use 1 to 5)"
        )
        self.fields["theme"] = _choice_field("Theme", Theme.choices, "theme")
        self.fields["policy_area"] = _choice_field(
            "Policy area", [(s, n) for s, n, _b in policy_areas], "policy area"
        )
        self.fields["organisation_type"] = _choice_field(
            "Organisation type", OrganisationType.choices, "type of organisation"
        )
        self.fields["region"] = _choice_field("Region", Region.choices, "region")
        self.fields["cost_band"] = _choice_field("Cost to adopt", COST_OPTIONS, "cost band (use 1 to 5)")
        self.fields["adopted"] = _choice_field(
            "Adopted elsewhere", [("yes", "Adopted elsewhere")], "value for adopted (use yes)"
        )

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

    def search_query(self) -> SearchQuery:
        """The query from the valid parameters; an invalid one is left out (the page says so)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return SearchQuery(
            q=(data.get("q") or "").strip(),
            selected={name: list(data.get(name) or []) for name in self.FACETS},
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
        )


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
    policy_areas = policy_area_options()
    form = CatalogueSearchForm(params, policy_areas=policy_areas)
    form.is_valid()
    query = form.search_query()
    if sort:
        query.sort = sort
    result = run_search(
        innovation_catalogue(policy_areas), query, page_size=page_size, with_facets=with_facets
    )
    return CatalogueSearch(form, query, result, innovations_for_ids(result.ids, result.tsquery))


def innovations_for_ids(ids: list[int], tsquery: str = "") -> list[Innovation]:
    """The cards for one page of results, in the order given, with the summary highlighted."""
    cards = Innovation.objects.select_related("organisation", "entry").only(*CARD_FIELDS)
    return rows_for_ids(cards, ids, tsquery, field="summary")
