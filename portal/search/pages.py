"""What every search page shows beside its results, built the same way for each catalogue: the filter
panel, the selected filters as removable tags, the GOV.UK pagination and any parameters left out."""

from dataclasses import replace
from functools import wraps

from django.http import HttpResponse, QueryDict

from portal.search import cache, phrases
from portal.search.engine import SearchResult, count_matches

# How many options of a filter show before "Show all": the rest are one click away.
SHORT_LIST = 6
# Counts of what a search would find without one of its filters stop here ("1,000 or more").
COUNT_CAP = 1000


class LazyCards:
    """A page's cards, loaded when the page first reads them: when its results come from the cache of
    rendered results (the `search_cache` tag), they are never loaded."""

    def __init__(self, load):
        self._load = load
        self._cards = None

    def _loaded(self) -> list:
        if self._cards is None:
            self._cards = list(self._load())
        return self._cards

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __bool__(self) -> bool:
        return bool(self._loaded())

    def __getitem__(self, index):
        return self._loaded()[index]

    def __eq__(self, other):
        return self._loaded() == (list(other) if isinstance(other, LazyCards) else other)

    __hash__ = None


def whole_page_cached(catalogue):
    """A search page view's whole page, for visitors who bring no cookies, kept in the cache until a
    write changes a table it is made from: the catalogue's search table, the synonyms' rules, the
    common words of phrases, the tables of its curated options and the catalogues' words. Any visitor
    with a cookie (signed in, with a message waiting, a preference set) is served by the view itself,
    as is any response that sets a cookie or needs the CSRF cookie."""
    tables = [
        catalogue.table,
        cache.RULES_TABLE,
        phrases.TABLE,
        phrases.PAIRS_TABLE,
        phrases.HELD_TABLE,
        *catalogue.option_tables,
    ]

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.COOKIES or request.method != "GET" or not cache.enabled():
                return view(request, *args, **kwargs)
            key = cache.page_key(cache.page_state(tables), request.get_full_path())
            html = cache.get(key)
            if html is not None:
                return HttpResponse(html.replace(cache.NONCE_MARK, str(request.csp_nonce)))
            response = view(request, *args, **kwargs)
            session, user = getattr(request, "session", None), getattr(request, "user", None)
            if (
                response.status_code == 200
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and not (session is not None and session.modified)
                and not (user is not None and user.is_authenticated)
            ):
                nonce = getattr(request, "_csp_nonce", None)
                html = response.content.decode()
                cache.put(key, html.replace(nonce, cache.NONCE_MARK) if nonce else html)
            return response

        return wrapped

    return decorator


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
    selected_tags, selected_groups, facet_groups = [], [], []
    for name in form.facet_names:
        label = form.fields[name].label
        hints = form.catalogue.facet(name).hints
        tags = []
        for count in result.facets[name]:
            if count.selected:
                remaining = params.copy()
                remaining.setlist(name, [v for v in params.getlist(name) if v != count.value])
                tags.append(
                    {
                        "label": count.label,
                        "group": label,
                        "url": f"?{remaining.urlencode()}",
                        "facet": name,
                        "value": count.value,
                    }
                )
        if tags:
            selected_groups.append({"label": label, "tags": tags})
            selected_tags.extend(tags)
        options = [
            {
                "value": c.value,
                "label": c.label,
                "count": c.count,
                "selected": c.selected,
                "hint": hints.get(c.value, ""),
            }
            for c in result.facets[name]
            if c.count or c.selected
        ]
        # Long lists show their first options; the rest are one click away, and open if one is ticked.
        shown, more = options[:SHORT_LIST], options[SHORT_LIST:]
        facet_groups.append(
            {
                "name": name,
                "label": label,
                "options": shown,
                "more": more,
                "more_open": any(o["selected"] for o in more),
                "total": len(options),
            }
        )
    cleared = QueryDict(mutable=True)
    if params.get("q"):
        cleared["q"] = params["q"]
    return {
        "widened": widened(result, params),
        "ways_on": ways_on(form, result, selected_tags) if result.total == 0 else [],
        # A catalogue's search page has its own search box, so the header's is left out.
        "hide_header_search": True,
        "search_form": form,
        "result": result,
        "facet_groups": facet_groups,
        "has_filter_options": any(group["options"] for group in facet_groups),
        "selected_tags": selected_tags,
        "selected_groups": selected_groups,
        "clear_filters_url": f"?{cleared.urlencode()}",
        "params": params,
        "pages": pagination_items(result.page, result.num_pages),
        "sorts": form.fields["sort"].choices,
        "param_errors": [error for errors in form.errors.values() for error in errors],
    }


def ways_on(form, result: SearchResult, selected_tags: list[dict]) -> list[dict]:
    """For a search that found nothing: each filter that could be removed, and the words, with how many
    results the search would have without it (counted together in one statement), most first."""
    query = form.search_query()
    candidates = []
    for tag in selected_tags:
        name, value = tag["facet"], tag["value"]
        selected = {**query.selected, name: [v for v in query.selected[name] if v != value]}
        candidates.append(
            (
                f"Remove “{tag['label']}” ({tag['group'].lower()})",
                tag["url"],
                replace(query, selected=selected),
            )
        )
    if query.q:
        without_words = replace(query, q="")
        candidates.append(
            (
                "Search without your words",
                f"?{without_words.params(form.catalogue).urlencode()}",
                without_words,
            )
        )
    if not candidates:
        return []
    counts = count_matches(form.catalogue, [(q, "TRUE", []) for _label, _url, q in candidates], cap=COUNT_CAP)
    found = [
        {"label": label, "url": url, "count": count}
        for (label, url, _q), count in zip(candidates, counts, strict=True)
        if count
    ]
    return sorted(found, key=lambda way: -way["count"])


def back_to_results(request, index_url: str) -> str | None:
    """The address of the search a visitor came from, when an entry was opened from its results (the
    result links carry the search as `back`): words, filters, sort and page kept. Only a query string
    is taken from it, put on the catalogue's own search page, so it cannot lead anywhere else."""
    back = request.GET.get("back")
    if back is None:
        return None
    params = QueryDict(back, mutable=True)
    params.pop("back", None)
    return f"{index_url}?{params.urlencode()}" if params else index_url


def search_in_words(catalogue, params: QueryDict) -> str:
    """A search's words and filters as a person would say them: “housing”; Stage of scaling: Grow it.
    Give a catalogue whose options are read (`catalogue.resolved()`) when describing many searches."""
    parts = [f"“{params['q']}”"] if params.get("q", "").strip() else []
    for facet in catalogue.facets:
        chosen = set(params.getlist(facet.name))
        labels = [option.label for option in facet.options() if option.value in chosen]
        if labels:
            parts.append(f"{facet.label}: {', '.join(labels)}")
    return "; ".join(parts) or "All innovations"


def widened(result: SearchResult, params: QueryDict) -> dict | None:
    """What a search page says when it widened the search (see run_search), with the way back to the
    words exactly as typed; None when every word was met as typed."""
    if result.mode == "all" and not result.searched_for:
        return None
    as_typed = params.copy()
    as_typed["match"] = "all"
    return {
        "corrected": result.searched_for,
        "typed": params.get("q", ""),
        "some": result.mode == "any",
        "words": result.words,
        "all_words_total": result.all_words_total,
        "as_typed_url": f"?{as_typed.urlencode()}",
    }
