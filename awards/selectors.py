"""Reads of the award for its public pages."""

from dataclasses import dataclass

import rules
from django.db.models import Prefetch
from django.http import Http404

from awards.models import (
    Assignment,
    AssignmentStatus,
    Award,
    Decision,
    Nomination,
    NominationStatus,
    Round,
    Score,
)


def awards_with_rounds() -> list[Award]:
    return list(Award.objects.prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("-year"))))


def round_for_public(*, award: str, year: int) -> Round:
    round_ = (
        Round.objects.select_related("award")
        .prefetch_related("categories", "criteria")
        .filter(award__slug=award, year=year)
        .first()
    )
    if round_ is None:
        raise Http404("No such round.")
    return round_


def nomination_for_nominator(*, user, pk: int) -> Nomination:
    """A nomination, to the person who is writing it only (the rule awards.write_nomination; 404 for
    anyone else)."""
    nomination = (
        Nomination.objects.select_related("round__award", "category", "innovation__organisation", "decision")
        .prefetch_related("nominees__organisation", "statements", "round__criteria", "round__categories")
        .filter(pk=pk)
        .first()
    )
    if not rules.has_perm("awards.write_nomination", user, nomination):
        raise Http404("No such nomination.")
    return nomination


def nominations_of(*, user) -> list[Nomination]:
    return list(
        Nomination.objects.filter(nominator=user)
        .select_related("round__award", "category", "decision")
        .prefetch_related("nominees")
        .order_by("-updated_at")
    )


def assignment_for_judge(*, user, pk: int) -> Assignment:
    """An assignment, to its judge only and only while they have not stepped aside (404 otherwise: a
    conflicted judge never sees the nomination)."""
    assignment = (
        Assignment.objects.select_related(
            "nomination__round__award", "nomination__category", "nomination__innovation"
        )
        .prefetch_related(
            "scores",
            "nomination__nominees__organisation",
            "nomination__statements",
            "nomination__round__criteria",
        )
        .filter(pk=pk)
        .first()
    )
    if not rules.has_perm("awards.judge_nomination", user, assignment):
        raise Http404("No such nomination to judge.")
    return assignment


def other_scores(assignment: Assignment) -> list[dict]:
    """The other judges' scores of the same nomination, by criterion (shown once the judge's own are in)."""
    scores = (
        Score.objects.filter(
            assignment__nomination=assignment.nomination, assignment__status=AssignmentStatus.ACTIVE
        )
        .exclude(assignment=assignment)
        .select_related("assignment__judge")
        .order_by("assignment_id")
    )
    by_judge: dict[int, dict] = {}
    for score in scores:
        entry = by_judge.setdefault(score.assignment_id, {"judge": score.assignment.judge, "scores": {}})
        entry["scores"][score.criterion_id] = score
    return list(by_judge.values())


def announced_results(round_: Round) -> list[tuple[str, list]]:
    """The decisions of an announced round, by outcome: winners, highly commended, shortlisted."""
    decisions = list(
        Decision.objects.filter(nomination__round=round_, nomination__status=NominationStatus.SUBMITTED)
        .select_related("nomination__category", "nomination__innovation")
        .prefetch_related("nomination__nominees__organisation")
        .order_by("nomination__category__order", "nomination_id")
    )
    return [(label, [d for d in decisions if d.outcome == outcome]) for outcome, label in OUTCOME_HEADINGS]


OUTCOME_HEADINGS = [
    ("winner", "Winners"),
    ("highly_commended", "Highly commended"),
    ("shortlisted", "Shortlisted"),
]


@dataclass(frozen=True)
class CriterionScore:
    score: int
    comment: str


@dataclass
class JudgeScores:
    """One judge's scores of a nomination, for the central team: each criterion's score and comment, and
    their weighted score once every criterion is scored."""

    judge_name: str
    scores: dict  # criterion id -> CriterionScore
    weighted: float | None


def judges_scores(*, round_: Round, nomination_ids) -> dict[int, list[JudgeScores]]:
    """The active judges' scores and comments of these nominations (one query, read as plain values: the
    CSV of a round of 2,000 nominations reads 60,000 of them), by nomination."""
    criteria = list(round_.criteria.all())
    weights = sum(c.weight for c in criteria)
    rows = (
        Score.objects.filter(
            assignment__nomination_id__in=list(nomination_ids), assignment__status=AssignmentStatus.ACTIVE
        )
        .order_by("assignment__nomination_id", "assignment_id")
        .values_list(
            "assignment_id", "assignment__nomination_id", "assignment__judge__full_name",
            "assignment__judge__email", "criterion_id", "score", "comment", named=True,
        )
    )  # fmt: skip
    by_assignment: dict[int, JudgeScores] = {}
    by_nomination: dict[int, list[JudgeScores]] = {}
    for row in rows:
        entry = by_assignment.get(row.assignment_id)
        if entry is None:
            name = row.assignment__judge__full_name or row.assignment__judge__email
            entry = by_assignment[row.assignment_id] = JudgeScores(name, {}, None)
            by_nomination.setdefault(row.assignment__nomination_id, []).append(entry)
        entry.scores[row.criterion_id] = CriterionScore(row.score, row.comment)
    for entry in by_assignment.values():
        if criteria and all(c.pk in entry.scores for c in criteria):
            entry.weighted = sum(entry.scores[c.pk].score * c.weight for c in criteria) / weights
    return by_nomination
