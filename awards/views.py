"""The award's public pages: the awards and their rounds, and a page per round (its categories, criteria,
eligibility and dates in UK time). Nothing about nominations or decisions is shown before the round's
announcement date."""

import rules
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.models import RoundState
from awards.selectors import announced_results, awards_with_rounds, round_for_public


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
    results = announced_results(round_) if state == RoundState.ANNOUNCED else []
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": round_,
            "state": state,
            "results": results,
            "can_run": rules.has_perm("awards.run_round", request.user),
        },
    )
