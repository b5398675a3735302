"""The open API (django-ninja): JSON under /api/, described by an OpenAPI document at
/api/openapi.json. The human documentation is a page of the portal (/api/docs/), not a script-heavy
explorer, so it works within the Content Security Policy and without JavaScript."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError

from innovations.api import router as innovations_router
from portal.advice.api import router as advice_router

api = NinjaAPI(
    title="Public Service Innovation Exchange API",
    version="1",
    description="Open data on published public service innovations: search with facets, and each "
    "innovation with its evidence, cost and adoptions. No key needed.",
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api",
)
api.add_router("/", innovations_router)
api.add_router("/", advice_router)


@api.exception_handler(ValidationError)
def bad_parameters(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        name = str(error.get("loc", ["", "parameter"])[-1])
        errors.setdefault(name, []).append(error.get("msg", "Not valid"))
    return api.create_response(
        request, {"detail": "Some parameters are not valid.", "errors": errors}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)
