"""The next session as a calendar event: dates a calendar can hold, one event per session however often
it is moved (the same UID, a higher SEQUENCE), cancelled in both calendars when the mentorship ends; and
sessions recorded only for dates the mentorship was under way."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from mentoring.models import MentoringSession, Mentorship
from tests.mentoring.test_mentorships import pair, url  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def arrange(client, mentorship, when, time="14:30", place="Online"):
    data = {
        "date": when.strftime("%d %m %Y") if hasattr(when, "strftime") else when,
        "time": time,
        "place": place,
    }
    return client.post(url(mentorship, "next-session/"), data)


def event_of(ics: bytes):
    calendar = Calendar.from_ical(ics)
    return calendar, next(c for c in calendar.walk() if c.name == "VEVENT")


def test_a_next_session_far_ahead_is_refused_next_to_the_date(pair):  # noqa: F811
    mentorship, clients = pair
    response = arrange(clients["mentor"], mentorship, "31 12 9999", "23:30")
    html = response.content.decode()
    limit = timezone.localdate() + timedelta(days=365)
    message = f"The next session must be within a year, on or before {limit.day} {limit:%B %Y}"
    assert html.count(message) == 2  # next to the date and in the error summary
    assert Mentorship.objects.get(pk=mentorship.pk).next_session_at is None
    assert arrange(clients["mentor"], mentorship, limit).status_code == 302
    assert clients["mentee"].get(url(mentorship, "next-session.ics")).status_code == 200


def test_moving_the_next_session_keeps_its_event_and_raises_its_sequence(pair):  # noqa: F811
    mentorship, clients = pair
    arrange(clients["mentor"], mentorship, timezone.localdate() + timedelta(days=7))
    _calendar, first = event_of(clients["mentee"].get(url(mentorship, "next-session.ics")).content)
    arrange(clients["mentee"], mentorship, timezone.localdate() + timedelta(days=9), "10:00")
    _calendar, moved = event_of(clients["mentor"].get(url(mentorship, "next-session.ics")).content)
    assert str(moved["uid"]) == str(first["uid"])
    assert (first["sequence"], moved["sequence"]) == (0, 1)
    assert timezone.localtime(moved.decoded("dtstart")).strftime("%H:%M") == "10:00"
    # Once it has taken place, the next one arranged is a new event.
    Mentorship.objects.filter(pk=mentorship.pk).update(next_session_at=timezone.now() - timedelta(hours=2))
    arrange(clients["mentor"], mentorship, timezone.localdate() + timedelta(days=30))
    _calendar, following = event_of(clients["mentee"].get(url(mentorship, "next-session.ics")).content)
    assert str(following["uid"]) != str(first["uid"]) and following["sequence"] == 0


def test_ending_the_mentorship_cancels_the_next_session_in_both_calendars(pair):  # noqa: F811
    mentorship, clients = pair
    arrange(clients["mentor"], mentorship, timezone.localdate() + timedelta(days=7))
    arrange(clients["mentor"], mentorship, timezone.localdate() + timedelta(days=8))
    _calendar, arranged = event_of(clients["mentee"].get(url(mentorship, "next-session.ics")).content)
    mail.outbox.clear()
    clients["mentee"].post(url(mentorship, "end/"), {"outcome": "completed"})
    ended = [m for m in mail.outbox if "has ended" in m.subject]
    assert sorted(m.to[0] for m in ended) == ["ed@example.org", "mina@example.org"]
    for message in ended:
        [(filename, content, mimetype)] = message.attachments
        assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
        calendar, event = event_of(content.encode() if isinstance(content, str) else content)
        assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
        assert str(event["uid"]) == str(arranged["uid"]) and event["sequence"] > arranged["sequence"]
        assert "cancelled" in message.body


def test_ending_with_no_session_ahead_sends_no_cancellation(pair):  # noqa: F811
    mentorship, clients = pair
    clients["mentee"].post(url(mentorship, "end/"), {"outcome": "completed"})
    ended = [m for m in mail.outbox if "has ended" in m.subject]
    assert len(ended) == 2 and all(m.attachments == [] for m in ended)


@pytest.mark.parametrize("date", ["before", "1 1 0001"])
def test_a_session_dated_before_the_mentorship_began_is_refused_next_to_the_date(pair, date):  # noqa: F811
    mentorship, clients = pair
    began = timezone.localdate() - timedelta(days=20)
    Mentorship.objects.filter(pk=mentorship.pk).update(started_at=timezone.now() - timedelta(days=20))
    held_on = (began - timedelta(days=1)).strftime("%d %m %Y") if date == "before" else date
    response = clients["mentor"].post(
        url(mentorship, "sessions/new/"), {"held_on": held_on, "summary": "Talked."}
    )
    message = (
        f"The date of the session must be on or after {began.day} {began:%B %Y}, when the mentorship began"
    )
    assert response.content.decode().count(message) == 2
    assert not MentoringSession.objects.exists()
    clients["mentor"].post(
        url(mentorship, "sessions/new/"), {"held_on": began.strftime("%d %m %Y"), "summary": "Talked."}
    )
    assert MentoringSession.objects.get().held_on == began


def test_a_session_arranged_before_events_had_their_own_uid_keeps_the_one_calendars_hold(pair):  # noqa: F811
    """The migration keeps the UID the invitation was made with, so moving that session updates it."""
    import importlib

    from django.apps import apps

    mentorship, clients = pair
    at = timezone.now().replace(microsecond=0) + timedelta(days=5)
    Mentorship.objects.filter(pk=mentorship.pk).update(next_session_at=at, next_session_uid="")
    migration = importlib.import_module("mentoring.migrations.0007_next_session_event_backfill")
    migration.keep_calendar_uids(apps, None)
    held = f"mentorship-{mentorship.pk}-{at.astimezone(UTC):%Y%m%dT%H%M%S}@public-service-innovation-exchange"
    assert Mentorship.objects.get(pk=mentorship.pk).next_session_uid == held
    arrange(clients["mentor"], mentorship, timezone.localdate() + timedelta(days=6))
    _calendar, moved = event_of(clients["mentee"].get(url(mentorship, "next-session.ics")).content)
    assert (str(moved["uid"]), moved["sequence"]) == (held, 1)
