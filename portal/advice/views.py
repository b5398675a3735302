"""The advice directory's pages: its search, a page per source, and the find-help journey. Every page
here is open to anyone; only active sources are searched and only listed ones have a page."""

from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.advice.catalogue import ADVICE_CATALOGUE, advice_for_ids
from portal.advice.find_help import ANSWER_FIELDS, NEXT_STAGE, QUESTIONS, fitting_advice
from portal.advice.models import AdviceSource
from portal.core.freshness import is_stale
from portal.core.vocabulary import OrganisationType, Region, Stage
from portal.search.engine import run_search
from portal.search.forms import search_form
from portal.search.pages import LazyCards, back_to_results, search_page_context
from portal.search.registry import FindHelpAnswers, registered


@require_GET
def advice_search(request):
    """Anyone: search and filter the directory of active advice sources. The URL is the whole state."""
    form = search_form(ADVICE_CATALOGUE, request.GET)
    query = form.search_query()
    result = run_search(form.catalogue, query)
    context = search_page_context(form=form, result=result, request_params=request.GET)

    def sources():
        cards = advice_for_ids(result.ids, result.tsquery)
        prefetch_related_objects(cards, "support_types")  # each card names the help it gives
        return cards

    context.update({"query": query, "sources": LazyCards(sources)})
    return render(request, "advice/advice_search.html", context)


@require_GET
def advice_detail(request, slug: str):
    """Anyone: one source of advice, unless it has closed for good."""
    source = get_object_or_404(
        AdviceSource.objects.listed().select_related("provider").prefetch_related("support_types"), slug=slug
    )
    return render(
        request,
        "advice/advice_detail.html",
        {
            "source": source,
            "is_stale": is_stale(source.last_verified),
            "back_url": back_to_results(request, reverse("advice:index")),
        },
    )


@require_GET
def find_help_start(request):
    """Anyone: the start of the "find help" journey."""
    return render(request, "advice/find_help_start.html")


@require_GET
def find_help_question(request, question: str):
    """Anyone: one question of the journey; the answers so far travel in the URL."""
    index = next((i for i, q in enumerate(QUESTIONS) if q.slug == question), None)
    if index is None:
        raise Http404("No such question.")
    spec = QUESTIONS[index]
    answers = request.GET.copy()
    answers.pop("continue", None)
    # Changing one answer from the results goes back to the results, not through the other questions.
    returning = answers.pop("return", None) == ["results"]
    if "continue" in request.GET:
        form = spec.form_class(request.GET)
        if form.is_valid():
            following = (
                reverse("advice:find_help_question", args=[QUESTIONS[index + 1].slug])
                if index + 1 < len(QUESTIONS) and not returning
                else reverse("advice:find_help_results")
            )
            return redirect(f"{following}?{answers.urlencode()}")
    else:
        multiple = spec.field == "need"
        form = spec.form_class(
            initial={spec.field: answers.getlist(spec.field) if multiple else answers.get(spec.field)}
        )
    form.fields[spec.field].page_heading = True
    hidden = [
        (name, value) for name in ANSWER_FIELDS if name != spec.field for value in request.GET.getlist(name)
    ]
    if returning:
        hidden.append(("return", "results"))
        back_url = reverse("advice:find_help_results") + f"?{answers.urlencode()}"
    elif index:
        back_url = (
            reverse("advice:find_help_question", args=[QUESTIONS[index - 1].slug]) + f"?{answers.urlencode()}"
        )
    else:
        back_url = reverse("advice:find_help")
    return render(
        request,
        "advice/find_help_question.html",
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
    """Anyone: the advice that fits the answers, with reasons, and entries of every catalogue that offers
    suggestions (innovations at the next stage, say) to learn from."""
    answered = {}
    for spec in QUESTIONS:
        form = answered[spec.field] = spec.form_class(request.GET)
        if not form.is_valid() or not request.GET.getlist(spec.field):
            return redirect(
                reverse("advice:find_help_question", args=[spec.slug]) + f"?{request.GET.urlencode()}"
            )
    stage, needs = request.GET["stage"], request.GET.getlist("need")
    audience, where = request.GET["audience"], request.GET["where"]
    matches = fitting_advice(stage=stage, needs=needs, audience=audience, where=where)
    chosen = [t for t in answered["need"].support_types if t.slug in needs]
    # Entries that worked on the conditions for scaling up that the help asked for speaks to.
    themes = sorted({theme for support_type in chosen for theme in support_type.themes})
    next_stage = NEXT_STAGE[stage]
    suggestions = []
    for registration in registered():
        if registration.find_help is None:
            continue
        suggest = registration.find_help
        query = suggest.query(
            FindHelpAnswers(stage=stage, next_stage=next_stage, themes=themes, audience=audience, where=where)
        )
        _result, cards = registration.search(query, page_size=suggest.limit, with_facets=False)
        suggestions.append(
            {
                "kind": registration.kind,
                "heading": suggest.heading,
                "intro": suggest.intro.format(next_stage=Stage(next_stage).label),
                "cards": cards,
                "card_template": registration.card_template,
                "more_url": registration.search_url(query),
                "more_label": suggest.more_label,
                "all_url": registration.search_url(),
                "label": registration.label,
            }
        )
    answers = [
        ("Stage", Stage(stage).label, "stage"),
        ("Help you need", ", ".join(t.name for t in chosen), "need"),
        ("Organisation", OrganisationType(audience).label, "organisation"),
        ("Where", Region(where).label, "where"),
    ]
    return render(
        request,
        "advice/find_help_results.html",
        {
            "matches": matches,
            "suggestions": suggestions,
            # Each catalogue's suggestions by its kind too, for templates and tests that want one.
            **{s["kind"]: s["cards"] for s in suggestions},
            "answers": answers,
            "query": request.GET.urlencode(),
            # The same answers as a search of the whole directory, for those who want to look further.
            "all_matching_url": reverse("advice:index")
            + "?"
            + urlencode(
                [("stage", stage), *(("support_type", need) for need in needs), ("audience", audience)]
                + [("region", where), ("region", "uk_wide")],
            ),
        },
    )
