"""Reads of the mentor scheme that cross relations, and the one lookup per kind of thing that raises 404
when the signed-in person has no right to it, so a guessed id reveals nothing."""

import rules
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from mentoring.filters import MenteeFilter
from mentoring.models import (
    WAITING_FOR,
    Feedback,
    FeedbackMoment,
    Mentor,
    MentorOffer,
    MentorRequest,
    Mentorship,
    MentorshipStatus,
    PrivateNote,
    RequestStatus,
)
from portal.models import User


def request_for_requester(*, user, pk: int) -> MentorRequest:
    """A request for a mentor, to the person who made it only (the rule mentoring.follow_request)."""
    request = (
        MentorRequest.objects.select_related("requester__organisation", "innovation").filter(pk=pk).first()
    )
    if not rules.has_perm("mentoring.follow_request", user, request):
        raise Http404("No such request.")
    return request


def mentor_asked_for(*, slug: str | None) -> Mentor | None:
    """The mentor someone asked for by name ("Ask this mentor"), if they are in the directory."""
    if not slug:
        return None
    return Mentor.objects.findable().select_related("user").filter(slug=slug).first()


def offer_for_mentor(*, user, pk: int) -> MentorOffer:
    """An offer, to the mentor it was sent to only, once it has been sent: one queued, or withdrawn
    before its turn came, is never theirs to see."""
    offer = (
        MentorOffer.objects.select_related("request__requester__organisation", "mentor__user")
        .filter(pk=pk)
        .first()
    )
    if not rules.has_perm("mentoring.answer_offer", user, offer):
        raise Http404("No such request.")
    return offer


def mentorship_for_member(*, user, pk: int) -> Mentorship:
    """A mentorship, to its mentor and its mentee only (the rule mentoring.take_part)."""
    mentorship = (
        Mentorship.objects.select_related("mentor__user__organisation", "mentee__organisation", "request")
        .filter(pk=pk)
        .first()
    )
    if not rules.has_perm("mentoring.take_part", user, mentorship):
        raise Http404("No such mentorship.")
    return mentorship


def is_member_email(*, mentorship: Mentorship, email: str) -> bool:
    """Whether `email` (any case) is an address of the mentor's or the mentee's account."""
    email = email.strip()
    return (
        User.objects.filter(pk__in=[mentorship.mentor.user_id, mentorship.mentee_id])
        .filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .exists()
    )


def mentor_dashboard(*, mentor: Mentor, params=None) -> dict:
    """What a mentor has on: requests waiting for their answer (with their age), and their mentees,
    filtered as asked, with progress and what needs attention."""
    offers = list(
        MentorOffer.objects.pending().filter(mentor=mentor).select_related("request__requester__organisation")
    )
    now, today = timezone.now(), timezone.localdate()
    for offer in offers:
        offer.needs_attention = bool(offer.sent_at and now - offer.sent_at > WAITING_FOR)
        offer.asked_days = (today - timezone.localdate(offer.sent_at)).days if offer.sent_at else 0
    mentees = MenteeFilter(params or None, queryset=Mentorship.objects.filter(mentor=mentor).with_progress())
    rows = list(mentees.qs.order_by("status", "-started_at"))
    return {
        "waiting": offers,
        "mentees": rows,
        "mentee_filter": mentees,
        "filtered": bool(params),
        "has_mentees": bool(rows) or (bool(params) and Mentorship.objects.filter(mentor=mentor).exists()),
    }


def mentee_overview(*, user) -> dict:
    """A requester's own requests and the mentorships they are mentored in."""
    return {
        "requests": list(MentorRequest.objects.filter(requester=user).exclude(status=RequestStatus.MATCHED)),
        "mentored": list(Mentorship.objects.filter(mentee=user).select_related("mentor__user__organisation")),
    }


def feedback_given(*, mentorship: Mentorship, user, moment: str) -> Feedback | None:
    """The feedback this person has already given at this moment of the mentorship, if any."""
    return Feedback.objects.filter(mentorship=mentorship, author=user, moment=moment).first()


def mentorship_page(*, mentorship: Mentorship, user) -> dict:
    """Everything the mentorship page shows the person reading it: a fixed number of queries. Private
    notes are the reader's own only; feedback is never shown, only whether the reader still owes some."""
    goals = list(mentorship.goals.all())
    sessions = list(mentorship.sessions.all())
    assessments = list(mentorship.assessments.all())
    latest, first = (assessments[0], assessments[-1]) if assessments else (None, None)
    given = set(Feedback.objects.filter(mentorship=mentorship, author=user).values_list("moment", flat=True))
    feedback_due = []
    if sessions and FeedbackMoment.FIRST_SESSION not in given:
        feedback_due.append(FeedbackMoment.FIRST_SESSION)
    if mentorship.status != MentorshipStatus.ACTIVE and FeedbackMoment.END not in given:
        feedback_due.append(FeedbackMoment.END)
    supports = list(mentorship.employer_support.select_related("person"))
    rows = latest.rows() if latest else []
    if first is not None and first.pk != latest.pk:
        before = {row["theme"]: row for row in first.rows()}
        for row in rows:
            row["before"] = before[row["theme"]]["standing_label"]
    return {
        "mentorship": mentorship,
        "is_mentor": mentorship.mentor.user_id == user.pk,
        "goals": goals,
        "goals_done": sum(1 for goal in goals if goal.done_at),
        "sessions": sessions,
        "assessment": latest,
        "assessment_rows": rows,
        "assessment_changed": first is not None and first.pk != latest.pk,
        "first_assessment": first,
        "updated_same_day": first is not None
        and timezone.localdate(first.created_at) == timezone.localdate(latest.created_at),
        "notes": list(PrivateNote.objects.filter(mentorship=mentorship, author=user)),
        "supports": supports,
        "own_support": next((s for s in supports if s.person_id == user.pk), None),
        "feedback_due": [(moment, FeedbackMoment(moment).label) for moment in feedback_due],
        "active": mentorship.status == MentorshipStatus.ACTIVE,
    }
