"""What every catalogue's search endpoint shares: its parameters, built from the catalogue's facets (so
they are never typed out again per app), the check of those parameters, and the facet counts."""

from __future__ import annotations

from ninja import Schema
from pydantic import create_model

from portal.search.engine import Catalogue, SearchResult
from portal.search.forms import FacetedSearchForm, search_form


class ErrorOut(Schema):
    """What a search endpoint answers to parameters it cannot use: a sentence, and the errors by name."""

    detail: str
    errors: dict[str, list[str]] = {}


def params_schema(name: str, catalogue: Catalogue):
    """The query parameters of a catalogue's search endpoint: `q`, one repeatable parameter per facet,
    `sort`, `match` ("all" for entries with every word as typed, nothing widened) and `page`, for django-ninja's `Query[...]` and the OpenAPI document."""
    fields = {"q": (str | None, None)}
    fields.update({facet.name: (list[str], []) for facet in catalogue.facets})
    fields.update({"sort": (str | None, None), "match": (str | None, None), "page": (str | None, None)})
    schema = create_model(name, __base__=Schema, **fields)
    schema.__doc__ = f"Repeat a parameter to select several values: ?{catalogue.facets[0].name}=a&{catalogue.facets[0].name}=b."
    return schema


def search_mode(result: SearchResult) -> dict:
    """Which way the words were met, as every search endpoint says it: `mode` is "all" (every word),
    "any" (too few entries held every word, so those holding some follow them) or "corrected" (nothing
    held the words as typed; `searched_for` holds the words with their spelling corrected)."""
    mode = "corrected" if result.searched_for else result.mode
    return {"mode": mode, "searched_for": result.searched_for or None}


def facet_counts(result: SearchResult) -> dict:
    return {
        name: [{"value": c.value, "label": c.label, "count": c.count, "selected": c.selected} for c in counts]
        for name, counts in result.facets.items()
    }


def parameter_errors(form: FacetedSearchForm) -> dict | None:
    """The 400 body for parameters the search cannot use, or None when they are all right."""
    if form.is_valid():
        return None
    return {
        "detail": "Some parameters are not valid.",
        "errors": {name: list(errors) for name, errors in form.errors.items()},
    }


def page_error(result: SearchResult) -> dict | None:
    """The 400 body for a page past the last, or None."""
    if not result.page_out_of_range:
        return None
    return {
        "detail": f"Page {result.page} is out of range: there are {result.num_pages} pages.",
        "errors": {"page": [f"Choose a page from 1 to {result.num_pages}"]},
    }


__all__ = [
    "ErrorOut",
    "facet_counts",
    "search_mode",
    "page_error",
    "parameter_errors",
    "params_schema",
    "search_form",
]
