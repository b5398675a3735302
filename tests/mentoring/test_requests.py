"""Asking for a mentor: choose up to three in order; each is asked in turn; accepting starts the
mentorship and withdraws the rest; nobody is ever over capacity, also when two accepts race."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from mentoring.models import Mentor, MentorOffer, MentorRequest, Mentorship
from mentoring.services import (
    mentor_offer_accept,
    mentor_offer_decline,
    mentor_request_choose,
    mentor_request_create,
)
from portal.moderation.models import WorkflowError
from tests.factories import OrganisationFactory, UserFactory, make_mentor

ASK = {
    "idea": "Falls visits by fire crews, tested in two stations.",
    "stage": "prove",
    "themes": ["evidence"],
    "region": "london",
    "formats": ["remote"],
    "wants": "Help to build the business case.",
}


def mentors(*names, **fields):
    return [
        make_mentor(user=UserFactory(full_name=name, organisation=OrganisationFactory()), **fields)
        for name in names
    ]


def offer_of(mentor):
    return MentorOffer.objects.get(mentor=mentor)


@pytest.mark.django_db
def test_ask_see_reasons_choose_three_first_declines_second_accepts_third_withdrawn(
    innovator_client, innovator, client
):
    first, second, third = mentors("Ann First", "Bob Second", "Cat Third")
    response = innovator_client.post("/mentoring/ask/", ASK)
    mentor_request = MentorRequest.objects.get(requester=innovator)
    assert response["Location"] == f"/mentoring/requests/{mentor_request.pk}/choose/"
    page = innovator_client.get(response["Location"]).content.decode()
    assert (
        "Why they fit:</strong> knows Evidence; has helped at the Prove it stage; mentors remotely; has room for 2 more."
        in page
    )

    innovator_client.post(response["Location"], {"first": second.pk, "second": first.pk, "third": third.pk})
    assert [(o.mentor.name, o.rank, o.status) for o in mentor_request.offers.all()] == [
        ("Bob Second", 1, "pending"), ("Ann First", 2, "queued"), ("Cat Third", 3, "queued"),
    ]  # fmt: skip
    assert sorted(m.to[0] for m in mail.outbox) == sorted([second.user.email, innovator.email])
    # Only the mentor asked now can see the request; a queued one does not exist for its mentor yet.
    client.force_login(first.user)
    assert client.get(f"/mentoring/offers/{offer_of(first).pk}/").status_code == 404

    mail.outbox.clear()
    client.force_login(second.user)
    page = client.get(f"/mentoring/offers/{offer_of(second).pk}/").content.decode()
    assert "Help to build the business case." in page and "What they were told about you" in page
    response = client.post(f"/mentoring/offers/{offer_of(second).pk}/", {"action": "decline", "reason": ""})
    assert "Say why you are declining" in response.content.decode()
    client.post(
        f"/mentoring/offers/{offer_of(second).pk}/", {"action": "decline", "reason": "No time this month."}
    )
    assert offer_of(second).status == "declined" and offer_of(first).status == "pending"
    asked = [m for m in mail.outbox if m.to == [innovator.email]][0]
    assert (
        "Bob Second could not take your request on, so we have asked your next choice, Ann First."
        in asked.body
    )
    assert "No time this month." not in asked.body  # the reason is for the central team

    client.force_login(first.user)
    response = client.post(f"/mentoring/offers/{offer_of(first).pk}/", {"action": "accept"})
    mentorship = Mentorship.objects.get()
    assert response["Location"] == f"/mentoring/mentorships/{mentorship.pk}/"
    assert (mentorship.mentor, mentorship.mentee) == (first, innovator)
    assert offer_of(third).status == "withdrawn"
    mentor_request.refresh_from_db()
    assert mentor_request.status == "matched"
    first.refresh_from_db()
    assert first.active_mentees == 1
    assert any("Ann First will mentor you" in m.subject for m in mail.outbox)
    # Both sides see the mentorship; the third choice and strangers do not.
    assert innovator_client.get(f"/mentoring/mentorships/{mentorship.pk}/").status_code == 200
    client.force_login(third.user)
    assert client.get(f"/mentoring/mentorships/{mentorship.pk}/").status_code == 404


@pytest.mark.django_db
def test_choices_are_checked_and_what_was_chosen_is_kept(innovator_client, innovator):
    first, second = mentors("Ann First", "Bob Second")
    innovator_client.post("/mentoring/ask/", ASK)
    url = f"/mentoring/requests/{MentorRequest.objects.get().pk}/choose/"
    html = innovator_client.post(url, {"first": "", "second": first.pk}).content.decode()
    assert "Choose your first choice of mentor" in html
    html = innovator_client.post(url, {"first": first.pk, "second": first.pk}).content.decode()
    assert "Choose a different mentor for each place" in html
    assert f'<option value="{first.pk}" selected>' in html
    assert not MentorOffer.objects.exists()


@pytest.mark.django_db
def test_asking_needs_the_idea_and_what_help_and_keeps_what_was_typed(innovator_client):
    html = innovator_client.post("/mentoring/ask/", {"idea": "A hub.", "region": "london"}).content.decode()
    for message in [
        "Select the stage your idea is at",
        "Select at least one condition for scaling up you want help with",
        "Select whether you could meet remotely, in person or both",
        "Say what you want from mentoring",
    ]:
        assert message in html
    assert "A hub.</textarea>" in html and not MentorRequest.objects.exists()


@pytest.mark.django_db
def test_an_innovation_of_your_own_fills_in_stage_themes_and_policy_areas(innovator_client, innovator):
    from tests.factories import make_innovation

    innovation = make_innovation(
        stage="grow", themes=["skills"], policy_areas=["Health"], submitted_by=innovator
    )
    innovator_client.post("/mentoring/ask/", {**ASK, "stage": "", "themes": [], "innovation": innovation.pk})
    mentor_request = MentorRequest.objects.get()
    assert (mentor_request.stage, mentor_request.themes) == ("grow", ["skills"])
    assert [a.name for a in mentor_request.policy_areas.all()] == ["Health"]
    # Someone else's innovation cannot be named.
    other = make_innovation(submitted_by=UserFactory())
    html = innovator_client.post("/mentoring/ask/", {**ASK, "innovation": other.pk}).content.decode()
    assert "Select a valid choice" in html


@pytest.mark.django_db
def test_an_unanswered_request_moves_on_when_it_expires_and_the_command_is_safe_to_rerun(innovator):
    first, second = mentors("Ann First", "Bob Second")
    from mentoring.services import mentor_request_create

    mentor_request = mentor_request_create(requester=innovator, **ASK)
    mentor_request_choose(request=mentor_request, mentor_ids=[first.pk, second.pk])
    MentorOffer.objects.filter(mentor=first).update(due_at=timezone.now() - timedelta(hours=1))
    mail.outbox.clear()
    call_command("expire_mentor_requests")
    assert offer_of(first).status == "expired" and offer_of(second).status == "pending"
    assert {m.to[0] for m in mail.outbox} == {first.user.email, second.user.email, innovator.email}
    call_command("expire_mentor_requests")
    assert offer_of(second).status == "pending"
    MentorOffer.objects.filter(mentor=second).update(due_at=timezone.now() - timedelta(hours=1))
    call_command("expire_mentor_requests")
    mentor_request.refresh_from_db()
    assert mentor_request.status == "no_match"
    assert any("None of the mentors you chose" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_a_full_mentor_cannot_accept(innovator):
    from mentoring.services import mentor_request_create

    (mentor,) = mentors("Only One", capacity=1)
    mentor_request = mentor_request_create(requester=innovator, **ASK)
    mentor_request_choose(request=mentor_request, mentor_ids=[mentor.pk])
    Mentor.objects.filter(pk=mentor.pk).update(active_mentees=1)
    with pytest.raises(WorkflowError, match="You already mentor 1 of the 1 people"):
        mentor_offer_accept(offer=offer_of(mentor))
    assert not Mentorship.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_once_never_take_a_mentor_over_capacity():
    """Two requests offered to one mentor with room for one, accepted at the same moment on two database
    connections: exactly one mentorship starts."""
    from mentoring.services import mentor_request_create

    (mentor,) = mentors("Only One", capacity=1)
    offers = []
    for n in range(2):
        mentor_request = mentor_request_create(requester=UserFactory(email=f"asker{n}@example.org"), **ASK)
        mentor_request_choose(request=mentor_request, mentor_ids=[mentor.pk])
        offers.append(MentorOffer.objects.get(request=mentor_request))
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(offer):
        try:
            barrier.wait()
            mentor_offer_accept(offer=offer)
            outcomes.append("accepted")
        except WorkflowError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    mentor.refresh_from_db()
    assert mentor.active_mentees == 1 and Mentorship.objects.count() == 1


@pytest.mark.django_db
def test_withdrawing_tells_the_mentor_asked(innovator_client, innovator):
    (mentor,) = mentors("Ann First")
    innovator_client.post("/mentoring/ask/", ASK)
    mentor_request = MentorRequest.objects.get()
    innovator_client.post(f"/mentoring/requests/{mentor_request.pk}/choose/", {"first": mentor.pk})
    mail.outbox.clear()
    assert (
        "Are you sure"
        in innovator_client.get(f"/mentoring/requests/{mentor_request.pk}/withdraw/").content.decode()
    )
    innovator_client.post(f"/mentoring/requests/{mentor_request.pk}/withdraw/")
    mentor_request.refresh_from_db()
    assert mentor_request.status == "withdrawn" and offer_of(mentor).status == "withdrawn"
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]


def error_summary(html: str) -> str:
    start = html.index('class="govuk-error-summary"')
    return html[start : html.index("</ul>", start)]


@pytest.mark.django_db
def test_an_accept_the_service_refuses_is_shown_as_an_error_on_the_page(innovator, client):
    """A full mentor, and offers withdrawn or already declined: the page answers with the reason in an
    error summary, never a server error."""
    from mentoring.services import mentor_offer_decline, mentor_request_create, mentor_request_withdraw

    (mentor,) = mentors("Only One", capacity=1)
    client.force_login(mentor.user)
    mentor_request = mentor_request_create(requester=innovator, **ASK)
    mentor_request_choose(request=mentor_request, mentor_ids=[mentor.pk])
    Mentor.objects.filter(pk=mentor.pk).update(active_mentees=1)
    response = client.post(f"/mentoring/offers/{offer_of(mentor).pk}/", {"action": "accept"})
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<!DOCTYPE html>")
    assert "You already mentor 1 of the 1 people" in error_summary(html)
    assert "<title>Error: " in html and not Mentorship.objects.exists()
    assert 'href="/mentoring/availability/">change how many mentees you take</a>' in html  # the way on

    mentor_request_withdraw(request=mentor_request)
    html = client.post(f"/mentoring/offers/{offer_of(mentor).pk}/", {"action": "accept"}).content.decode()
    assert "This request is no longer waiting for your answer." in error_summary(html)
    assert "This request was withdrawn." in html

    other = mentor_request_create(requester=UserFactory(), **ASK)
    Mentor.objects.filter(pk=mentor.pk).update(active_mentees=0)
    mentor_request_choose(request=other, mentor_ids=[mentor.pk])
    declined = MentorOffer.objects.get(request=other)
    mentor_offer_decline(offer=declined, reason="No time.")
    response = client.post(f"/mentoring/offers/{declined.pk}/", {"action": "accept"})
    assert "This request is no longer waiting for your answer." in error_summary(response.content.decode())
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_a_mentor_never_asked_never_sees_the_request_even_once_withdrawn(innovator_client, innovator, client):
    """The second choice's offer was never sent: withdrawn, it stays invisible to them (the idea, job
    and organisation are for the mentors asked), while the first choice, who was asked, still sees it."""
    first, second = mentors("Ann First", "Bob Second")
    innovator_client.post("/mentoring/ask/", ASK)
    mentor_request = MentorRequest.objects.get()
    innovator_client.post(
        f"/mentoring/requests/{mentor_request.pk}/choose/", {"first": first.pk, "second": second.pk}
    )
    innovator_client.post(f"/mentoring/requests/{mentor_request.pk}/withdraw/")
    assert offer_of(second).status == "withdrawn" and offer_of(second).sent_at is None
    client.force_login(second.user)
    response = client.get(f"/mentoring/offers/{offer_of(second).pk}/")
    assert response.status_code == 404 and ASK["idea"] not in response.content.decode()
    assert client.post(f"/mentoring/offers/{offer_of(second).pk}/", {"action": "accept"}).status_code == 404
    assert ASK["idea"] not in client.get("/mentoring/").content.decode()
    client.force_login(first.user)
    page = client.get(f"/mentoring/offers/{offer_of(first).pk}/").content.decode()
    assert ASK["idea"] in page and "This request was withdrawn." in page


def test_when_every_chosen_mentor_declines_the_request_says_what_to_do_next(innovator_client, innovator):
    mentor = make_mentor(user=UserFactory(full_name="Only Choice"), themes=["evidence"])
    request = mentor_request_create(
        requester=innovator, idea="A hub.", stage="prove", themes=["evidence"], region="london",
        formats=["remote"], wants="Help.",
    )  # fmt: skip
    mentor_request_choose(request=request, mentor_ids=[mentor.pk])
    mentor_offer_decline(offer=request.offers.get(), reason="Too busy this quarter.")
    html = innovator_client.get(f"/mentoring/requests/{request.pk}/").content.decode()
    assert "None of the mentors you chose could take you on" in html
    assert f'href="/mentoring/requests/{request.pk}/choose/">Choose other mentors' in html
