"""The mentor's dashboard on /mentoring/: requests waiting (with their age), mentees with their last
session and goals, what needs attention, filters; the mentee's own view."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.models import MentorOffer, Mentorship
from mentoring.services import (
    goal_add,
    goal_set_done,
    mentor_offer_accept,
    mentor_request_choose,
    mentor_request_create,
    mentorship_end,
    session_record,
)
from tests.factories import UserFactory, make_mentor

pytestmark = pytest.mark.django_db
ASK = {
    "idea": "A hub.",
    "stage": "prove",
    "themes": ["evidence"],
    "region": "london",
    "formats": ["remote"],
    "wants": "Help.",
}


def mentee_of(mentor, name):
    request = mentor_request_create(requester=UserFactory(full_name=name), **ASK)
    mentor_request_choose(request=request, mentor_ids=[mentor.pk])
    return mentor_offer_accept(offer=request.offers.get())


def test_the_dashboard_shows_progress_and_what_needs_attention(client):
    mentor = make_mentor(capacity=5)
    lively = mentee_of(mentor, "Lively Mentee")
    quiet = mentee_of(mentor, "Quiet Mentee")
    Mentorship.objects.filter(pk=quiet.pk).update(started_at=timezone.now() - timedelta(weeks=8))
    session_record(mentorship=lively, user=mentor.user, held_on=timezone.localdate(), summary="Talked.")
    goal = goal_add(mentorship=lively, user=mentor.user, text="A case")
    goal_add(mentorship=lively, user=mentor.user, text="A sponsor")
    goal_set_done(goal=goal, user=mentor.user, done=True)
    waiting = mentor_request_create(requester=UserFactory(full_name="Patient Asker"), **ASK)
    mentor_request_choose(request=waiting, mentor_ids=[mentor.pk])
    MentorOffer.objects.filter(request=waiting).update(sent_at=timezone.now() - timedelta(days=6))
    client.force_login(mentor.user)
    html = client.get("/mentoring/").content.decode()
    assert "Patient Asker</a>: asked 6" in html and "Waiting over 5 days" in html
    lively_row = html[html.index("Lively Mentee") : html.index("</tr>", html.index("Lively Mentee"))]
    assert "1 of 2" in lively_row and "Needs attention" not in lively_row
    quiet_row = html[html.index("Quiet Mentee") : html.index("</tr>", html.index("Quiet Mentee"))]
    assert "Needs attention" in quiet_row and "None yet" in quiet_row
    html = client.get("/mentoring/?attention=yes").content.decode()
    assert "Quiet Mentee" in html and "Lively Mentee" not in html
    mentorship_end(mentorship=lively, user=mentor.user, completed=True)
    html = client.get("/mentoring/?status=completed").content.decode()
    assert "Lively Mentee" in html and "Quiet Mentee" not in html
    assert "Select statuses from the list" in client.get("/mentoring/?status=lost").content.decode()


def test_a_request_sent_today_is_asked_today_not_0_minutes_ago(client):
    mentor = make_mentor(capacity=5)
    for name, days in [("Fresh Asker", 0), ("Yesterday Asker", 1)]:
        request = mentor_request_create(requester=UserFactory(full_name=name), **ASK)
        mentor_request_choose(request=request, mentor_ids=[mentor.pk])
        MentorOffer.objects.filter(request=request).update(sent_at=timezone.now() - timedelta(days=days))
    client.force_login(mentor.user)
    html = client.get("/mentoring/").content.decode()
    assert "Fresh Asker</a>: asked today," in html and "Yesterday Asker</a>: asked yesterday," in html
    assert "minutes ago" not in html


def test_the_dashboard_takes_a_fixed_number_of_queries(client):
    mentor = make_mentor(capacity=5)
    client.force_login(mentor.user)
    counts = []
    for n in (1, 4):
        for i in range(n):
            mentorship = mentee_of(mentor, f"Mentee {n}-{i}")
            session_record(
                mentorship=mentorship, user=mentor.user, held_on=timezone.localdate(), summary="Talked."
            )
            goal_add(mentorship=mentorship, user=mentor.user, text="A goal")
            if n == 4 and i < 2:
                mentorship_end(mentorship=mentorship, user=mentor.user, completed=True)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/mentoring/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "\n".join(q["sql"][:100] for q in queries.captured_queries)


def test_the_mentee_sees_their_requests_and_mentorships(innovator_client, innovator):
    mentor = make_mentor(user=UserFactory(full_name="Mina Mentor"))
    request = mentor_request_create(requester=innovator, **ASK)
    html = innovator_client.get("/mentoring/").content.decode()
    assert f'href="/mentoring/requests/{request.pk}/">Your request about “A hub.”</a>' in html
    assert "mentors not chosen yet" in html
    mentor_request_choose(request=request, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=request.offers.get())
    html = innovator_client.get("/mentoring/").content.decode()
    assert f'href="/mentoring/mentorships/{mentorship.pk}/">Mentored by Mina Mentor</a>' in html


def test_two_requests_of_one_day_are_told_apart_by_what_was_asked(innovator_client, innovator):
    for idea in [
        "Falls prevention visits by fire crews, tested at two stations for a year.",
        "A shorter council tax support form, designed with residents.",
    ]:
        mentor_request_create(requester=innovator, **{**ASK, "idea": idea})
    html = innovator_client.get("/mentoring/").content.decode()
    assert "Your request of" not in html
    assert "Your request about “Falls prevention visits by fire crews, tested at …”</a>" in html
    assert "Your request about “A shorter council tax support form, designed with …”</a>" in html
    assert html.count(f"started on {timezone.localdate():%-d %B %Y}") == 2


def test_what_you_asked_includes_the_policy_areas(innovator_client, innovator):
    from tests.factories import policy_area

    areas = [policy_area("Adult social care"), policy_area("Health")]
    request = mentor_request_create(requester=innovator, policy_areas=areas, **ASK)
    html = innovator_client.get(f"/mentoring/requests/{request.pk}/").content.decode()
    row = html[html.index(">Policy areas</dt>") : html.index("</div>", html.index(">Policy areas</dt>"))]
    assert "Adult social care, Health" in row
    none = mentor_request_create(requester=innovator, **ASK)
    html = innovator_client.get(f"/mentoring/requests/{none.pk}/").content.decode()
    row = html[html.index(">Policy areas</dt>") : html.index("</div>", html.index(">Policy areas</dt>"))]
    assert "None chosen" in row
