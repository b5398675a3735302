"""The award's public pages: the awards and their rounds, a page per round (its categories, criteria,
eligibility and dates in UK time), the Scaling Up Champions directory, and the page where a champion
joins the mentor pool. Nothing about nominations or decisions is shown before the round's announcement
date."""

import rules
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from awards.catalogue import CHAMPION_CATALOGUE, champions_for_ids
from awards.models import Judge
from awards.publishing import champion_accept, champion_helps_with, champion_offer, nominee_for_token
from awards.selectors import announced_results, awards_with_rounds, round_for_public
from mentoring.forms import ChampionHelpsWithForm
from mentoring.models import Mentor
from portal.core.vocabulary import OrganisationType, Region
from portal.moderation.models import AlreadyDone, WorkflowError
from portal.search.engine import run_search
from portal.search.forms import search_form
from portal.search.pages import LazyCards, search_page_context


@require_GET
def awards_home(request):
    """Anyone: the awards, each with its rounds and where each stands."""
    return render(request, "awards/awards_home.html", {"awards": awards_with_rounds()})


@require_GET
def round_detail(request, award: str, year: int):
    """Anyone: one round of an award."""
    round_ = round_for_public(award=award, year=year)
    state = round_.state()
    # Before the announcement date nothing about decisions is read, let alone shown.
    results = announced_results(round_) if round_.results_are_public() else []
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": round_,
            "state": state,
            "results": results,
            "can_run": rules.has_perm("awards.run_round", request.user),
            "judging_this": request.user.is_authenticated
            and Judge.objects.filter(round=round_, user=request.user).exists(),
        },
    )


@require_GET
def champions(request):
    """Anyone: the Scaling Up Champions of every announced round, searched and filtered through the
    shared search. The URL is the whole state."""
    form = search_form(CHAMPION_CATALOGUE, request.GET)
    query = form.search_query()
    result = run_search(form.catalogue, query)
    context = search_page_context(form=form, result=result, request_params=request.GET)
    context.update(
        {"query": query, "champions": LazyCards(lambda: champions_for_ids(result.ids, result.tsquery))}
    )
    return render(request, "awards/champions.html", context)


@never_cache  # the link is the only key to the page: no shared cache or browser may keep a copy
@require_http_methods(["GET", "POST"])
def champion_join(request, token: str):
    """Whoever holds the link emailed to a champion (it proves they read that inbox; no account is
    needed): see the mentor profile their nomination makes, say what they help with (prefilled with what
    the nomination shows), and join the mentor pool."""
    nominee = nominee_for_token(token)
    if nominee is None:
        return render(request, "awards/champion_join_invalid.html", status=404)
    existing_mentor = Mentor.objects.filter(user__email__iexact=nominee.email).first()
    form = ChampionHelpsWithForm(
        request.POST if request.method == "POST" and not nominee.joined_mentors_at else None,
        initial=champion_helps_with(nominee, existing_mentor),
    )
    if form.is_bound and form.is_valid():
        try:
            mentor, needs_password = champion_accept(nominee, **form.cleaned_data)
        except AlreadyDone:
            pass
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request,
                "awards/champion_joined.html",
                {"mentor": mentor, "needs_password": needs_password, "nominee": nominee},
            )
    if nominee.joined_mentors_at:
        mentor = Mentor.objects.filter(user__email__iexact=nominee.email).first()
        return render(
            request, "awards/champion_joined.html", {"mentor": mentor, "nominee": nominee, "again": True}
        )
    offer = champion_offer(nominee)
    return render(
        request,
        "awards/champion_join.html",
        {
            "existing_mentor": existing_mentor,
            "nominee": nominee,
            "nomination": nominee.nomination,
            "offer": offer,
            "form": form,
            "knows": [OrganisationType(code).label for code in offer["knows_organisation_types"]],
            "region": Region(offer["region"]).label if offer["region"] else "",
        },
    )
