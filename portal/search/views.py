"""The one search box: every registered catalogue searched at once, grouped by kind."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.search.engine import SearchQuery
from portal.search.registry import registered, signposts_for


@require_GET
def site_search(request):
    """Anyone: one search across the shop, grouped by kind, with a count per kind and the best few of each."""
    q = request.GET.get("q", "").strip()[:200]
    catalogues = registered()
    kind = request.GET.get("kind", "")
    if kind not in {registration.kind for registration in catalogues}:
        kind = ""
    groups = []
    if q:
        query = SearchQuery(q=q)
        for registration in catalogues:
            if kind and registration.kind != kind:
                continue
            result, cards = registration.search(query, page_size=5 if kind else 3, with_facets=False)
            groups.append(
                {
                    "kind": registration.kind,
                    "title": registration.label,
                    "total": result.total,
                    "some": result.mode == "any",
                    "all_words_total": result.all_words_total,
                    "searched_for": result.searched_for,
                    "items": [registration.item(card) for card in cards],
                    "more_url": registration.search_url(query),
                }
            )
    kinds = [("", "Everything"), *((registration.kind, registration.label) for registration in catalogues)]
    return render(
        request,
        "search/site_search.html",
        {
            "q": q,
            "kind": kind,
            "groups": groups,
            # The portal's own pages the words name ("award", "mentor"), above the catalogues' entries.
            "signposts": signposts_for(q) if q and not kind else [],
            "kinds": kinds,
            # This page's search box is the header's: it shows the words, and keeps the kind chosen.
            "header_search_q": q,
            "header_search_kind": kind,
        },
    )
