"""The judges' pages: their queue of nominations, scoring one, and stepping aside from a conflict. A judge
sees only the nominations given to them and not stepped aside from (404 for anything else), and the
other judges' scores only once their own are in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from awards.filters import QueueFilter
from awards.forms import ConflictForm, ScoreForm
from awards.judging import conflict_declare, scored_in_full, scores_save
from awards.models import Assignment, AssignmentStatus, Category, Round
from awards.selectors import assignment_for_judge, other_scores
from portal.moderation.models import AlreadyDone, WorkflowError


@login_required
@require_GET
def queue(request):
    """A judge: the nominations given to them, filtered by category and by whether they have scored."""
    mine = (
        Assignment.objects.filter(judge=request.user, status=AssignmentStatus.ACTIVE)
        .select_related("nomination__round__award", "nomination__category")
        .prefetch_related("nomination__nominees", "scores", "nomination__round__criteria")
        .order_by("nomination__round", "nomination__submitted_at")
    )
    categories = Category.objects.filter(round__judges__user=request.user).distinct()
    filters = QueueFilter(request.GET or None, queryset=mine, categories=categories)
    rows = [
        {
            "assignment": a,
            "scored": scored_in_full(a),
            "ended": a.nomination.round.judging_has_ended(),
        }
        for a in filters.qs
    ]
    return render(
        request,
        "awards/judging_queue.html",
        {
            "rounds": Round.objects.filter(judges__user=request.user)
            .select_related("award")
            .order_by("-year"),
            "rows": rows,
            "filters": filters,
            "filtered": bool(request.GET),
            "has_any": bool(rows) or mine.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def judge(request, pk: int):
    """A judge: read one nomination and score each criterion; see the others' scores once theirs are in."""
    assignment = assignment_for_judge(user=request.user, pk=pk)
    nomination = assignment.nomination
    round_ = nomination.round
    criteria = list(round_.criteria.all())
    saved = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {}
    for criterion_id, score in saved.items():
        initial[f"score_{criterion_id}"] = score.score
        initial[f"comment_{criterion_id}"] = score.comment
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scores_save(assignment=assignment, scores=form.scores())
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your scores are saved. You can change them until judging ends.")
            return redirect("awards:judge", pk=pk)
    statements = {s.criterion_id: s for s in nomination.statements.all()}
    return render(
        request,
        "awards/judging_nomination.html",
        {
            "assignment": assignment,
            "nomination": nomination,
            "round": round_,
            "blind": round_.blind_judging,
            "statements": [(c, statements.get(c.pk), saved.get(c.pk)) for c in criteria],
            "form": form,
            "can_score": round_.is_judging(),
            # The others' scores once the judge's own are in, or once judging has ended either way.
            "others": other_scores(assignment)
            if scored_in_full(assignment) or round_.judging_has_ended()
            else None,
            "criteria": criteria,
            "can_step_aside": _can_step_aside(assignment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict(request, pk: int):
    """A judge: step aside from a nomination because of a conflict of interest, while judging goes on."""
    assignment = assignment_for_judge(user=request.user, pk=pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replaced = conflict_declare(assignment=assignment, reason=form.cleaned_data["reason"])
        except AlreadyDone:  # stepped aside already: the queue shows it gone
            return redirect("awards:queue")
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "You have stepped aside from that nomination. "
                + (
                    "Another judge has been given it."
                    if replaced
                    else "No other judge is free of conflicts to take your place yet: the central team has "
                    "been told and will appoint one."
                ),
            )
            return redirect("awards:queue")
    return render(
        request,
        "awards/judging_conflict.html",
        {"assignment": assignment, "form": form, "ended": not _can_step_aside(assignment)},
    )


def _can_step_aside(assignment) -> bool:
    return not assignment.nomination.round.judging_has_ended()
