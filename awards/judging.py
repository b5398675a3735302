"""Judging a round: assigning judges to nominations (k each, balancing load, never a judge with a conflict
of interest), judges stepping aside from a conflict (and the gap filled), and scores, which can be
changed only while the round is being judged.

A conflict is automatic when the judge works for a nominee's organisation or the nominator's, is the
nominator, or is nominated; a judge can declare any other. A conflicted judge never sees or scores the
nomination: their assignment is kept, marked, so that no reassignment gives it back to them."""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from awards.models import (
    Assignment,
    AssignmentStatus,
    Judge,
    Nomination,
    NominationStatus,
    Round,
    RoundState,
    Score,
)
from portal.moderation.models import AlreadyDone, WorkflowError


def conflict_of(judge, nomination: Nomination) -> str:
    """Why `judge` may not judge `nomination`, in words, or "" when they may."""
    if judge.pk == nomination.nominator_id:
        return "You made this nomination."
    nominees = list(nomination.nominees.all())
    if any(n.email.lower() == judge.email.lower() for n in nominees):
        return "You are nominated."
    if judge.organisation_id is not None:
        for nominee in nominees:
            if nominee.organisation_id == judge.organisation_id:
                return f"You work for {nominee.organisation.name}, where a nominee works."
        if nomination.nominator.organisation_id == judge.organisation_id:
            return f"You work for {nomination.nominator.organisation.name}, where the nominator works."
    return ""


@transaction.atomic
def judges_assign(*, round_: Round, nominations=None) -> int:
    """Give each submitted nomination (or those given) enough judges to have the round's number, choosing
    the least-loaded judges without a conflict who have not had it before. Returns how many assignments
    it made; a nomination may be left short when too few judges are free of conflicts."""
    judges = [j.user for j in Judge.objects.filter(round=round_).select_related("user__organisation")]
    load = Counter(
        Assignment.objects.filter(nomination__round=round_, status=AssignmentStatus.ACTIVE).values_list(
            "judge_id", flat=True
        )
    )
    queryset = (
        Nomination.objects.filter(round=round_, status=NominationStatus.SUBMITTED)
        .select_related("nominator__organisation")
        .prefetch_related("nominees__organisation", "assignments")
        .order_by("submitted_at", "pk")
    )
    if nominations is not None:
        queryset = queryset.filter(pk__in=[n.pk for n in nominations])
    made = 0
    for nomination in queryset:
        had = {a.judge_id for a in nomination.assignments.all()}
        active = sum(1 for a in nomination.assignments.all() if a.status == AssignmentStatus.ACTIVE)
        free = [j for j in judges if j.pk not in had and not conflict_of(j, nomination)]
        free.sort(key=lambda judge: (load[judge.pk], judge.pk))
        for judge in free[: max(round_.judges_per_nomination - active, 0)]:
            Assignment.objects.create(nomination=nomination, judge=judge)
            load[judge.pk] += 1
            made += 1
    return made


def assignment_add(*, nomination: Nomination, judge) -> Assignment:
    """The central team gives a nomination to a judge by hand; refused, with the reason, on a conflict."""
    reason = conflict_of(judge, nomination)
    if reason:
        raise WorkflowError(f"{judge.get_full_name()} has a conflict of interest: {reason}")
    assignment, _ = Assignment.objects.get_or_create(nomination=nomination, judge=judge)
    return assignment


@transaction.atomic
def conflict_declare(*, assignment: Assignment, reason: str) -> Assignment:
    """A judge steps aside from a nomination; another judge is given it in their place."""
    if not reason.strip():
        raise WorkflowError("Say what the conflict of interest is")
    assignment = (
        Assignment.objects.select_for_update().select_related("nomination__round").get(pk=assignment.pk)
    )
    if assignment.status == AssignmentStatus.CONFLICTED:
        raise AlreadyDone("You have already stepped aside from this nomination.")
    assignment.status, assignment.conflict_reason = AssignmentStatus.CONFLICTED, reason.strip()
    assignment.save(update_fields=["status", "conflict_reason"])
    assignment.scores.all().delete()
    judges_assign(round_=assignment.nomination.round, nominations=[assignment.nomination])
    return assignment


@transaction.atomic
def scores_save(*, assignment: Assignment, scores: dict[int, tuple[int, str]]) -> None:
    """A judge's scores for the criteria given (criterion id -> score, comment), while the round is being
    judged; refused before the close and after judging ends."""
    round_ = assignment.nomination.round
    state = round_.state()
    if state != RoundState.JUDGING:
        if state in {RoundState.UPCOMING, RoundState.OPEN}:
            raise WorkflowError("Scoring opens when nominations close.")
        raise WorkflowError("Judging has ended: scores can no longer be changed.")
    if assignment.status != AssignmentStatus.ACTIVE:
        raise WorkflowError("You have stepped aside from this nomination.")
    criteria = {c.pk for c in round_.criteria.all()}
    for criterion_id, (score, comment) in scores.items():
        if criterion_id not in criteria or not 1 <= score <= 5:
            raise WorkflowError("Score each criterion from 1 to 5.")
        Score.objects.update_or_create(
            assignment=assignment,
            criterion_id=criterion_id,
            defaults={"score": score, "comment": comment.strip()},
        )


def scored_in_full(assignment: Assignment) -> bool:
    """Whether the judge has scored every criterion: only then are the other judges' scores shown."""
    scored = {s.criterion_id for s in assignment.scores.all()}
    return all(c.pk in scored for c in assignment.nomination.round.criteria.all())
