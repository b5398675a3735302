"""Reads of the mentor scheme that cross relations, and the one lookup per kind of thing that raises 404
when the signed-in person has no right to it, so a guessed id reveals nothing."""

from django.http import Http404

from mentoring.models import (
    Mentor,
    MentorOffer,
    MentorRequest,
    Mentorship,
    MentorshipStatus,
    OfferStatus,
    RequestStatus,
)


def request_for_requester(*, user, pk: int) -> MentorRequest:
    """A request for a mentor, to the person who made it only."""
    request = (
        MentorRequest.objects.select_related("requester__organisation", "innovation")
        .filter(pk=pk, requester_id=user.pk)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    return request


def offer_for_mentor(*, user, pk: int) -> MentorOffer:
    """An offer, to the mentor it was sent to only, once it has been sent (a queued one is not theirs
    to see yet)."""
    offer = (
        MentorOffer.objects.select_related("request__requester__organisation", "mentor__user")
        .filter(pk=pk, mentor__user_id=user.pk)
        .exclude(status=OfferStatus.QUEUED)
        .first()
    )
    if offer is None:
        raise Http404("No such request.")
    return offer


def mentorship_for_member(*, user, pk: int) -> Mentorship:
    """A mentorship, to its mentor and its mentee only."""
    mentorship = (
        Mentorship.objects.select_related("mentor__user__organisation", "mentee__organisation", "request")
        .filter(pk=pk)
        .first()
    )
    if mentorship is None or user.pk not in {mentorship.mentor.user_id, mentorship.mentee_id}:
        raise Http404("No such mentorship.")
    return mentorship


def mentor_dashboard(*, mentor: Mentor) -> dict:
    """What a mentor has on: requests waiting for their answer, and their mentorships."""
    offers = list(
        MentorOffer.objects.pending().filter(mentor=mentor).select_related("request__requester__organisation")
    )
    mentorships = list(
        Mentorship.objects.filter(mentor=mentor)
        .select_related("mentee__organisation")
        .order_by("-started_at")
    )
    return {
        "waiting": offers,
        "active": [m for m in mentorships if m.status == MentorshipStatus.ACTIVE],
        "ended": [m for m in mentorships if m.status != MentorshipStatus.ACTIVE],
    }


def mentee_overview(*, user) -> dict:
    """A requester's own requests and the mentorships they are mentored in."""
    return {
        "requests": list(MentorRequest.objects.filter(requester=user).exclude(status=RequestStatus.MATCHED)),
        "mentored": list(Mentorship.objects.filter(mentee=user).select_related("mentor__user__organisation")),
    }
