"""The open API: the same search as the page (same parameters, order, counts), as JSON."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from innovations.models import CONTACT_FIELDS, CONTENT_FIELDS
from innovations.search import INNOVATION_CATALOGUE, CatalogueSearch, catalogue_search
from innovations.selectors import innovation_detail_for
from portal.core.vocabulary import CostBand, Stage
from portal.search.api import ErrorOut, facet_counts, page_error, params_schema, search_mode

router = Router(tags=["innovations"])


class OrganisationOut(Schema):
    name: str
    type: str
    region: str


class InnovationCard(Schema):
    slug: str
    title: str
    summary: str
    url: str
    stage: str
    stage_label: str
    evidence_level: int
    cost_band: int | None
    cost_band_label: str | None
    themes: list[str]
    policy_areas: list[str]
    organisation: OrganisationOut
    adoption_count: int
    published_at: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    count: int
    mode: str
    searched_for: str | None
    page: int
    num_pages: int
    next: str | None
    previous: str | None
    results: list[InnovationCard]
    facets: dict[str, list[FacetValueOut]]


class AdoptionOut(Schema):
    organisation: OrganisationOut
    kind: str
    year: int | None
    what_changed: str
    result: str


class InnovationOut(InnovationCard):
    problem: str
    solution: str
    outcomes: str
    evidence_justification: str
    evaluation_links: list[str]
    cost_notes: str
    resources_needed: str
    challenges: str
    conditions_for_success: str
    lessons: str
    how_to_adopt: str
    website: str
    further_links: list[str]
    year_started: int | None
    tags: list[str]
    last_verified: str | None
    adoptions: list[AdoptionOut]


SearchParams = params_schema("SearchParams", INNOVATION_CATALOGUE)
# An innovation's page in the API: its card, then the rest of what its sharer wrote, contacts apart.
DETAIL_FIELDS = [
    name for name in CONTENT_FIELDS if name not in InnovationCard.model_fields and name not in CONTACT_FIELDS
]


def _organisation(organisation) -> dict:
    return {
        "name": organisation.name,
        "type": organisation.organisation_type,
        "region": organisation.region,
    }


def _card(request, innovation, *, policy_areas: list[str] | None = None) -> dict:
    return {
        "slug": innovation.slug,
        "title": innovation.title,
        "summary": innovation.summary,
        "url": request.build_absolute_uri(innovation.get_absolute_url()),
        "stage": innovation.stage,
        "stage_label": Stage(innovation.stage).label,
        "evidence_level": innovation.evidence_level,
        "cost_band": innovation.cost_band,
        "cost_band_label": CostBand(innovation.cost_band).label if innovation.cost_band else None,
        "themes": list(innovation.themes),
        "policy_areas": policy_areas if policy_areas is not None else [],
        "organisation": _organisation(innovation.organisation),
        "adoption_count": innovation.entry.adoption_count,
        "published_at": innovation.published_at.isoformat(),
    }


def _page_url(request, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@router.get(
    "/innovations/",
    response={200: SearchOut, 400: ErrorOut},
    url_name="innovation_search",
    summary="Search published innovations",
)
def search_innovations(request: HttpRequest, params: Query[SearchParams]):
    """The same search as /innovations/: full-text `q` (quotes for phrases, -word to exclude, or),
    facets OR-ed within and AND-ed across, in the page's order, 20 a page. Each facet's counts apply the
    other facets' selections but not its own."""
    found: CatalogueSearch = catalogue_search(request.GET)
    if found.errors:
        return Status(400, {"detail": "Some parameters are not valid.", "errors": found.errors})
    result = found.result
    if errors := page_error(result):
        return Status(400, errors)
    policy_labels = {c.value: c.label for c in result.facets["policy_area"]}
    policy_by_id = _policy_areas_for(found)
    return Status(
        200,
        {
            "count": result.total,
            **search_mode(result),
            "page": result.page,
            "num_pages": result.num_pages,
            "next": _page_url(request, result.page + 1) if result.has_next else None,
            "previous": _page_url(request, result.page - 1) if result.has_previous else None,
            "results": [
                _card(request, i, policy_areas=[policy_labels[s] for s in policy_by_id.get(i.id, [])])
                for i in found.innovations
            ],
            "facets": facet_counts(result),
        },
    )


def _policy_areas_for(found: CatalogueSearch) -> dict[int, list[str]]:
    """Policy area slugs of the innovations on the page, in one query."""
    from innovations.models import Innovation

    through = Innovation.policy_areas.through
    rows = through.objects.filter(innovation_id__in=[i.id for i in found.innovations]).values_list(
        "innovation_id", "policyarea__slug"
    )
    result: dict[int, list[str]] = {}
    for innovation_id, slug in rows:
        result.setdefault(innovation_id, []).append(slug)
    return result


@router.get(
    "/innovations/{slug}/",
    response={200: InnovationOut, 404: ErrorOut},
    url_name="innovation_detail",
    summary="One published innovation with its adoptions",
)
def get_innovation(request: HttpRequest, slug: str):
    innovation = innovation_detail_for(slug=slug)
    data = _card(request, innovation, policy_areas=[p.slug for p in innovation.policy_areas.all()])
    data.update({field: getattr(innovation, field) for field in DETAIL_FIELDS})
    data["last_verified"] = innovation.last_verified.isoformat() if innovation.last_verified else None
    data["adoptions"] = [
        {
            "organisation": _organisation(a.organisation),
            "kind": a.kind,
            "year": a.year,
            "what_changed": a.what_changed,
            "result": a.result,
        }
        for a in innovation.published_adoptions
    ]
    return Status(200, data)
