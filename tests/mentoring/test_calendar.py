"""The next session as a calendar event: dates a calendar can hold; and sessions recorded only for dates
the mentorship was under way."""

from datetime import timedelta

import pytest
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
