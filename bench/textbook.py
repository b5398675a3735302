"""The textbook Django way to search the same catalogue, for comparison only: rank every match with
SearchRank, count exactly with the paginator, and run one GROUP BY query per facet with the other
facets applied. It renders the same page as the portal's search."""

import math

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, F, Func, Q

from innovations.models import Innovation
from innovations.search import INNOVATION_CATALOGUE, CatalogueSearch
from innovations.views import render_search
from portal.search.engine import FacetCount, SearchResult, highlight
from portal.search.forms import search_form

ORDER = {
    "newest": ["-published_at", "-id"],
    "most_adopted": ["-entry__adoption_count", "-evidence_level", "-published_at", "-id"],
    "evidence": ["-evidence_level", "-published_at", "-id"],
    "relevance": ["-evidence_level", "-published_at", "-id"],
}


def textbook_search(request):
    form = search_form(INNOVATION_CATALOGUE, request.GET)
    query = form.search_query()
    selected = query.selected
    base = Innovation.objects.filter(status="published")
    search_query = None
    if query.q:
        search_query = SearchQuery(query.q, search_type="websearch", config="english")
        base = base.filter(entry__search_vector=search_query)

    conditions = {
        "stage": Q(stage__in=selected["stage"]),
        "evidence_level": Q(evidence_level__in=[int(v) for v in selected["evidence_level"]]),
        "theme": Q(themes__overlap=selected["theme"]),
        "policy_area": Q(policy_areas__slug__in=selected["policy_area"]),
        "organisation_type": Q(organisation__organisation_type__in=selected["organisation_type"]),
        "region": Q(organisation__region__in=selected["region"]),
        "cost_band": Q(cost_band__in=[int(v) for v in selected["cost_band"]]),
        "award": Q(recognitions__outcome__in=selected["award"]),
        "adopted": Q(adoptions__status="published"),
    }
    active = {name: cond for name, cond in conditions.items() if selected[name]}

    def filtered(skip=None):
        qs = base
        for name, cond in active.items():
            if name != skip:
                qs = qs.filter(cond)
        return qs.distinct()

    results = filtered().select_related("organisation", "entry")
    if search_query is not None and query.sort == "relevance":
        results = results.annotate(rank=SearchRank(F("entry__search_vector"), search_query)).order_by(
            "-rank", *ORDER["relevance"]
        )
    else:
        results = results.order_by(*ORDER[query.sort])
    if search_query is not None:
        results = results.annotate(
            headline=SearchHeadline(
                "summary",
                search_query,
                config="english",
                start_sel="\x02",
                stop_sel="\x03",
                highlight_all=True,
            )
        )
    paginator = Paginator(results, 20)
    total = paginator.count
    try:
        rows = list(paginator.page(query.page).object_list)
        out_of_range = False
    except EmptyPage:
        rows, out_of_range = [], True
    for row in rows:
        row.summary_html = highlight(getattr(row, "headline", None) or row.summary)

    fields = {
        "stage": "stage",
        "evidence_level": "evidence_level",
        "organisation_type": "organisation__organisation_type",
        "region": "organisation__region",
        "cost_band": "cost_band",
        "award": "recognitions__outcome",
    }
    facets = {}
    catalogue_options = {
        "stage": form.fields["stage"].choices,
        "evidence_level": form.fields["evidence_level"].choices,
        "theme": form.fields["theme"].choices,
        "policy_area": form.fields["policy_area"].choices,
        "organisation_type": form.fields["organisation_type"].choices,
        "region": form.fields["region"].choices,
        "cost_band": form.fields["cost_band"].choices,
        "award": form.fields["award"].choices,
        "adopted": [("yes", "Adopted by at least one other organisation")],
    }
    for name in form.facet_names:
        qs = filtered(skip=name).order_by()
        if name in fields:
            counted = {
                str(k): n for k, n in qs.values_list(fields[name]).annotate(n=Count("id", distinct=True))
            }
        elif name == "theme":
            counted = dict(
                qs.annotate(t=Func(F("themes"), function="unnest"))
                .values_list("t")
                .annotate(n=Count("id", distinct=True))
            )
        elif name == "policy_area":
            counted = dict(qs.values_list("policy_areas__slug").annotate(n=Count("id", distinct=True)))
        else:
            counted = {"yes": qs.filter(adoptions__status="published").distinct().count()}
        facets[name] = [
            FacetCount(str(v), label, counted.get(str(v), 0), str(v) in selected[name])
            for v, label in catalogue_options[name]
        ]

    num_pages = max(1, math.ceil(total / 20))
    result = SearchResult(
        total, [r.id for r in rows], facets, query.page, num_pages, query.q, page_out_of_range=out_of_range
    )
    return render_search(request, CatalogueSearch(form, query, result, rows))
