from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.admin_filters import STALE_AFTER
from portal.advice import advice_catalogue, advice_for_ids
from portal.forms import AccountForm, FacetedSearchForm
from portal.models import AdviceSource
from portal.search import run_search
from portal.search_pages import search_page_context
from portal.services import user_update_details
from portal.vocabulary import STAGE_DESCRIPTIONS, OrganisationType, Region, Stage


@require_GET
def home(request):
    """Anyone: what the service is for and the way into each of its parts."""
    stages = [(stage.value, stage.label, STAGE_DESCRIPTIONS[stage]) for stage in Stage]
    return render(request, "portal/home.html", {"stages": stages})


@require_GET
def static_page(request, template_name: str):
    """Anyone: the accessibility statement, cookies page and privacy notice."""
    return render(request, template_name)


@require_GET
def coming_soon(request, title: str, description: str):
    """Anyone: a part of the service that is not open yet."""
    return render(request, "portal/coming_soon.html", {"title": title, "description": description})


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """Signed-in users: their own details, and nobody else's (the page only ever shows request.user)."""
    user = request.user
    if request.method == "POST":
        form = AccountForm(request.POST)
        if form.is_valid():
            user_update_details(user=user, **form.cleaned_data)
            messages.success(request, "Your details have been saved.")
            return redirect("portal:account")
    else:
        organisation = user.organisation
        form = AccountForm(
            initial={
                "full_name": user.full_name,
                "job_title": user.job_title,
                "organisation_name": organisation.name if organisation else "",
                "organisation_type": organisation.organisation_type if organisation else "",
                "region": organisation.region if organisation else "",
            }
        )
    return render(request, "portal/account.html", {"form": form})


@never_cache
@require_GET
def healthz(request):
    """Anyone (load balancers): 200 after one database round trip, 503 when the database is unreachable.
    It renders no template, so it is the cheapest page the portal serves."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    """Shown when a form is sent without a valid CSRF token, usually because the page was open too long."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page, rendered without the request's context processors: the user lookup or the database
    may be what failed."""
    html = render_to_string(
        "500.html", {"SITE_NAME": settings.SITE_NAME, "CENTRAL_TEAM_EMAIL": settings.CENTRAL_TEAM_EMAIL}
    )
    return HttpResponseServerError(html)


@require_GET
def advice_search(request):
    """Anyone: search and filter the directory of active advice sources. The URL is the whole state."""
    catalogue = advice_catalogue()
    form = FacetedSearchForm(request.GET, catalogue=catalogue)
    form.is_valid()
    query = form.search_query()
    result = run_search(catalogue, query)
    context = search_page_context(form=form, result=result, request_params=request.GET)
    sources = advice_for_ids(result.ids, result.tsquery)
    prefetch_related_objects(sources, "support_types")  # each card names the help it gives
    context.update({"query": query, "sources": sources})
    return render(request, "portal/advice_search.html", context)


@require_GET
def advice_detail(request, slug: str):
    """Anyone: one source of advice, unless it has closed for good."""
    source = get_object_or_404(
        AdviceSource.objects.select_related("provider")
        .prefetch_related("support_types")
        .exclude(status="defunct"),
        slug=slug,
    )
    is_stale = source.last_verified is None or timezone.localdate() - source.last_verified > STALE_AFTER
    return render(request, "portal/advice_detail.html", {"source": source, "is_stale": is_stale})


@require_GET
def find_help_start(request):
    """Anyone: the start of the "find help" journey."""
    return render(request, "portal/find_help_start.html")


@require_GET
def find_help_question(request, question: str):
    """Anyone: one question of the journey; the answers so far travel in the URL."""
    from portal.find_help import ANSWER_FIELDS, QUESTIONS

    index = next((i for i, q in enumerate(QUESTIONS) if q.slug == question), None)
    if index is None:
        raise Http404("No such question.")
    spec = QUESTIONS[index]
    answers = request.GET.copy()
    answers.pop("continue", None)
    if "continue" in request.GET:
        form = spec.form_class(request.GET)
        if form.is_valid():
            following = (
                reverse("portal:find_help_question", args=[QUESTIONS[index + 1].slug])
                if index + 1 < len(QUESTIONS)
                else reverse("portal:find_help_results")
            )
            return redirect(f"{following}?{answers.urlencode()}")
    else:
        multiple = spec.field == "need"
        form = spec.form_class(
            initial={spec.field: answers.getlist(spec.field) if multiple else answers.get(spec.field)}
        )
    hidden = [
        (name, value) for name in ANSWER_FIELDS if name != spec.field for value in request.GET.getlist(name)
    ]
    others = answers.copy()
    others.pop(spec.field, None)
    if index:
        back_url = (
            reverse("portal:find_help_question", args=[QUESTIONS[index - 1].slug]) + f"?{answers.urlencode()}"
        )
    else:
        back_url = reverse("portal:find_help")
    return render(
        request,
        "portal/find_help_question.html",
        {
            "form": form,
            "hidden": hidden,
            "back_url": back_url,
            "step": index + 1,
            "steps": len(QUESTIONS),
            "question": spec,
        },
    )


@require_GET
def find_help_results(request):
    """Anyone: the advice that fits the answers, with reasons, and innovations to learn from."""
    from django.http import QueryDict

    from innovations.search import catalogue_search
    from portal.find_help import NEXT_STAGE, QUESTIONS, fitting_advice

    answered = {}
    for spec in QUESTIONS:
        form = answered[spec.field] = spec.form_class(request.GET)
        if not form.is_valid() or not request.GET.getlist(spec.field):
            return redirect(
                reverse("portal:find_help_question", args=[spec.slug]) + f"?{request.GET.urlencode()}"
            )
    stage, needs = request.GET["stage"], request.GET.getlist("need")
    audience, where = request.GET["audience"], request.GET["where"]
    matches = fitting_advice(stage=stage, needs=needs, audience=audience, where=where)
    chosen = [t for t in answered["need"].support_types if t.slug in needs]
    # Innovations that worked on the conditions for scaling up that the help asked for speaks to.
    themes = sorted({theme for support_type in chosen for theme in support_type.themes})
    innovation_query = QueryDict(mutable=True)
    innovation_query.setlist("stage", [NEXT_STAGE[stage]])
    innovation_query.setlist("theme", themes)
    found = catalogue_search(innovation_query, sort="evidence", page_size=3, with_facets=False)
    answers = [
        ("Stage", Stage(stage).label, "stage"),
        ("Help you need", ", ".join(t.name for t in chosen), "need"),
        ("Organisation", OrganisationType(audience).label, "organisation"),
        ("Where", Region(where).label, "where"),
    ]
    return render(
        request,
        "portal/find_help_results.html",
        {
            "matches": matches,
            "innovations": found.innovations,
            "innovations_url": reverse("innovations:index")
            + f"?{innovation_query.urlencode()}&sort=evidence",
            "answers": answers,
            "query": request.GET.urlencode(),
            "next_stage": Stage(NEXT_STAGE[stage]).label,
        },
    )


@require_GET
def site_search(request):
    """Anyone: one search across the shop, grouped by kind, with a count per kind and the best few of each."""
    from django.http import QueryDict

    from innovations.search import catalogue_search

    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    if kind not in {"", "innovations", "advice"}:
        kind = ""
    groups = []
    if q:
        query = QueryDict(mutable=True)
        query["q"] = q
        if kind in {"", "innovations"}:
            found = catalogue_search(query, page_size=5 if kind else 3, with_facets=False)
            groups.append(
                {
                    "kind": "innovations",
                    "title": "Innovations",
                    "total": found.result.total,
                    "items": [
                        {
                            "title": i.title,
                            "url": i.get_absolute_url(),
                            "summary": i.summary_html,
                            "meta": i.organisation.name,
                        }
                        for i in found.innovations
                    ],
                    "more_url": reverse("innovations:index") + f"?{query.urlencode()}",
                }
            )
        if kind in {"", "advice"}:
            from portal.search import SearchQuery

            result = run_search(
                advice_catalogue(), SearchQuery(q=q), page_size=5 if kind else 3, with_facets=False
            )
            groups.append(
                {
                    "kind": "advice",
                    "title": "Sources of advice",
                    "total": result.total,
                    "items": [
                        {
                            "title": s.name,
                            "url": s.get_absolute_url(),
                            "summary": s.description_html,
                            "meta": s.provider.name,
                        }
                        for s in advice_for_ids(result.ids, result.tsquery)
                    ],
                    "more_url": reverse("portal:advice") + f"?{query.urlencode()}",
                }
            )
    kinds = [("", "Everything"), ("innovations", "Innovations"), ("advice", "Sources of advice")]
    return render(
        request, "portal/site_search.html", {"q": q, "kind": kind, "groups": groups, "kinds": kinds}
    )
