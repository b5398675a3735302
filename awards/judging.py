"""Judging a round: assigning judges to nominations (k each, balancing load, never a judge with a conflict
of interest), judges stepping aside from a conflict (and the gap filled), and scores, which can be
changed only while the round is being judged.

A conflict is automatic when the judge works for a nominee's organisation or the nominator's, is the
nominator, or is nominated; a judge can declare any other. A conflicted judge never sees or scores the
nomination: their assignment is kept, marked, so that no reassignment gives it back to them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    SCORES,
    Assignment,
    AssignmentStatus,
    Judge,
    Nomination,
    NominationStatus,
    Round,
    Score,
)
from portal.core.emails import send_templated_email
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


@dataclass
class Shortfall:
    """A nomination left with fewer judges than the round asks for: too few are free of conflicts."""

    nomination: Nomination
    judges: int
    needed: int

    def __str__(self) -> str:
        return f"{self.nomination.nominee_names() or f'nomination {self.nomination.pk}'} ({self.judges} of {self.needed})"


@dataclass
class AssignResult:
    made: int = 0
    short: list[Shortfall] = field(default_factory=list)


@transaction.atomic
def judges_assign(*, round_: Round, nominations=None) -> AssignResult:
    """Give each submitted nomination (or those given) enough judges to have the round's number, choosing
    the least-loaded judges without a conflict who have not had it before. Each judge given nominations
    is emailed once with how many and where to score them. Returns how many assignments it made and the
    nominations left short because too few judges are free of conflicts."""
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
    result = AssignResult()
    given: dict[int, list[Nomination]] = {}
    for nomination in queryset:
        had = {a.judge_id for a in nomination.assignments.all()}
        active = sum(1 for a in nomination.assignments.all() if a.status == AssignmentStatus.ACTIVE)
        free = [j for j in judges if j.pk not in had and not conflict_of(j, nomination)]
        free.sort(key=lambda judge: (load[judge.pk], judge.pk))
        chosen = free[: max(round_.judges_per_nomination - active, 0)]
        for judge in chosen:
            Assignment.objects.create(nomination=nomination, judge=judge)
            load[judge.pk] += 1
            given.setdefault(judge.pk, []).append(nomination)
            result.made += 1
        if active + len(chosen) < round_.judges_per_nomination:
            result.short.append(Shortfall(nomination, active + len(chosen), round_.judges_per_nomination))
    for judge in judges:
        if judge.pk in given:
            _email_given(round_, judge, given[judge.pk])
    return result


def _queue_url() -> str:
    return f"{settings.SITE_URL}{reverse('awards:queue')}"


def _email_given(round_: Round, judge, nominations: list[Nomination]) -> None:
    send_templated_email(
        template="judge_given_nominations",
        to=[judge.email],
        context={
            "round": round_,
            "judge": judge,
            "count": len(nominations),
            "url": _queue_url(),
            "scoring_open": round_.is_judging(),
        },
    )


def judge_appointed(*, judge: Judge) -> None:
    """Tell someone the central team has appointed them a judge of a round, and where their judging is."""
    send_templated_email(
        template="judge_appointed",
        to=[judge.user.email],
        context={"round": judge.round, "judge": judge.user, "url": _queue_url()},
    )


def assignment_add(*, nomination: Nomination, judge) -> Assignment:
    """The central team gives a nomination to a judge by hand; refused, with the reason, on a conflict."""
    reason = conflict_of(judge, nomination)
    if reason:
        raise WorkflowError(f"{judge.get_full_name()} has a conflict of interest: {reason}")
    assignment, created = Assignment.objects.get_or_create(nomination=nomination, judge=judge)
    if created:
        _email_given(nomination.round, judge, [nomination])
    return assignment


def _check_not_ended(round_: Round, message: str) -> None:
    if round_.judging_has_ended():
        raise WorkflowError(message)


@transaction.atomic
def conflict_declare(*, assignment: Assignment, reason: str) -> bool:
    """A judge steps aside from a nomination, while judging goes on: their scores of it go, and another
    judge is given it in their place. Returns whether one was; if none is free of conflicts the
    central team is told the nomination is short. The assignment's row is locked, as `scores_save`
    locks it, so scores sent at the same moment never survive the step aside."""
    if not reason.strip():
        raise WorkflowError("Say what the conflict of interest is")
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("nomination__round__award")
        .get(pk=assignment.pk)
    )
    if assignment.status == AssignmentStatus.CONFLICTED:
        raise AlreadyDone("You have already stepped aside from this nomination.")
    round_ = assignment.nomination.round
    _check_not_ended(
        round_,
        "Judging has ended: you can no longer step aside, and your scores stand. "
        f"If you have a conflict of interest, tell the central team at {settings.CENTRAL_TEAM_EMAIL}.",
    )
    assignment.status, assignment.conflict_reason = AssignmentStatus.CONFLICTED, reason.strip()
    assignment.save(update_fields=["status", "conflict_reason"])
    assignment.scores.all().delete()
    result = judges_assign(round_=round_, nominations=[assignment.nomination])
    if result.short:
        send_templated_email(
            template="judges_short_team",
            to=[settings.CENTRAL_TEAM_EMAIL],
            context={"round": round_, "short": result.short},
        )
    return result.made > 0


@transaction.atomic
def scores_save(*, assignment: Assignment, scores: dict[int, tuple[int, str]]) -> None:
    """A judge's scores for the criteria given (criterion id -> score, comment), while the round is being
    judged; refused before the close, after judging ends, and once the judge has stepped aside (read
    under the assignment's lock, so a step aside sent at the same moment wins or waits)."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("nomination__round")
        .get(pk=assignment.pk)
    )
    round_ = assignment.nomination.round
    if round_.judging_has_ended():
        raise WorkflowError("Judging has ended: scores can no longer be changed.")
    if not round_.is_judging():
        raise WorkflowError("Scoring opens when nominations close.")
    if assignment.status != AssignmentStatus.ACTIVE:
        raise WorkflowError("You have stepped aside from this nomination.")
    criteria = {c.pk for c in round_.criteria.all()}
    for criterion_id, (score, comment) in scores.items():
        if criterion_id not in criteria or score not in SCORES:
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


def judges_remind(*, now=None) -> int:
    """Email each judge of a round whose judging ends within `JUDGE_REMINDER_DAYS` the nominations they
    have not yet scored in full, with the deadline; once per judge and round (safe to rerun from cron).
    Returns how many judges were reminded."""
    now = now or timezone.now()
    rounds = (
        Round.objects.judging(now)
        .filter(judging_ends_at__lte=now + timedelta(days=settings.JUDGE_REMINDER_DAYS))
        .select_related("award")
    )
    reminded = 0
    for round_ in rounds:
        criteria = round_.criteria.count()
        for judge in Judge.objects.filter(round=round_, reminded_at__isnull=True).select_related("user"):
            with transaction.atomic():
                if not Judge.objects.select_for_update(skip_locked=True).filter(
                    pk=judge.pk, reminded_at__isnull=True
                ):
                    continue
                unscored = [
                    a.nomination
                    for a in Assignment.objects.filter(
                        judge=judge.user, nomination__round=round_, status=AssignmentStatus.ACTIVE
                    )
                    .annotate(scored=Count("scores"))
                    .select_related("nomination")
                    .prefetch_related("nomination__nominees")
                    .order_by("nomination__submitted_at", "pk")
                    if a.scored < criteria
                ]
                Judge.objects.filter(pk=judge.pk).update(reminded_at=now)
                if unscored:
                    send_templated_email(
                        template="judge_reminder",
                        to=[judge.user.email],
                        context={
                            "round": round_,
                            "judge": judge.user,
                            "unscored": unscored,
                            "url": _queue_url(),
                        },
                    )
                    reminded += 1
    return reminded
