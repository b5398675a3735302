"""Who may use each mentoring page: one row per route, a column per role. A route added without a row
fails the first test. An offer is looked up by who is signed in, so there is no id to guess."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import ROLES
from tests.factories import UserFactory, make_mentor

pytestmark = pytest.mark.django_db

OPEN = {"anonymous": 200, "innovator": 200, "owner": 200, "staff": 200}
SIGNED_IN = {"anonymous": "login", "innovator": 200, "owner": 200, "staff": 200}
# A mentorship's pages: its mentor (the owner) and mentee only; an action posted redirects back to it.
MEMBERS = {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}
MEMBERS_POST = {"anonymous": "login", "innovator": 404, "owner": 302, "staff": 404}

# route: (path, method, {role: outcome}); the owner is an approved mentor with a submitted... see below
TABLE = {
    "mentoring:index": ("/mentoring/", "get", OPEN),
    "mentoring:offer": ("/mentoring/offer/", "get", SIGNED_IN),
    # Only someone whose offer waits for review has a confirmation; only an approved mentor sets
    # availability. Nobody else's exists for them.
    "mentoring:offer_sent": ("/mentoring/offer/sent/", "get", {"anonymous": "login", "innovator": 404, "owner": 404, "staff": 404}),
    "mentoring:availability": ("/mentoring/availability/", "get", {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}),
    "mentoring:ask": ("/mentoring/ask/", "get", SIGNED_IN),
    # A request, an offer and a mentorship exist only for the people in them (404 for anyone else).
    "mentoring:request_detail": ("/mentoring/requests/{request}/", "get", {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}),
    "mentoring:request_choose": ("/mentoring/requests/{request}/choose/", "get", {"anonymous": "login", "innovator": 404, "owner": 302, "staff": 404}),
    "mentoring:request_withdraw": ("/mentoring/requests/{request}/withdraw/", "get", {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}),
    "mentoring:offer_answer": ("/mentoring/offers/{offer}/", "get", {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}),
    "mentoring:mentorship": ("/mentoring/mentorships/{mentorship}/", "get", {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}),
    **{
        name: (f"/mentoring/mentorships/{{mentorship}}/{tail}", method, outcome)
        for name, tail, method, outcome in [
            # An empty form posted shows the page again with its error (200).
            ("mentoring:goal_create", "goals/", "post", MEMBERS),
            ("mentoring:goal_toggle", "goals/{goal}/", "post", MEMBERS_POST),
            ("mentoring:note_create", "notes/", "post", MEMBERS),
            ("mentoring:session_create", "sessions/new/", "get", MEMBERS),
            ("mentoring:next_session", "next-session/", "get", MEMBERS),
            ("mentoring:calendar", "next-session.ics", "get", MEMBERS),
            ("mentoring:assessment", "assessment/", "get", MEMBERS),
            ("mentoring:feedback", "feedback/first_session/", "get", MEMBERS),
            ("mentoring:end", "end/", "get", MEMBERS),
            ("mentoring:invite", "invite/", "post", MEMBERS_POST),
            ("mentoring:employer_ask", "employer/", "get", MEMBERS),
        ]
    },
    # The line manager's signed link works for anyone holding it, with no account.
    "mentoring:employer_support": ("/mentoring/support/{token}/", "get", OPEN),
    # The central team, with two-factor sign-in (the staff of these tables have it).
    "mentoring:matching": ("/mentoring/matching/", "get", {"anonymous": "login", "innovator": 403, "owner": 403, "staff": 200}),
    "mentoring:report": ("/mentoring/report/", "get", {"anonymous": "login", "innovator": 403, "owner": 403, "staff": 200}),
    "mentors:index": ("/mentors/", "get", OPEN),
    "mentors:detail": ("/mentors/{mentor}/", "get", OPEN),
}  # fmt: skip


def test_every_mentoring_route_has_a_row(namespace_routes):
    assert namespace_routes("mentoring") | namespace_routes("mentors") == set(TABLE)


@pytest.fixture
def things(people):
    """The owner is an approved mentor who has asked for a mentor too: their request (waiting for an
    answer) went to another mentor, and a request to them was accepted, starting a mentorship."""
    from mentoring.services import (
        employer_support_ask,
        goal_add,
        mentor_offer_accept,
        mentor_request_choose,
        mentor_request_create,
        next_session_set,
        support_token,
    )

    owner = people["owner"]
    mentor = make_mentor(user=owner)
    other_mentor = make_mentor()
    ask = {
        "idea": "An idea.",
        "stage": "prove",
        "themes": ["evidence"],
        "region": "london",
        "formats": ["remote"],
        "wants": "Help.",
    }
    own_request = mentor_request_create(requester=owner, **ask)
    mentor_request_choose(request=own_request, mentor_ids=[other_mentor.pk])
    to_owner = mentor_request_create(requester=UserFactory(), **ask)
    mentor_request_choose(request=to_owner, mentor_ids=[mentor.pk])
    offer = to_owner.offers.get()
    accepted_to_owner = mentor_request_create(requester=UserFactory(), **ask)
    mentor_request_choose(request=accepted_to_owner, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=accepted_to_owner.offers.get())
    goal = goal_add(mentorship=mentorship, user=owner, text="A business case")
    next_session_set(mentorship=mentorship, user=owner, at=timezone.now() + timedelta(days=3), place="Online")
    support = employer_support_ask(
        mentorship=mentorship, user=owner, manager_name="Pat", manager_email="pat@example.org"
    )
    return {
        "mentor": mentor.slug, "request": own_request.pk, "offer": offer.pk, "mentorship": mentorship.pk,
        "goal": goal.pk, "token": support_token(support),
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_who_may_use_each_page(visit, things, route, role):
    path, method, outcomes = TABLE[route]
    assert visit(role, path.format(**things), method) == outcomes[role]


def test_a_draft_offer_is_seen_by_nobody_but_its_author(visit, people):
    draft = make_mentor(user=people["innovator"], status="draft")
    for role in ROLES:
        assert visit(role, f"/mentors/{draft.slug}/") == 404
