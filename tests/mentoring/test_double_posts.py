"""Every mentoring form that creates something is done once however often it is sent: a double click, a
retried request or two tabs sending one page's form get the first one's result, never a second row or a
second email (the one-time token of portal.core.once)."""

import uuid

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.models import (
    Assessment,
    EmployerSupport,
    Goal,
    Mentor,
    MentoringSession,
    MentorRequest,
    PrivateNote,
)
from tests.factories import UserFactory
from tests.innovations.test_double_submissions import at_once, signed_in
from tests.mentoring.test_mentorships import pair, url  # noqa: F401 (a fixture)
from tests.mentoring.test_requests import ASK


def twice(client, path, data):
    """The same form sent twice, with the token its page gave it."""
    page = client.get(path).content.decode()
    assert 'name="form_token"' in page, "the form carries no one-time token"
    data = {**data, "form_token": str(uuid.uuid4())}
    return client.post(path, data), client.post(path, data)


@pytest.mark.django_db
def test_asking_for_a_mentor_twice_makes_one_request(innovator_client):
    first, second = twice(innovator_client, "/mentoring/ask/", ASK)
    assert MentorRequest.objects.count() == 1
    assert (
        first["Location"]
        == second["Location"]
        == f"/mentoring/requests/{MentorRequest.objects.get().pk}/choose/"
    )


TODAY = timezone.localdate().strftime("%d %m %Y")
INSIDE = [  # tail of the mentorship's address, what is sent, what it makes
    ("goals/", {"goal": "A business case"}, Goal),
    ("notes/", {"note": "Ed seems unsure of his sponsor."}, PrivateNote),
    ("sessions/new/", {"held_on": TODAY, "summary": "Mapped the partners."}, MentoringSession),
    ("assessment/", {"evidence_standing": "ready"}, Assessment),
    ("employer/", {"manager_name": "Pat Boss", "manager_email": "pat@northby.example.org"}, EmployerSupport),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("tail", "data", "model"), INSIDE, ids=[row[0] for row in INSIDE])
def test_a_form_inside_a_mentorship_sent_twice_writes_and_emails_once(pair, tail, data, model):  # noqa: F811
    mentorship, clients = pair
    page = url(mentorship, tail) if tail not in {"goals/", "notes/"} else url(mentorship)
    assert 'name="form_token"' in clients["mentee"].get(page).content.decode()
    token = str(uuid.uuid4())
    responses = [
        clients["mentee"].post(url(mentorship, tail), {**data, "form_token": token}) for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"] == url(mentorship)
    assert model.objects.count() == 1
    # One email to the line manager; after the first session, one feedback request to each side.
    expected = {"employer/": 1, "sessions/new/": 2}.get(tail, 0)
    assert len(mail.outbox) == expected, [m.subject for m in mail.outbox]


@pytest.mark.django_db
def test_feedback_sent_twice_is_thanked_for_once(pair):  # noqa: F811
    mentorship, clients = pair
    path = url(mentorship, "feedback/first_session/")
    first, second = twice(clients["mentee"], path, {"rating": "4"})
    assert first["Location"] == second["Location"] == url(mentorship)
    html = clients["mentee"].get(url(mentorship)).content.decode()
    assert "Thank you for your feedback." in html and "already given this feedback" not in html


@pytest.mark.django_db(transaction=True)
def test_a_first_offer_to_mentor_saved_twice_at_once_makes_one_offer():
    """The first save of an offer creates the mentor's row: two at once make one, and neither fails."""
    user = UserFactory(full_name="Ed Mentee")
    data = {
        "full_name": "Ed Mentee",
        "capacity": "2",
        "bio": "Happy to help.",
        "form_token": str(uuid.uuid4()),
    }
    responses = at_once(
        lambda: signed_in(user).post("/mentoring/offer/", data),
        lambda: signed_in(user).post("/mentoring/offer/", data),
    )
    assert [r.status_code for r in responses] == [302, 302]
    assert Mentor.objects.filter(user=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_for_a_mentor_sent_twice_at_once_is_made_once():
    user = UserFactory()
    data = {**ASK, "form_token": str(uuid.uuid4())}
    responses = at_once(
        lambda: signed_in(user).post("/mentoring/ask/", data),
        lambda: signed_in(user).post("/mentoring/ask/", data),
    )
    assert {r["Location"] for r in responses} == {
        f"/mentoring/requests/{MentorRequest.objects.get().pk}/choose/"
    }


@pytest.mark.django_db
def test_the_goal_and_note_forms_of_one_page_each_write_once(pair):  # noqa: F811
    """The mentorship page's two forms carry tokens of their own: sending both from one page load writes
    a goal and a note, not one of them."""
    import re

    mentorship, clients = pair
    html = clients["mentor"].get(url(mentorship)).content.decode()
    tokens = re.findall(r'name="form_token" value="([^"]+)"', html)
    assert len(tokens) == len(set(tokens)) >= 2
    goal_token, note_token = tokens[0], tokens[1]
    clients["mentor"].post(url(mentorship, "goals/"), {"goal": "A board paper", "form_token": goal_token})
    clients["mentor"].post(url(mentorship, "notes/"), {"note": "A private thought", "form_token": note_token})
    assert mentorship.goals.filter(text="A board paper").exists()
    assert mentorship.private_notes.filter(text="A private thought").exists()
