"""What every search page shows beside its results, built the same way for each catalogue: the filter
panel, the selected filters as removable tags, the GOV.UK pagination and any parameters left out."""

from django.http import QueryDict

from portal.search.engine import SearchResult


def pagination_items(page: int, num_pages: int) -> list[int | None]:
    """Page numbers for the GOV.UK pagination component: first, last and two either side of the
    current page, with None where the component shows an ellipsis."""
    wanted = {1, num_pages, *range(page - 2, page + 3)}
    pages = sorted(p for p in wanted if 1 <= p <= num_pages)
    items: list[int | None] = []
    for p in pages:
        if items and p - items[-1] > 1:
            items.append(None)
        items.append(p)
    return items


def search_page_context(*, form, result: SearchResult, request_params: QueryDict) -> dict:
    """What the shared search-page includes need: filter groups, selected filters, sorts, pages, errors.
    `form` is a FacetedSearchForm for the catalogue that was searched."""
    params = request_params.copy()
    params.pop("page", None)
    selected_tags, facet_groups = [], []
    for name in form.facet_names:
        for count in result.facets[name]:
            if count.selected:
                remaining = params.copy()
                remaining.setlist(name, [v for v in params.getlist(name) if v != count.value])
                selected_tags.append({"label": count.label, "url": f"?{remaining.urlencode()}"})
        options = [c for c in result.facets[name] if c.count or c.selected]
        facet_groups.append({"name": name, "label": form.fields[name].label, "options": options})
    return {
        "search_form": form,
        "result": result,
        "facet_groups": facet_groups,
        "selected_tags": selected_tags,
        "params": params,
        "pages": pagination_items(result.page, result.num_pages),
        "sorts": form.fields["sort"].choices,
        "param_errors": [error for errors in form.errors.values() for error in errors],
    }
