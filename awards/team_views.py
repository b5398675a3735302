"""The central team's pages for a round: the leaderboard (sortable, as CSV too) and decisions. They need
the central team's two-factor sign-in, as the admin does; anyone else is refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from awards.forms import DecisionForm
from awards.leaderboard import SORTS, leaderboard
from awards.models import Nomination, NominationStatus
from awards.selectors import round_for_public
from awards.services import decision_record
from portal.core.csv_import import csv_response
from portal.moderation.models import WorkflowError
from portal.rules import rule_required


def _figure(value) -> str:
    return "" if value is None else f"{value:.2f}"


@login_required
@rule_required("awards.run_round")
@require_GET
def leaderboard_view(request, award: str, year: int):
    round_ = round_for_public(award=award, year=year)
    sort = request.GET.get("sort", "normalised")
    if sort not in SORTS:
        sort = "normalised"
    if request.GET.get("format") == "csv":
        rows = leaderboard(round_, sort=sort, page=None).rows
        header = ["nomination", "nominee", "category", "weighted mean", "median", "normalised", "scores", "spread",
                  "disagreement", "decision", "citation"]  # fmt: skip
        return csv_response(
            filename=f"leaderboard-{round_.award.slug}-{round_.year}.csv",
            header=header,
            rows=(
                [
                    row.nomination.pk,
                    row.nomination.nominee_names(),
                    row.nomination.category.name if row.nomination.category else "",
                    _figure(row.weighted),
                    _figure(row.median),
                    _figure(row.normalised),
                    row.scores,
                    _figure(row.spread),
                    "yes" if row.disagreement else "",
                    row.decision.get_outcome_display() if row.decision else "",
                    row.decision.citation if row.decision else "",
                ]
                for row in rows
            ),  # fmt: skip
        )
    page = request.GET.get("page", "1")
    board = leaderboard(round_, sort=sort, page=int(page) if page.isdigit() else 1)
    return render(
        request,
        "awards/leaderboard.html",
        {
            "round": round_,
            "board": board,
            "rows": board.rows,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _f) in SORTS.items()],
            "previous_page": board.page - 1 if board.page > 1 else None,
            "next_page": board.page + 1 if board.page < board.num_pages else None,
        },
    )


@login_required
@rule_required("awards.run_round")
@require_http_methods(["GET", "POST"])
def decide(request, award: str, year: int, pk: int):
    round_ = round_for_public(award=award, year=year)
    nomination = (
        Nomination.objects.filter(round=round_, status=NominationStatus.SUBMITTED, pk=pk)
        .select_related("decision", "category")
        .prefetch_related("nominees__organisation")
        .first()
    )
    if nomination is None:
        raise Http404("No such nomination.")
    decision = getattr(nomination, "decision", None)
    form = DecisionForm(
        request.POST or None,
        initial={
            "outcome": decision.outcome if decision else "",
            "citation": decision.citation if decision else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(nomination=nomination, user=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            form.add_error("citation" if "citation" in str(exc) else None, str(exc))
        else:
            messages.success(request, f"Decision on {nomination.nominee_names()} saved.")
            return redirect("awards:leaderboard", award=award, year=year)
    return render(request, "awards/decide.html", {"round": round_, "nomination": nomination, "form": form})
