"""Who may use each mentoring page: one row per route, a column per role. A route added without a row
fails the first test. An offer is looked up by who is signed in, so there is no id to guess."""

import pytest

from tests.conftest import ROLES
from tests.factories import UserFactory, make_mentor

pytestmark = pytest.mark.django_db

OPEN = {"anonymous": 200, "innovator": 200, "owner": 200, "staff": 200}
SIGNED_IN = {"anonymous": "login", "innovator": 200, "owner": 200, "staff": 200}

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
    "mentors:index": ("/mentors/", "get", OPEN),
    "mentors:detail": ("/mentors/{mentor}/", "get", OPEN),
}  # fmt: skip


def test_every_mentoring_route_has_a_row(namespace_routes):
    assert namespace_routes("mentoring") | namespace_routes("mentors") == set(TABLE)


@pytest.fixture
def things(people):
    """The owner is an approved mentor who has asked for a mentor too: their request (waiting for an
    answer) went to another mentor, and a request to them was accepted, starting a mentorship."""
    from mentoring.services import mentor_offer_accept, mentor_request_choose, mentor_request_create

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
    return {"mentor": mentor.slug, "request": own_request.pk, "offer": offer.pk, "mentorship": mentorship.pk}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_who_may_use_each_page(visit, things, route, role):
    path, method, outcomes = TABLE[route]
    assert visit(role, path.format(**things), method) == outcomes[role]


def test_a_draft_offer_is_seen_by_nobody_but_its_author(visit, people):
    draft = make_mentor(user=people["innovator"], status="draft")
    for role in ROLES:
        assert visit(role, f"/mentors/{draft.slug}/") == 404
