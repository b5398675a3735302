"""Inside a mentorship, for its mentor and mentee only: goals, the log of sessions, the next session
and its calendar event, private notes, the assessment against the conditions for scaling up,
feedback for the central team, ending it, and the mentor inviting their mentee to mentor."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from mentoring.models import (
    Assessment,
    Feedback,
    FeedbackMoment,
    Goal,
    Mentor,
    MentoringSession,
    Mentorship,
    MentorshipStatus,
    PrivateNote,
    Standing,
)
from mentoring.services.directory import mentor_refresh
from portal.core.emails import send_templated_email
from portal.core.vocabulary import Theme
from portal.moderation.models import AlreadyDone, WorkflowError


def _member_role(mentorship: Mentorship, user) -> str:
    if user.pk == mentorship.mentor.user_id:
        return "mentor"
    if user.pk == mentorship.mentee_id:
        return "mentee"
    raise WorkflowError("Only the mentor and the mentee take part in a mentorship.")


def _check_active(mentorship: Mentorship) -> None:
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise WorkflowError("This mentorship has ended.")


def goal_add(*, mentorship: Mentorship, user, text: str) -> Goal:
    _member_role(mentorship, user)
    _check_active(mentorship)
    return Goal.objects.create(mentorship=mentorship, text=text.strip(), created_by=user)


def goal_set_done(*, goal: Goal, user, done: bool) -> Goal:
    _member_role(goal.mentorship, user)
    _check_active(goal.mentorship)
    goal.done_at = timezone.now() if done else None
    goal.save(update_fields=["done_at"])
    return goal


def session_record(
    *, mentorship: Mentorship, user, held_on, summary: str, actions: str = ""
) -> MentoringSession:
    """Either side records a session. After the first, both are asked for short feedback."""
    _member_role(mentorship, user)
    _check_active(mentorship)
    first = not mentorship.sessions.exists()
    session = MentoringSession.objects.create(
        mentorship=mentorship,
        held_on=held_on,
        summary=summary.strip(),
        actions=actions.strip(),
        recorded_by=user,
    )
    if first:
        for person in [mentorship.mentor.user, mentorship.mentee]:
            send_templated_email(
                template="mentorship_feedback_asked",
                to=[person.email],
                context={"mentorship": mentorship, "person": person, "moment": FeedbackMoment.FIRST_SESSION},
            )
    return session


@transaction.atomic
def next_session_set(*, mentorship: Mentorship, user, at, place: str) -> Mentorship:
    """Arrange the next session, or move the one arranged: moving a session still ahead keeps its
    calendar event (the same UID, the next SEQUENCE); one arranged after the last has taken place is a
    new event."""
    _member_role(mentorship, user)
    mentorship = Mentorship.objects.select_for_update(of=("self",), no_key=True).get(pk=mentorship.pk)
    _check_active(mentorship)
    place = place.strip()
    ahead = mentorship.next_session_at is not None and mentorship.next_session_at > timezone.now()
    if ahead and mentorship.next_session_uid:
        if (mentorship.next_session_at, mentorship.next_session_place) != (at, place):
            mentorship.next_session_sequence += 1
    else:
        mentorship.next_session_uid = f"mentorship-{mentorship.pk}-{uuid.uuid4().hex}@{_calendar_host()}"
        mentorship.next_session_sequence = 0
    mentorship.next_session_at, mentorship.next_session_place = at, place
    mentorship.save(
        update_fields=["next_session_at", "next_session_place", "next_session_uid", "next_session_sequence"]
    )
    return mentorship


def _calendar_host() -> str:
    return settings.SITE_NAME.replace(" ", "-").lower()


def session_calendar(mentorship: Mentorship, *, cancelled: bool = False) -> bytes:
    """The next session as an iCalendar event both sides can add to their calendars; `cancelled`, the
    same event cancelled (its SEQUENCE one higher), which removes it from the calendars holding it."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Mentoring//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", mentorship.next_session_uid)
    event.add("sequence", mentorship.next_session_sequence + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", mentorship.next_session_at)
    event.add("dtend", mentorship.next_session_at + timedelta(hours=1))
    event.add("summary", f"Mentoring: {mentorship.mentor.name} and {mentorship.mentee.get_full_name()}")
    event.add("description", f"{settings.SITE_URL}{reverse('mentoring:mentorship', args=[mentorship.pk])}")
    if mentorship.next_session_place:
        event.add("location", vText(mentorship.next_session_place))
    for person in [mentorship.mentor.user, mentorship.mentee]:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.get_full_name())
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def note_add(*, mentorship: Mentorship, user, text: str) -> PrivateNote:
    _member_role(mentorship, user)
    return PrivateNote.objects.create(mentorship=mentorship, author=user, text=text.strip())


def assessment_record(*, mentorship: Mentorship, user, standings: dict, support_agreed: str) -> Assessment:
    """A new assessment of the idea against the eight conditions, while the mentorship goes on; earlier
    ones are kept, to show change."""
    _member_role(mentorship, user)
    _check_active(mentorship)
    clean = {}
    for code in Theme.values:
        entry = standings.get(code) or {}
        if entry.get("standing") in Standing.values:
            clean[code] = {"standing": entry["standing"], "note": (entry.get("note") or "").strip()[:500]}
    if not clean:
        raise WorkflowError("Say where the idea stands on at least one condition.")
    return Assessment.objects.create(
        mentorship=mentorship, recorded_by=user, standings=clean, support_agreed=support_agreed.strip()
    )


def feedback_give(*, mentorship: Mentorship, user, moment: str, rating: int, comments: str = "") -> Feedback:
    """One side's feedback for the central team, once per moment; the other side never sees it."""
    _member_role(mentorship, user)
    feedback, created = Feedback.objects.get_or_create(
        mentorship=mentorship,
        author=user,
        moment=moment,
        defaults={"rating": rating, "comments": comments.strip()},
    )
    if not created:
        raise AlreadyDone("You have already given this feedback. Thank you.")
    return feedback


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, user, completed: bool, reason: str = "") -> Mentorship:
    """Either side ends the mentorship, completed or early (with a reason). The mentor has room again;
    both are asked for feedback."""
    Mentor.objects.select_for_update(no_key=True).filter(pk=mentorship.mentor_id).values_list("pk").first()
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",), no_key=True)
        .select_related("mentor__user", "mentee")
        .get(pk=mentorship.pk)
    )
    _member_role(mentorship, user)
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise AlreadyDone("This mentorship has already ended.")
    if not completed and not reason.strip():
        raise WorkflowError("Say why the mentorship is ending early.")
    mentorship.status = MentorshipStatus.COMPLETED if completed else MentorshipStatus.ENDED_EARLY
    mentorship.ended_at, mentorship.end_reason = timezone.now(), reason.strip()
    cancelled, session_at = None, mentorship.next_session_at
    if session_at and session_at > mentorship.ended_at:
        cancelled = (  # the session ahead leaves both calendars
            f"mentoring-session-{mentorship.pk}-cancelled.ics",
            session_calendar(mentorship, cancelled=True).decode(),
            "text/calendar",
        )
    mentorship.next_session_at, mentorship.next_session_uid = None, ""
    mentorship.save(update_fields=["status", "ended_at", "end_reason", "next_session_at", "next_session_uid"])
    Mentor.objects.filter(pk=mentorship.mentor_id).update(active_mentees=F("active_mentees") - 1)
    mentor_refresh([mentorship.mentor_id])
    for person in [mentorship.mentor.user, mentorship.mentee]:
        send_templated_email(
            template="mentorship_ended",
            to=[person.email],
            context={
                "mentorship": mentorship,
                "person": person,
                "ended_by": user,
                "cancelled_session_at": session_at if cancelled else None,
            },  # fmt: skip
            attachments=[cancelled] if cancelled else [],
        )
    return mentorship


def mentorship_invite_mentee(*, mentorship: Mentorship, user) -> Mentorship:
    """At the end, the mentor invites the mentee to offer mentoring in turn; their offer will record who
    brought them in."""
    if user.pk != mentorship.mentor.user_id:
        raise WorkflowError("Only the mentor invites their mentee to mentor.")
    if mentorship.status == MentorshipStatus.ACTIVE:
        raise WorkflowError("Invite your mentee to mentor once the mentorship has ended.")
    if mentorship.invited_to_mentor_at:
        raise AlreadyDone("You have already invited them. Thank you.")
    if Mentor.objects.filter(user=mentorship.mentee).exists():
        raise WorkflowError(f"{mentorship.mentee.get_full_name()} has already offered to mentor.")
    mentorship.invited_to_mentor_at = timezone.now()
    mentorship.save(update_fields=["invited_to_mentor_at"])
    send_templated_email(
        template="mentee_invited_to_mentor", to=[mentorship.mentee.email], context={"mentorship": mentorship}
    )
    return mentorship


def invited_by(user):
    """The mentor who most recently invited this person to mentor, if any."""
    mentorship = (
        Mentorship.objects.filter(mentee=user, invited_to_mentor_at__isnull=False)
        .select_related("mentor__user")
        .order_by("-invited_to_mentor_at")
        .first()
    )
    return mentorship.mentor.user if mentorship else None
