"""The central team's review of offers to mentor: approve, send back with a message, archive, each the one
moderation transition (portal.moderation.transitions)."""

from __future__ import annotations

from mentoring.models import Mentor
from mentoring.services.offers_to_mentor import mentor_save
from portal.core.emails import send_templated_email
from portal.moderation.transitions import ARCHIVE, PUBLISH, SEND_BACK, transition


def _save(mentor: Mentor) -> Mentor:
    return mentor_save(mentor=mentor)


def _email(template: str):
    return lambda mentor: send_templated_email(
        template=template, to=[mentor.user.email], context={"mentor": mentor}
    )


def mentor_approve(*, mentor: Mentor) -> Mentor:
    """The central team approves an offer: the mentor joins the directory and is told."""
    return transition(
        Mentor.objects.select_related("user"),
        mentor.pk,
        PUBLISH.but(done=f"{mentor.name} is already approved."),
        save=_save,
        notify=_email("mentor_approved"),
    )


def mentor_send_back(*, mentor: Mentor, message: str) -> Mentor:
    """The central team asks for changes to an offer, saying what; the mentor is emailed the message."""
    return transition(
        Mentor.objects.select_related("user"),
        mentor.pk,
        SEND_BACK.but(
            done=f"{mentor.name}'s offer is not waiting for review.",
            refused=f"{mentor.name}'s offer is not waiting for review.",
            needs_message="Say what needs to change: the mentor is emailed this message.",
        ),
        message=message,
        save=_save,
        notify=_email("mentor_sent_back"),
    )


def mentor_archive(*, mentor: Mentor) -> Mentor:
    """The central team takes a mentor out of the pool, keeping their record."""
    return transition(
        Mentor.objects.select_related("user"),
        mentor.pk,
        ARCHIVE.but(done=f"{mentor.name} is already archived."),
        save=_save,
    )
