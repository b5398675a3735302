"""Every mentoring page takes a fixed number of queries however much there is behind it, and mentor A
never reaches mentor B's mentees, requests or notes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.services import (
    assessment_record,
    employer_support_ask,
    goal_add,
    mentor_offer_accept,
    mentor_request_choose,
    mentor_request_create,
    note_add,
    session_record,
    support_token,
)
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


def world(mentors: int, extra: int):
    """A requester choosing among `mentors` mentors, a request sent to Mina, and a mentorship of Mina's
    with `extra` goals, sessions, notes and assessments."""
    for _ in range(mentors):
        make_mentor(capacity=3, themes=["culture"], stages=["adopt"])
    mina = make_mentor(user=UserFactory(full_name="Mina"), capacity=5)
    choosing = mentor_request_create(requester=UserFactory(), **ASK)
    sent = mentor_request_create(requester=UserFactory(), **ASK)
    mentor_request_choose(request=sent, mentor_ids=[mina.pk])
    accepted = mentor_request_create(requester=UserFactory(), **ASK)
    mentor_request_choose(request=accepted, mentor_ids=[mina.pk])
    mentorship = mentor_offer_accept(offer=accepted.offers.get())
    for i in range(extra):
        goal_add(mentorship=mentorship, user=mina.user, text=f"Goal {i}")
        session_record(mentorship=mentorship, user=mina.user, held_on=timezone.localdate(), summary="Talked.")
        note_add(mentorship=mentorship, user=mina.user, text=f"Note {i}")
        assessment_record(
            mentorship=mentorship,
            user=mina.user,
            standings={"evidence": {"standing": "ready"}},
            support_agreed="",
        )
    support = employer_support_ask(
        mentorship=mentorship, user=mina.user, manager_name="Pat", manager_email="p@example.org"
    )
    return mina, choosing, sent, mentorship, support


def pages(mina, choosing, sent, mentorship, support):
    m = f"/mentoring/mentorships/{mentorship.pk}/"
    return [
        (mina.user, "/mentoring/"), (mina.user, "/mentoring/offer/"), (mina.user, "/mentoring/availability/"),
        (choosing.requester, "/mentoring/ask/"), (choosing.requester, f"/mentoring/requests/{choosing.pk}/choose/"),
        (sent.requester, f"/mentoring/requests/{sent.pk}/"), (sent.requester, f"/mentoring/requests/{sent.pk}/withdraw/"),
        (mina.user, f"/mentoring/offers/{sent.offers.get().pk}/"), (mina.user, m), (mina.user, m + "sessions/new/"),
        (mina.user, m + "next-session/"), (mina.user, m + "assessment/"), (mina.user, m + "feedback/end/"),
        (mina.user, m + "end/"), (mina.user, m + "employer/"), (None, f"/mentoring/support/{support_token(support)}/"),
        (None, mina.get_absolute_url()), (None, "/mentors/"),
    ]  # fmt: skip


def count(user, path) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path)  # the first request of a session may store things; count the second
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def test_every_mentoring_page_takes_a_fixed_number_of_queries():
    small = [count(user, path) for user, path in pages(*world(mentors=1, extra=1))]
    large = [count(user, path) for user, path in pages(*world(mentors=8, extra=5))]
    assert small == large


def test_the_central_teams_pages_take_a_fixed_number_of_queries():
    staff = Client()
    staff.force_login(StaffFactory())
    counts = []
    for n in (1, 4):
        world(mentors=n, extra=n)
        for _ in range(n):
            mentor_request_create(requester=UserFactory(), **ASK)
        row = []
        for path in ["/mentoring/report/", "/mentoring/matching/"]:
            staff.get(path)
            with CaptureQueriesContext(connection) as queries:
                assert staff.get(path).status_code == 200
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]


def test_mentor_a_never_reaches_mentor_bs_mentees_requests_or_notes():
    mina, _choosing, sent, mentorship, _support = world(mentors=0, extra=1)
    other = make_mentor(user=UserFactory(full_name="Bob"))
    bob = Client()
    bob.force_login(other.user)
    for path in [
        f"/mentoring/mentorships/{mentorship.pk}/", f"/mentoring/offers/{sent.offers.get().pk}/",
        f"/mentoring/requests/{sent.pk}/", f"/mentoring/mentorships/{mentorship.pk}/assessment/",
    ]:  # fmt: skip
        assert bob.get(path).status_code == 404, path
    html = bob.get("/mentoring/").content.decode()
    assert mentorship.mentee.get_full_name() not in html and "Note 0" not in html
