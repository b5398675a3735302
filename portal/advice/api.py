"""The advice directory's open API: the same search as /advice/, and an Open Referral UK export."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from portal.advice.catalogue import ADVICE_CATALOGUE
from portal.advice.models import AdviceSource
from portal.advice.openreferral import service_page
from portal.search.api import (
    ErrorOut,
    facet_counts,
    page_error,
    parameter_errors,
    params_schema,
    search_form,
    search_mode,
)
from portal.search.engine import run_search

router = Router(tags=["advice"])

AdviceParams = params_schema("AdviceParams", ADVICE_CATALOGUE)


@router.get(
    "/advice/",
    response={200: dict, 400: ErrorOut},
    url_name="advice_search",
    summary="Search the advice directory",
)
def search_advice(request: HttpRequest, params: Query[AdviceParams]):
    """The same search as /advice/, in the page's order, 20 a page, with the counts for every filter."""
    form = search_form(ADVICE_CATALOGUE, request.GET)
    if errors := parameter_errors(form):
        return Status(400, errors)
    result = run_search(form.catalogue, form.search_query())
    if errors := page_error(result):
        return Status(400, errors)
    by_id = (
        AdviceSource.objects.select_related("provider").prefetch_related("support_types").in_bulk(result.ids)
    )
    return Status(
        200,
        {
            "count": result.total,
            **search_mode(result),
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
            "facets": facet_counts(result),
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
    listing = service_page(page=page, size=per_page)
    if page > listing["total_pages"]:
        pages = listing["total_pages"]
        return Status(
            400,
            {
                "detail": f"Page {page} is out of range: there {'is 1 page' if pages == 1 else f'are {pages} pages'}.",
                "errors": {"page": [f"Choose a page from 1 to {pages}"]},
            },
        )
    return Status(200, listing)
