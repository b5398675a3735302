"""Inside a mentorship: goals, sessions, the calendar invitation, private notes, the assessment,
feedback, ending, mentee to mentor, and the line manager's confirmation through a signed link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from mentoring.models import Feedback, Mentor, Mentorship, PrivateNote
from mentoring.services import mentor_offer_accept, mentor_request_choose, mentor_request_create
from tests.factories import StaffFactory, UserFactory, make_mentor

pytestmark = pytest.mark.django_db
ASK = {
    "idea": "A hub.",
    "stage": "prove",
    "themes": ["evidence"],
    "region": "london",
    "formats": ["remote"],
    "wants": "Help.",
}


@pytest.fixture
def pair():
    mentor = make_mentor(user=UserFactory(full_name="Mina Mentor", email="mina@example.org"), capacity=2)
    mentee = UserFactory(full_name="Ed Mentee", email="ed@example.org")
    request = mentor_request_create(requester=mentee, **ASK)
    mentor_request_choose(request=request, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=request.offers.get())
    mail.outbox.clear()
    clients = {}
    for role, user in [("mentor", mentor.user), ("mentee", mentee)]:
        clients[role] = Client()
        clients[role].force_login(user)
    return mentorship, clients


def url(mentorship, tail=""):
    return f"/mentoring/mentorships/{mentorship.pk}/{tail}"


def test_goals_and_sessions_are_shared_by_both_sides(pair):
    mentorship, clients = pair
    clients["mentee"].post(url(mentorship, "goals/"), {"goal": "A business case the board approves"})
    goal = mentorship.goals.get()
    clients["mentor"].post(url(mentorship, f"goals/{goal.pk}/"), {"done": "yes"})
    goal.refresh_from_db()
    assert goal.done_at is not None
    html = clients["mentee"].get(url(mentorship)).content.decode()
    assert "1 of 1 done." in html and "A business case the board approves" in html
    response = clients["mentor"].post(
        url(mentorship, "sessions/new/"), {"held_on": "32 1 2026", "summary": ""}
    )
    html = response.content.decode()
    assert "Enter the date as day, month and year" in html and "Say what you talked about" in html
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d %m %Y")
    assert (
        "must be today or in the past"
        in clients["mentor"]
        .post(url(mentorship, "sessions/new/"), {"held_on": future, "summary": "x"})
        .content.decode()
    )
    today = timezone.localdate().strftime("%d %m %Y")
    clients["mentor"].post(
        url(mentorship, "sessions/new/"),
        {"held_on": today, "summary": "Mapped the partners.", "actions": "Ed drafts the case."},
    )
    html = clients["mentee"].get(url(mentorship)).content.decode()
    assert "Mapped the partners." in html and "Ed drafts the case." in html
    # After the first session both are asked for feedback, and the page offers it to each.
    assert sorted(m.to[0] for m in mail.outbox if "How is your mentoring going" in m.subject) == [
        "ed@example.org",
        "mina@example.org",
    ]
    assert 'give feedback<span class="govuk-visually-hidden"> after the first session</span></a>' in html


def test_the_next_session_is_a_calendar_invitation_for_both(pair):
    mentorship, clients = pair
    when = timezone.localdate() + timedelta(days=7)
    clients["mentor"].post(
        url(mentorship, "next-session/"),
        {"date": when.strftime("%d %m %Y"), "time": "14:30", "place": "https://meet.example.org/abc"},
    )
    response = clients["mentee"].get(url(mentorship, "next-session.ics"))
    assert response["Content-Type"].startswith("text/calendar")
    event = next(c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT")
    start = event.decoded("dtstart")
    assert timezone.localtime(start).strftime("%Y-%m-%d %H:%M") == f"{when:%Y-%m-%d} 14:30"
    assert str(event["location"]) == "https://meet.example.org/abc"
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:ed@example.org", "mailto:mina@example.org"]
    past = (timezone.localdate() - timedelta(days=1)).strftime("%d %m %Y")
    assert (
        "must be in the future"
        in clients["mentor"]
        .post(url(mentorship, "next-session/"), {"date": past, "time": "10:00"})
        .content.decode()
    )


def test_private_notes_are_seen_by_their_author_alone(pair, client):
    mentorship, clients = pair
    clients["mentor"].post(url(mentorship, "notes/"), {"note": "Ed seems unsure of his sponsor."})
    assert PrivateNote.objects.count() == 1
    assert "Ed seems unsure of his sponsor." in clients["mentor"].get(url(mentorship)).content.decode()
    assert "Ed seems unsure" not in clients["mentee"].get(url(mentorship)).content.decode()
    staff = Client()
    staff.force_login(StaffFactory())
    for other in [staff, client]:
        response = other.get(url(mentorship))
        assert response.status_code in {302, 404} and "Ed seems unsure" not in response.content.decode()
    # Nor does the admin show notes to the central team: private notes are not registered there.
    assert staff.get("/admin/mentoring/privatenote/").status_code == 404


def test_each_goal_says_whether_it_is_done_and_its_button_what_it_does(pair):
    mentorship, clients = pair
    for text in ["A business case the board approves", "Two councils try the form"]:
        clients["mentee"].post(url(mentorship, "goals/"), {"goal": text})
    done = mentorship.goals.get(text="A business case the board approves")
    clients["mentor"].post(url(mentorship, f"goals/{done.pk}/"), {"done": "yes"})
    html = clients["mentee"].get(url(mentorship)).content.decode()
    items = re.findall(r'<li class="govuk-task-list__item">(.*?)</li>', html, flags=re.S)
    assert len(items) == 2
    first, second = (next(i for i in items if text in i) for text in ["A business case", "Two councils"])
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in first
    assert f"Done on {timezone.localdate():%-d %B %Y}" in first
    assert 'Mark as not done<span class="govuk-visually-hidden">: A business case the board approves' in first
    assert '<strong class="govuk-tag">To do</strong>' in second
    assert 'Mark as done<span class="govuk-visually-hidden">: Two councils try the form' in second
    assert ">Not done<" not in html  # a status or an action? Neither reads like this any more


def test_the_idea_has_its_own_heading_not_a_narrow_column(pair):
    mentorship, clients = pair
    html = clients["mentor"].get(url(mentorship)).content.decode()
    assert '<h2 class="govuk-heading-m">The idea</h2>' in html
    assert "The idea</dt>" not in html and "What the mentee wants</dt>" not in html
    assert "What Ed Mentee wants from mentoring" in html


def test_the_assessment_says_when_it_was_first_recorded_and_updated(pair):
    mentorship, clients = pair
    for standing in ["blocker", "needs_work"]:
        clients["mentee"].post(url(mentorship, "assessment/"), {"evidence_standing": standing})
    today = f"{timezone.localdate():%-d %B %Y}"
    html = clients["mentor"].get(url(mentorship)).content.decode()
    assert f"First assessed on {today} and updated the same day." in html
    assert "and first on" not in html
    first = mentorship.assessments.order_by("created_at").first()
    first.created_at -= timedelta(days=20)
    first.save(update_fields=["created_at"])
    earlier = f"{timezone.localtime(first.created_at):%-d %B %Y}"
    html = clients["mentor"].get(url(mentorship)).content.decode()
    assert f"First assessed on {earlier}; updated on {today}." in html


def test_feedback_once_sent_is_shown_with_thanks_never_as_an_empty_form(pair):
    mentorship, clients = pair
    path = url(mentorship, "feedback/first_session/")
    assert 'name="rating"' in clients["mentee"].get(path).content.decode()
    clients["mentee"].post(path, {"rating": "4", "comments": "Clear and practical."})
    html = clients["mentee"].get(path).content.decode()
    assert "Thank you for your feedback" in html and "You sent it on" in html
    assert "Useful" in html and "Clear and practical." in html
    assert 'name="rating"' not in html and 'name="comments"' not in html
    # The other side has not given theirs: they still get the form.
    assert 'name="rating"' in clients["mentor"].get(path).content.decode()
    clients["mentee"].post(path, {"rating": "1", "comments": "Changed my mind."})
    assert Feedback.objects.get().rating == 4


def test_the_assessment_is_recorded_updated_and_shows_how_it_changed(pair):
    mentorship, clients = pair
    html = clients["mentee"].post(url(mentorship, "assessment/"), {"support_agreed": ""}).content.decode()
    assert "Say where the idea stands on at least one condition" in html
    clients["mentee"].post(
        url(mentorship, "assessment/"),
        {
            "evidence_standing": "blocker",
            "evidence_note": "No baseline data.",
            "culture_standing": "ready",
            "support_agreed": "Find an evaluator.",
        },
    )
    html = clients["mentor"].get(url(mentorship)).content.decode()
    assert "A blocker" in html and "No baseline data." in html and "Find an evaluator." in html
    assert 'href="/advice/?theme=evidence">Advice on evidence</a>' in html
    form = clients["mentor"].get(url(mentorship, "assessment/")).content.decode()
    assert re.search(r'name="evidence_standing" type="radio" value="blocker" checked', form)
    clients["mentor"].post(
        url(mentorship, "assessment/"), {"evidence_standing": "needs_work", "culture_standing": "ready"}
    )
    html = clients["mentee"].get(url(mentorship)).content.decode()
    assert "At first" in html
    row = html[html.index(">Evidence</th>") : html.index("</tr>", html.index(">Evidence</th>"))]
    assert "A blocker" in row and "Needs work" in row


def test_feedback_is_never_shown_to_the_other_side(pair):
    mentorship, clients = pair
    clients["mentee"].post(
        url(mentorship, "feedback/first_session/"), {"rating": "2", "comments": "Mina is often late."}
    )
    assert Feedback.objects.get().rating == 2
    for role in ["mentor", "mentee"]:
        assert "Mina is often late." not in clients[role].get(url(mentorship)).content.decode()
    assert clients["mentee"].get(url(mentorship, "feedback/whenever/")).status_code == 404


def test_ending_frees_room_and_the_mentor_invites_the_mentee_to_mentor(pair):
    mentorship, clients = pair
    html = (
        clients["mentee"].post(url(mentorship, "end/"), {"outcome": "early", "reason": ""}).content.decode()
    )
    assert "Say why the mentorship is ending early" in html
    clients["mentee"].post(url(mentorship, "end/"), {"outcome": "completed"})
    mentorship.refresh_from_db()
    assert mentorship.status == "completed"
    assert Mentor.objects.get(pk=mentorship.mentor_id).active_mentees == 0
    assert sorted(m.to[0] for m in mail.outbox if "has ended" in m.subject) == [
        "ed@example.org",
        "mina@example.org",
    ]
    assert clients["mentee"].post(url(mentorship, "invite/")).status_code == 302
    assert (
        mentorship.__class__.objects.get(pk=mentorship.pk).invited_to_mentor_at is None
    )  # only the mentor invites
    clients["mentor"].post(url(mentorship, "invite/"))
    invitation = [m for m in mail.outbox if "invites you to become a mentor" in m.subject]
    assert [m.to for m in invitation] == [["ed@example.org"]]
    complete = {
        "full_name": "Ed Mentee", "job_title": "Project lead", "organisation_name": "Northby City Council",
        "organisation_type": "local_authority", "region": "north_east", "themes": ["evidence"], "stages": ["prove"],
        "based_in": "north_east", "formats": ["remote"], "capacity": "1", "bio": "Learnt a lot; happy to help.",
        "action": "submit",
    }  # fmt: skip
    clients["mentee"].post("/mentoring/offer/", complete)
    new_mentor = Mentor.objects.get(user__email="ed@example.org")
    assert new_mentor.joined_by == "invited" and new_mentor.brought_in_by.email == "mina@example.org"


def test_the_line_manager_confirms_through_the_emailed_link_without_an_account(pair, client):
    mentorship, clients = pair
    html = (
        clients["mentee"]
        .post(url(mentorship, "employer/"), {"manager_name": "Pat Boss", "manager_email": "nope"})
        .content.decode()
    )
    assert "Enter an email address in the correct format" in html
    clients["mentee"].post(
        url(mentorship, "employer/"), {"manager_name": "Pat Boss", "manager_email": "pat@northby.example.org"}
    )
    message = next(m for m in mail.outbox if m.to == ["pat@northby.example.org"])
    link = re.search(r"https?://[^\s]+/mentoring/support/[^\s]+/", message.body).group(0)
    path = link[link.index("/mentoring/") :]
    page = client.get(path).content.decode()
    assert "Can Ed Mentee have time for mentoring?" in page
    client.post(path, {"answer": "yes", "comment": "Two hours a month is fine."})
    support = mentorship.employer_support.get()
    assert support.status == "confirmed" and support.answered_at is not None
    html = clients["mentor"].get(url(mentorship)).content.decode()
    assert "Pat Boss, Ed Mentee's line manager: confirmed time on" in html
    assert any(m.to == ["ed@example.org"] and "Pat Boss has answered" in m.subject for m in mail.outbox)
    # A tampered or foreign link is refused.
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_the_mentorship_page_takes_a_fixed_number_of_queries(pair, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mentorship, clients = pair
    counts = []
    for n in (1, 5):
        for i in range(n):
            clients["mentor"].post(url(mentorship, "goals/"), {"goal": f"Goal {n}-{i}"})
            clients["mentor"].post(url(mentorship, "notes/"), {"note": f"Note {n}-{i}"})
            clients["mentor"].post(
                url(mentorship, "sessions/new/"),
                {"held_on": timezone.localdate().strftime("%d %m %Y"), "summary": "Talked."},
            )
            clients["mentor"].post(url(mentorship, "assessment/"), {"evidence_standing": "ready"})
        with CaptureQueriesContext(connection) as queries:
            assert clients["mentor"].get(url(mentorship)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_stranger_cannot_reach_any_part_of_a_mentorship(pair):
    mentorship, _clients = pair
    other_mentor = make_mentor()
    stranger = Client()
    stranger.force_login(other_mentor.user)
    goal_url = url(mentorship, "goals/")
    for path, method in [
        (url(mentorship), "get"), (goal_url, "post"), (url(mentorship, "notes/"), "post"),
        (url(mentorship, "sessions/new/"), "get"), (url(mentorship, "next-session/"), "get"),
        (url(mentorship, "next-session.ics"), "get"), (url(mentorship, "assessment/"), "get"),
        (url(mentorship, "feedback/end/"), "get"), (url(mentorship, "end/"), "get"),
        (url(mentorship, "invite/"), "post"), (url(mentorship, "employer/"), "get"),
    ]:  # fmt: skip
        assert getattr(stranger, method)(path).status_code == 404, path
    assert not Mentorship.objects.get(pk=mentorship.pk).goals.exists()


def test_an_ended_mentorship_keeps_its_goals_and_assessment_as_they_were(pair):
    from mentoring.services import goal_add, mentorship_end

    mentorship, clients = pair
    goal = goal_add(mentorship=mentorship, user=mentorship.mentee, text="A board paper")
    clients["mentee"].post(url(mentorship, "assessment/"), {"evidence_standing": "ready"})
    mentorship_end(mentorship=mentorship, user=mentorship.mentee, completed=True)
    page = clients["mentee"].get(url(mentorship)).content.decode()
    assert "Mark as done" not in page and "Update the assessment" not in page
    clients["mentee"].post(url(mentorship, f"goals/{goal.pk}/"), {"done": "yes"})
    goal.refresh_from_db()
    assert goal.done_at is None
    assert clients["mentor"].get(url(mentorship, "assessment/"))["Location"] == url(mentorship)
    clients["mentor"].post(url(mentorship, "assessment/"), {"evidence_standing": "blocker"})
    assert mentorship.assessments.count() == 1


def test_a_note_without_where_the_idea_stands_is_refused_not_lost(pair):
    mentorship, clients = pair
    response = clients["mentor"].post(
        url(mentorship, "assessment/"), {"evidence_standing": "ready", "culture_note": "Board is cautious"}
    )
    html = response.content.decode()
    assert "Say where the idea stands on culture, or clear its note" in html
    assert "Board is cautious" in html and not mentorship.assessments.exists()
