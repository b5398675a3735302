"""The central team's review of offers to mentor: approve, send back with a message, archive."""

from __future__ import annotations

from django.db import transaction

from mentoring.models import Mentor
from mentoring.services.offers_to_mentor import mentor_save
from portal.core.emails import send_templated_email
from portal.moderation.models import AlreadyDone, Status, WorkflowError, check_transition


@transaction.atomic
def mentor_approve(*, mentor: Mentor) -> Mentor:
    """The central team approves an offer: the mentor joins the directory and is told."""
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if mentor.status == Status.PUBLISHED:
        raise AlreadyDone(f"{mentor.name} is already approved.")
    check_transition(mentor.status, Status.PUBLISHED)
    mentor.status = Status.PUBLISHED
    mentor.review_message = ""
    mentor_save(mentor=mentor)
    send_templated_email(template="mentor_approved", to=[mentor.user.email], context={"mentor": mentor})
    return mentor


@transaction.atomic
def mentor_send_back(*, mentor: Mentor, message: str) -> Mentor:
    """The central team asks for changes to an offer, saying what; the mentor is emailed the message."""
    if not message.strip():
        raise WorkflowError("Say what needs to change: the mentor is emailed this message.")
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    check_transition(
        mentor.status, Status.CHANGES_REQUESTED, message=f"{mentor.name}'s offer is not waiting for review."
    )
    mentor.status = Status.CHANGES_REQUESTED
    mentor.review_message = message.strip()
    mentor_save(mentor=mentor)
    send_templated_email(template="mentor_sent_back", to=[mentor.user.email], context={"mentor": mentor})
    return mentor


@transaction.atomic
def mentor_archive(*, mentor: Mentor) -> Mentor:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    check_transition(mentor.status, Status.ARCHIVED)
    mentor.status = Status.ARCHIVED
    mentor_save(mentor=mentor)
    return mentor
