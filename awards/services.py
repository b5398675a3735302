"""Every write to nominations that has a rule: starting one, saving its sections, submitting it (checking
that it is complete and eligible), changing or withdrawing it, always before the round closes."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    Criterion,
    Decision,
    Nomination,
    NominationStatus,
    Nominee,
    NomineeKind,
    Outcome,
    Round,
    Statement,
)
from awards.tasklist import nomination_problems
from portal.core.emails import send_templated_email
from portal.core.text import govuk_time, has_visible_text
from portal.moderation.models import AlreadyDone, WorkflowError
from portal.services import organisation_choose

MAX_TEAM = 6


def closed_message(round_: Round) -> str:
    closes = timezone.localtime(round_.closes_at)
    return (
        f"Nominations for the {round_} closed at {govuk_time(closes)} on {closes.day} {closes:%B %Y} (UK time): "
        "nominations can no longer be started, changed or withdrawn."
    )


def _check_open(round_: Round) -> None:
    if not round_.is_open():
        raise WorkflowError(closed_message(round_))


def nomination_start(*, round_: Round, user) -> Nomination:
    _check_open(round_)
    return Nomination.objects.create(round=round_, nominator=user)


def _check_editable(nomination: Nomination) -> None:
    _check_open(nomination.round)
    if nomination.status == NominationStatus.WITHDRAWN:
        raise WorkflowError("This nomination has been withdrawn.")


@transaction.atomic
def nomination_save_category(*, nomination: Nomination, category, kind: str, team_name: str) -> Nomination:
    """The category, and whether an individual or a team is nominated (with the team's name). Nothing
    of a team is lost by trying an individual: its members stay until the person is saved."""
    _check_editable(nomination)
    nomination.category, nomination.kind = category, kind
    if kind == NomineeKind.TEAM or team_name.strip():  # the team's name is kept while an individual is tried
        nomination.team_name = team_name.strip()
    nomination.save(update_fields=["category", "kind", "team_name", "updated_at"])
    return nomination


@transaction.atomic
def nomination_save_people(*, nomination: Nomination, user, people: list[dict]) -> Nomination:
    """Who is nominated: one person, or a team's members (up to six), each with their organisation."""
    _check_editable(nomination)
    most = MAX_TEAM if nomination.kind == NomineeKind.TEAM else 1
    if len(people) > most:
        raise WorkflowError(
            f"A team can have up to {MAX_TEAM} members" if most > 1 else "Give one person for an individual"
        )
    before = {email.lower() for email in nomination.nominees.values_list("email", flat=True)}
    nomination.nominees.all().delete()
    for order, person in enumerate(people):
        organisation = organisation_choose(
            name=person["organisation_name"], organisation_type=person["organisation_type"], user=user
        )
        Nominee.objects.create(
            nomination=nomination, name=person["name"].strip(), role=person["role"].strip(),
            organisation=organisation, email=person["email"].strip(), order=order,
        )  # fmt: skip
    Nomination.objects.filter(pk=nomination.pk).update(updated_at=timezone.now())
    if nomination.status == NominationStatus.SUBMITTED:  # someone added to a submitted nomination is told
        for nominee in nomination.nominees.all():
            if nominee.email.lower() not in before:
                _email_nominee(nomination, nominee)
    return nomination


def _email_nominee(nomination: Nomination, nominee: Nominee) -> None:
    send_templated_email(
        template="nomination_nominee",
        to=[nominee.email],
        context={"nomination": nomination, "nominee": nominee},
    )


@transaction.atomic
def nomination_save_nominees(
    *, nomination: Nomination, user, category, kind: str, team_name: str, people: list[dict]
) -> Nomination:
    """The category and who is nominated, in one go (the two pages' answers together)."""
    nomination_save_category(nomination=nomination, category=category, kind=kind, team_name=team_name)
    return nomination_save_people(nomination=nomination, user=user, people=people)


def nomination_save(*, nomination: Nomination, **fields) -> Nomination:
    """The innovation, the summary, the links or the relationship."""
    _check_editable(nomination)
    for name, value in fields.items():
        setattr(nomination, name, value.strip() if isinstance(value, str) else value)
    nomination.save(update_fields=[*fields, "updated_at"])
    return nomination


def statement_save(*, nomination: Nomination, criterion: Criterion, **parts) -> Statement:
    _check_editable(nomination)
    statement, _ = Statement.objects.get_or_create(nomination=nomination, criterion=criterion)
    for name, value in parts.items():
        setattr(statement, name, value.strip())
    if statement.words() > criterion.word_limit:
        raise WorkflowError(
            f"Your statement on {criterion.name.lower()} must be {criterion.word_limit} words or fewer in all: "
            f"it has {statement.words()}."
        )
    statement.save()
    Nomination.objects.filter(pk=nomination.pk).update(updated_at=timezone.now())
    return statement


@transaction.atomic
def nomination_submit(*, nomination: Nomination) -> Nomination:
    """Submit a complete, eligible nomination before the round closes; the nominator is sent a
    confirmation and each nominee a note."""
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("round__award", "nominator")
        .get(pk=nomination.pk)
    )
    if nomination.status == NominationStatus.SUBMITTED:
        raise AlreadyDone("This nomination has already been submitted.")
    _check_editable(nomination)
    problems = nomination_problems(nomination)
    if problems:
        raise WorkflowError(
            "This nomination cannot be submitted yet: " + "; ".join(p.message for p in problems) + "."
        )
    nomination.status, nomination.submitted_at = NominationStatus.SUBMITTED, timezone.now()
    nomination.save(update_fields=["status", "submitted_at", "updated_at"])
    url = f"{settings.SITE_URL}{reverse('awards:nomination', args=[nomination.pk])}"
    send_templated_email(
        template="nomination_submitted",
        to=[nomination.nominator.email],
        context={
            "nomination": nomination,
            "url": url,
            "closes": timezone.localtime(nomination.round.closes_at),
        },
    )
    for nominee in nomination.nominees.all():
        _email_nominee(nomination, nominee)
    return nomination


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination) -> Nomination:
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("round__award", "nominator")
        .get(pk=nomination.pk)
    )
    if nomination.status == NominationStatus.WITHDRAWN:
        raise AlreadyDone("This nomination has already been withdrawn.")
    if not nomination.can_be_withdrawn():
        raise WorkflowError(closed_message(nomination.round))
    was_submitted = nomination.status == NominationStatus.SUBMITTED
    nomination.status = NominationStatus.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    if was_submitted:
        send_templated_email(
            template="nomination_withdrawn",
            to=[nomination.nominator.email],
            context={"nomination": nomination},
        )
    return nomination


@transaction.atomic
def decision_record(*, nomination: Nomination, user, outcome: str, citation: str = "") -> Decision | None:
    """The central team's decision on a nomination (or "" to clear it), with who decided and when; a
    winner needs a citation. Refused while judging goes on (the scores are not all in) and once the winners
    are announced."""
    round_ = Round.objects.get(pk=nomination.round_id)  # read now: dates may have just changed
    if round_.results_are_public():
        raise WorkflowError("The winners have been announced: decisions can no longer be changed.")
    if not round_.is_deciding():
        ends = timezone.localtime(round_.judging_ends_at)
        raise WorkflowError(
            f"Decisions can be recorded once judging ends, at {govuk_time(ends)} on {ends.day} {ends:%B %Y} "
            "(UK time)."
        )
    if not outcome:
        Decision.objects.filter(nomination=nomination).delete()
        return None
    if outcome == Outcome.WINNER and not has_visible_text(citation):
        raise WorkflowError("Write the citation for a winner")
    decision, _ = Decision.objects.update_or_create(
        nomination=nomination,
        defaults={
            "outcome": outcome,
            "citation": citation.strip(),
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    return decision
