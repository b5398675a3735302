from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from innovations.forms import AdoptionForm, ProblemReportForm
from innovations.models import ShortlistEntry
from innovations.search import INNOVATION_CATALOGUE, catalogue_search
from innovations.selectors import innovation_detail_for, related_innovations
from innovations.services import adoption_story_submit, problem_report_create
from portal.advice.find_help import advice_for_innovation
from portal.core.feeds import ControlFreeAtom1Feed
from portal.core.freshness import is_stale
from portal.core.once import FormOnce, form_token
from portal.core.vocabulary import EVIDENCE_DESCRIPTIONS, STAGE_DESCRIPTIONS
from portal.moderation.models import WorkflowError
from portal.search.pages import back_to_results, search_page_context, whole_page_cached
from portal.services import organisation_chosen_in


@require_GET
@whole_page_cached(INNOVATION_CATALOGUE)
def search(request):
    """Anyone: search and filter the published catalogue. The URL is the whole state (and, for visitors
    without cookies, the whole page is kept until the catalogue changes)."""
    return render_search(request, catalogue_search(request.GET))


def render_search(request, found):
    """The search page for a finished search."""
    context = search_page_context(
        form=found.form,
        result=found.result,
        request_params=request.GET,
    )
    params = context["params"]
    context.update(
        {
            "found": found,
            "innovations": found.innovations,
            "feed_url": f"{reverse('innovations:feed')}?{params.urlencode()}",
            "api_url": f"{reverse('api:innovation_search')}?{request.GET.urlencode()}",
        }
    )
    return render(request, "innovations/innovation_search.html", context)


@require_GET
def detail(request, slug: str):
    """Anyone: a published innovation. Its contact details are shown to signed-in users only."""
    innovation = innovation_detail_for(slug=slug)
    context = detail_context(
        innovation, adoptions=innovation.published_adoptions, related=related_innovations(innovation)
    )
    context["advice"] = advice_for_innovation(innovation)
    context["back_url"] = back_to_results(request, reverse("innovations:index"))
    if request.user.is_authenticated:
        context["on_shortlist"] = ShortlistEntry.objects.filter(
            user=request.user, innovation=innovation
        ).exists()
    return render(request, "innovations/innovation_detail.html", context)


def detail_context(innovation, *, adoptions, related) -> dict:
    return {
        "innovation": innovation,
        "adoptions": adoptions,
        "related": related,
        "evidence_description": EVIDENCE_DESCRIPTIONS.get(innovation.evidence_level, "Not given yet."),
        "stage_description": STAGE_DESCRIPTIONS[innovation.stage],
        "is_stale": is_stale(innovation.last_verified),
        "evidence_descriptions": EVIDENCE_DESCRIPTIONS,
    }


@require_GET
def api_docs(request):
    """Anyone: how to use the open API."""
    return render(request, "innovations/api_docs.html")


class SearchFeed(Feed):
    """Atom feed of the newest published innovations matching any search (no parameters: all of them)."""

    feed_type = ControlFreeAtom1Feed
    description_template = None

    def get_object(self, request):
        return request

    def title(self, request):
        q = request.GET.get("q", "").strip()
        return f"Innovations matching “{q}”" if q else "Newly published innovations"

    def link(self, request):
        return f"{reverse('innovations:index')}?{request.GET.urlencode()}"

    def subtitle(self, request):
        return "Innovations in public services that worked elsewhere, newest first."

    def items(self, request):
        found = catalogue_search(request.GET, sort="newest", page_size=50, with_facets=False)
        if found.result.page_out_of_range:
            return []
        return found.innovations

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.organisation.name


search_feed = SearchFeed()


@login_required
@require_http_methods(["GET", "POST"])
def adoption_story(request, slug: str):
    """Signed-in users: say their organisation adopted or adapted a published innovation."""
    innovation = innovation_detail_for(slug=slug)
    organisation = request.user.organisation
    initial = (
        {
            "organisation_name": organisation.name,
            "organisation_type": organisation.organisation_type,
            "region": organisation.region,
        }
        if organisation
        else {}
    )
    form = AdoptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adopter = organisation_chosen_in(data, user=request.user)
        try:
            adoption_story_submit(
                innovation=innovation,
                organisation=adopter,
                user=request.user,
                kind=data["kind"],
                year=data["year"],
                what_changed=data["what_changed"],
                result=data["result"],
            )
        except WorkflowError as exc:
            form.add_error("organisation_name", str(exc))
        else:
            return render(request, "innovations/adoption_thanks.html", {"innovation": innovation})
    return render(request, "innovations/adoption_form.html", {"form": form, "innovation": innovation})


@ratelimit(key="ip", rate="10/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def report_problem(request, slug: str):
    """Anyone, signed in or not (rate limited by address): report a problem with an innovation page."""
    innovation = innovation_detail_for(slug=slug)
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, "You have sent a lot of reports in the last hour. Try again later.")
            return render(
                request,
                "innovations/problem_form.html",
                {"form": form, "innovation": innovation, "form_token": form_token(request)},
                status=429,
            )
        if form.is_valid():
            with FormOnce(request) as once:
                if not once.result_url:  # a report sent twice is recorded (and emailed) once
                    problem_report_create(innovation=innovation, **form.cleaned_data)
                    once.done(request.path)
            return render(request, "innovations/problem_thanks.html", {"innovation": innovation})
    return render(
        request,
        "innovations/problem_form.html",
        {"form": form, "innovation": innovation, "form_token": form_token(request)},
    )
