"""The advice directory's open API: the same search as /advice/, and an Open Referral UK export."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from portal.advice import advice_catalogue
from portal.forms import FacetedSearchForm
from portal.models import AdviceSource
from portal.openreferral import service_page
from portal.search import run_search

router = Router(tags=["advice"])


class AdviceParams(Schema):
    """Repeat a parameter to select several values: ?support_type=funding&support_type=training."""

    q: str | None = None
    support_type: list[str] = []
    theme: list[str] = []
    stage: list[str] = []
    audience: list[str] = []
    region: list[str] = []
    fees: list[str] = []
    sort: str | None = None
    page: str | None = None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


@router.get(
    "/advice/",
    response={200: dict, 400: ErrorOut},
    url_name="advice_search",
    summary="Search the advice directory",
)
def search_advice(request: HttpRequest, params: Query[AdviceParams]):
    """The same search as /advice/, in the page's order, 20 a page, with the counts for every filter."""
    catalogue = advice_catalogue()
    form = FacetedSearchForm(request.GET, catalogue=catalogue)
    if not form.is_valid():
        return Status(
            400,
            {
                "detail": "Some parameters are not valid.",
                "errors": {k: list(v) for k, v in form.errors.items()},
            },
        )
    result = run_search(catalogue, form.search_query())
    if result.page_out_of_range:
        return Status(
            400,
            {
                "detail": f"Page {result.page} is out of range: there are {result.num_pages} pages.",
                "errors": {"page": [f"Choose a page from 1 to {result.num_pages}"]},
            },
        )
    by_id = (
        AdviceSource.objects.select_related("provider").prefetch_related("support_types").in_bulk(result.ids)
    )
    return Status(
        200,
        {
            "count": result.total,
            "page": result.page,
            "num_pages": result.num_pages,
            "results": [
                {
                    "slug": s.slug,
                    "name": s.name,
                    "provider": s.provider.name,
                    "description": s.description,
                    "url": request.build_absolute_uri(s.get_absolute_url()),
                    "website": s.url,
                    "fees": s.fees,
                    "support_types": [t.slug for t in s.support_types.all()],
                    "themes": s.themes,
                    "stages": s.stages,
                    "audiences": s.audiences,
                    "regions": s.service_areas,
                }
                for s in (by_id[i] for i in result.ids if i in by_id)
            ],
            "facets": {
                name: [
                    {"value": c.value, "label": c.label, "count": c.count, "selected": c.selected}
                    for c in counts
                ]
                for name, counts in result.facets.items()
            },
        },
    )


@router.get(
    "/advice/openreferral/",
    response={200: dict, 400: ErrorOut},
    url_name="advice_openreferral",
    summary="The directory as Open Referral UK services",
)
def openreferral_services(request: HttpRequest, page: int = 1, per_page: int = 50):
    """Every advice source as an Open Referral UK (HSDS 3.0 UK profile) service, in the HSDA list shape."""
    if page < 1 or not 1 <= per_page <= 200:
        return Status(400, {"detail": "page must be 1 or more and per_page from 1 to 200."})
    return Status(200, service_page(page=page, size=per_page))
