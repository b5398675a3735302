"""Saved searches and the shortlist: each signed-in user sees and changes only their own. Lookups go
through the user's own rows, so another user's id is a 404. Unsubscribing works from the signed link
in an alert email, without signing in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovations.alerts import (
    ALERT_LIMIT,
    MAX_QUERY_LENGTH,
    MAX_SAVED_SEARCHES,
    clean_query,
    saved_search_create,
    saved_search_mark_seen,
    saved_search_unsubscribe,
    saved_searches_new_counts,
    shortlist_toggle,
)
from innovations.forms import SavedSearchForm
from innovations.models import ShortlistEntry, Status
from innovations.search import INNOVATION_CATALOGUE, innovations_for_ids
from innovations.selectors import innovation_detail_for, saved_search_for_owner
from portal.search.pages import search_in_words


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_new(request):
    """Signed-in users: name the search in the query string and choose how often to hear of new matches."""
    query = request.POST.get("query", request.GET.urlencode())
    form = SavedSearchForm(request.POST or None, initial={"name": request.GET.get("q", "")[:100]})
    if request.method == "POST" and form.is_valid() and len(clean_query(query)) > MAX_QUERY_LENGTH:
        form.add_error(
            None,
            f"This search is too long to save (its address is over {MAX_QUERY_LENGTH:,} characters). "
            "Go back to the search, remove some words or filters, then save it.",
        )
    if (
        request.method == "POST"
        and form.is_valid()
        and request.user.saved_searches.count() >= MAX_SAVED_SEARCHES
    ):
        form.add_error(
            None,
            f"You have {MAX_SAVED_SEARCHES} saved searches, the most you can keep. Delete one you no longer need, then save this one.",
        )
    if request.method == "POST" and form.is_valid():
        saved_search_create(user=request.user, query=query, **form.cleaned_data)
        messages.success(request, f"Search “{form.cleaned_data['name']}” saved.")
        return redirect("innovations:saved")
    return render(request, "innovations/saved_search_new.html", {"form": form, "query": query})


@login_required
@require_GET
def saved_searches(request):
    """Signed-in users: their saved searches, each with the number of new matches since last opened."""
    searches = list(request.user.saved_searches.all())
    catalogue = INNOVATION_CATALOGUE.resolved()  # the curated options read once for every search
    rows = [
        {"search": s, "new": new, "words": search_in_words(catalogue, QueryDict(s.query))}
        for s, new in zip(searches, saved_searches_new_counts(searches, catalogue), strict=True)
    ]
    return render(request, "innovations/saved_searches.html", {"rows": rows, "limit": ALERT_LIMIT})


@login_required
@require_GET
def saved_search_open(request, pk: int):
    search = saved_search_for_owner(user=request.user, pk=pk)
    saved_search_mark_seen(search=search)
    return redirect(search.get_search_url())


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_edit(request, pk: int):
    """The owner: rename a saved search or change how often it emails, without deleting it."""
    search = saved_search_for_owner(user=request.user, pk=pk)
    form = SavedSearchForm(request.POST or None, instance=search)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Search “{search.name}” saved.")
        return redirect("innovations:saved")
    return render(
        request,
        "innovations/saved_search_edit.html",
        {
            "form": form,
            "search": search,
            "words": search_in_words(INNOVATION_CATALOGUE, QueryDict(search.query)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_delete(request, pk: int):
    search = saved_search_for_owner(user=request.user, pk=pk)
    if request.method == "POST":
        search.delete()
        messages.success(request, f"Search “{search.name}” deleted.")
        return redirect("innovations:saved")
    return render(request, "innovations/saved_search_delete.html", {"search": search})


@require_GET
def unsubscribe(request, token: str):
    """Anyone holding the link from an alert email: stop that search's emails in one click."""
    search = saved_search_unsubscribe(token)
    return render(request, "innovations/unsubscribed.html", {"search": search}, status=200 if search else 404)


@login_required
@require_POST
def shortlist_star(request, slug: str):
    innovation = innovation_detail_for(slug=slug)
    added = shortlist_toggle(user=request.user, innovation=innovation)
    messages.success(
        request, f"“{innovation.title}” {'added to' if added else 'removed from'} your shortlist."
    )
    return redirect(innovation.get_absolute_url())


@login_required
@require_GET
def shortlist(request):
    ids = list(ShortlistEntry.objects.filter(user=request.user).values_list("innovation_id", flat=True))
    visible = [i for i in innovations_for_ids(ids) if i.status == Status.PUBLISHED]
    return render(request, "innovations/shortlist.html", {"innovations": visible})
