"""The central team's pages for a round: the leaderboard (sortable, as CSV too) and decisions. They need
the central team's two-factor sign-in, as the admin does; anyone else is refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from awards.forms import DecisionForm
from awards.leaderboard import DISAGREEMENT, PANEL_WEIGHT, SORTS, leaderboard, leaderboard_row
from awards.models import Nomination, NominationStatus
from awards.selectors import judges_scores, round_for_public
from awards.services import decision_record
from portal.core.csv_import import csv_response
from portal.moderation.models import WorkflowError
from portal.rules import rule_required


def _number(value) -> float | str:
    return "" if value is None else round(value, 2)


def _scores_in_words(round_, entries) -> str:
    """Each judge's weighted score and their score and comment per criterion, for the CSV."""
    criteria = list(round_.criteria.all())
    judges = []
    for entry in entries:
        parts = []
        for criterion in criteria:
            score = entry.scores.get(criterion.pk)
            if score is not None:
                parts.append(
                    f"{criterion.name} {score.score}" + (f" ({score.comment})" if score.comment else "")
                )
        weighted = f" {entry.weighted:.2f}" if entry.weighted is not None else " (not scored in full)"
        judges.append(f"{entry.judge_name}{weighted}: " + "; ".join(parts))
    return " | ".join(judges)


def _leaderboard_csv(round_, sort: str):
    rows = leaderboard(round_, sort=sort, page=None).rows
    scores = judges_scores(round_=round_, nomination_ids=[row.nomination.pk for row in rows])
    header = ["nomination", "nominee", "category", "weighted mean", "median", "normalised", "spread",
              "disagreement", "judges who scored", "judges given it", "judges needed", "decision", "citation",
              "judges' scores and comments"]  # fmt: skip
    return csv_response(
        filename=f"leaderboard-{round_.award.slug}-{round_.year}.csv",
        header=header,
        rows=(
            [
                row.nomination.pk,
                row.nomination.nominee_names(),
                row.nomination.category.name if row.nomination.category else "",
                _number(row.weighted),
                _number(row.median),
                _number(row.normalised),
                _number(row.spread) if row.scores > 1 else "",
                "yes" if row.disagreement else "",
                row.scores,
                row.judges,
                row.needed,
                row.decision.get_outcome_display() if row.decision else "",
                row.decision.citation if row.decision else "",
                _scores_in_words(round_, scores.get(row.nomination.pk, [])),
            ]
            for row in rows
        ),
    )


@login_required
@rule_required("awards.run_round")
@require_GET
def leaderboard_view(request, award: str, year: int):
    """The central team: the round's nominations with their figures, sortable, and as CSV."""
    round_ = round_for_public(award=award, year=year)
    sort = request.GET.get("sort", "normalised")
    if sort not in SORTS:
        sort = "normalised"
    if request.GET.get("format") == "csv":
        return _leaderboard_csv(round_, sort)
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
            "sorts": list(SORTS.items()),
            "previous_page": board.page - 1 if board.page > 1 else None,
            "next_page": board.page + 1 if board.page < board.num_pages else None,
            "can_decide": round_.is_deciding(),
            "disagreement": DISAGREEMENT,
            "panel_weight": PANEL_WEIGHT,
        },
    )


@login_required
@rule_required("awards.run_round")
@require_http_methods(["GET", "POST"])
def decide(request, award: str, year: int, pk: int):
    """The central team: a nomination with its judges' scores and comments, and the decision on it once
    judging has ended."""
    round_ = round_for_public(award=award, year=year)
    nomination = (
        Nomination.objects.filter(round=round_, status=NominationStatus.SUBMITTED, pk=pk)
        .select_related("decision__decided_by", "category", "innovation")
        .prefetch_related("nominees__organisation", "statements")
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
    criteria = list(round_.criteria.all())
    statements = {s.criterion_id: s for s in nomination.statements.all()}
    return render(
        request,
        "awards/decide.html",
        {
            "round": round_,
            "nomination": nomination,
            "form": form,
            "row": leaderboard_row(round_, nomination),
            "criteria": criteria,
            "statements": [(c, statements.get(c.pk)) for c in criteria],
            "judges": judges_scores(round_=round_, nomination_ids=[nomination.pk]).get(nomination.pk, []),
            "state": round_.state(),
        },
    )
