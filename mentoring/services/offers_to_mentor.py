"""Offering to mentor: what an offer holds, saving it as a draft and sending it to the central team, a
Scaling Up Champion joining, and the rules every save of a mentor follows (`mentor_save`, used by the
review, availability and the import too)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from innovations.models import PolicyArea
from mentoring.models import JoinedBy, Mentor
from mentoring.services.directory import mentor_refresh
from mentoring.services.mentorships import invited_by
from mentoring.tasklist import offer_missing
from portal.core.emails import send_templated_email
from portal.core.slugs import reserved_by_urls, unique_slug
from portal.moderation.models import (
    EDITABLE_BY_SUBMITTER,
    Status,
    WorkflowError,
)
from portal.moderation.transitions import SUBMIT, transition

# What a mentor writes in their offer (their name, role and organisation are their account's).
OFFER_FIELDS = [
    "themes", "stages", "knows_organisation_types", "region", "formats", "capacity", "bio", "taking_mentees",
]  # fmt: skip


def mentor_for_user(user) -> Mentor | None:
    return Mentor.objects.filter(user=user).select_related("user__organisation").first()


def mentor_stamp(mentor: Mentor) -> None:
    """The rules every save of a mentor follows (services, admin, import): a slug from the name, the
    approval date, and the version raised on every change."""
    if not mentor.slug:
        mentor.slug = unique_slug(
            Mentor.objects.all(), mentor.user.full_name or "mentor", fallback="mentor",
            reserved=reserved_by_urls("mentors"),
        )  # fmt: skip
    if mentor.status == Status.PUBLISHED and mentor.published_at is None:
        mentor.published_at = timezone.now()
    if mentor.pk:
        mentor.version += 1


@transaction.atomic
def mentor_save(*, mentor: Mentor, policy_areas: Iterable[PolicyArea] | None = None) -> Mentor:
    mentor_stamp(mentor)
    mentor.full_clean(exclude=["user", "policy_areas"])
    mentor.save()
    if policy_areas is not None:
        mentor.policy_areas.set(policy_areas)
    mentor_refresh([mentor.pk])
    return mentor


@transaction.atomic
def mentor_save_offer(
    *, user, offer: dict, policy_areas: Iterable[PolicyArea], account: dict | None = None
) -> Mentor:
    """Keep what someone has written in their offer to mentor. A draft or an offer sent back stays as it
    is until submitted; an approved mentor's changed offer goes back to the central team, and leaves the
    directory until it is approved again."""
    mentor = Mentor.objects.select_for_update().filter(user=user).first()
    if mentor is None:
        inviter = invited_by(user)
        mentor = Mentor(
            user=user, joined_by=JoinedBy.INVITED if inviter else JoinedBy.OFFERED, brought_in_by=inviter
        )
    if account:
        for name, value in account.items():
            setattr(user, name, value)
        user.save(update_fields=[*account])
    for name in OFFER_FIELDS:
        if name in offer:
            setattr(mentor, name, offer[name])
    if mentor.capacity < mentor.active_mentees:
        raise WorkflowError(
            f"You mentor {mentor.active_mentees} people now: the number at once cannot be fewer than that."
        )
    resubmitted = mentor.status == Status.PUBLISHED
    if resubmitted:
        mentor.status = Status.SUBMITTED
        mentor.submitted_at = timezone.now()
    mentor_save(mentor=mentor, policy_areas=policy_areas)
    if resubmitted:
        _email_submitted(mentor, changed=True)
    return mentor


# What a champion confirms on joining: what they help with (with the policy areas). The rest of a new
# champion's profile is prefilled from their nomination.
CHAMPION_CONFIRMS = ["themes", "stages"]


@transaction.atomic
def mentor_join_as_champion(*, user, offer: dict, policy_areas: Iterable[PolicyArea], year: int) -> Mentor:
    """A Scaling Up Champion accepts the invitation to mentor: they join the directory at once, approved
    without a second review (the award's judges and the central team have looked at their work).
    `offer` is their profile prefilled from the nomination, with what they help with (`CHAMPION_CONFIRMS`
    and `policy_areas`) as they confirmed it. A new mentor's profile is `offer`; an existing mentor's
    takes what they confirmed and keeps the rest they wrote, with only missing answers filled in. Refused
    without a condition and a stage: a listed profile never helps with nothing, nor with more than was
    said. Either way the profile names them a champion of `year`."""
    mentor = Mentor.objects.select_for_update().filter(user=user).first()
    new = mentor is None
    if new:
        mentor = Mentor(user=user, joined_by=JoinedBy.CHAMPION)
    for name in OFFER_FIELDS:
        if name in offer and (new or name in CHAMPION_CONFIRMS or not getattr(mentor, name)):
            setattr(mentor, name, offer[name])
    if not (mentor.themes and mentor.stages):
        raise WorkflowError("Say which conditions for scaling up and which stages you can help with.")
    mentor.champion_year = max(year, mentor.champion_year or 0)
    mentor.status = Status.PUBLISHED
    mentor.review_message = ""
    mentor_save(mentor=mentor, policy_areas=policy_areas)
    return mentor


def mentor_submit(*, mentor: Mentor) -> Mentor:
    """Send an offer to the central team to review (the one moderation transition: a double submit is
    harmless)."""

    def complete(offer: Mentor) -> None:
        missing = offer_missing(offer)
        if missing:
            raise WorkflowError("Before sending your offer, add " + ", ".join(missing) + ".")

    def save(offer: Mentor) -> Mentor:
        offer.submitted_at = timezone.now()
        return mentor_save(mentor=offer)

    return transition(
        Mentor.objects.select_related("user"),
        mentor.pk,
        SUBMIT.but(
            done="Your offer has already been sent to the central team.",
            refused="Your offer has already been approved.",
        ),
        check=complete,
        save=save,
        notify=lambda offer: _email_submitted(offer, changed=False),
    )


def _email_submitted(mentor: Mentor, *, changed: bool) -> None:
    context = {"mentor": mentor, "changed": changed}
    send_templated_email(template="mentor_submitted", to=[mentor.user.email], context=context)
    send_templated_email(template="mentor_submitted_team", to=[settings.CENTRAL_TEAM_EMAIL], context=context)


def mentor_is_editable(mentor: Mentor | None) -> bool:
    return mentor is None or mentor.status in {*EDITABLE_BY_SUBMITTER, Status.PUBLISHED}
