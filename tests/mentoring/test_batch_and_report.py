"""Batch matching for the central team, and the programme report."""

from datetime import timedelta

import numpy as np
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.batch import _mentors, _requests, propose, score_matrix
from mentoring.matching import suggest_mentors
from mentoring.models import Mentor, MentorOffer, MentorRequest, Mentorship
from mentoring.services import (
    mentor_offer_accept,
    mentor_refresh,
    mentor_request_choose,
    mentor_request_create,
    mentorship_end,
)
from tests.factories import OrganisationFactory, UserFactory, make_mentor, policy_area

pytestmark = pytest.mark.django_db
ASK = {"idea": "A hub.", "region": "london", "formats": ["remote"], "wants": "Help."}


def ask(name, **fields):
    return mentor_request_create(
        requester=UserFactory(full_name=name), **{**ASK, "stage": "prove", "themes": ["evidence"], **fields}
    )


def test_batch_matches_more_than_taking_requests_one_at_a_time():
    # The oldest request fits both mentors, Xena best; the second fits only Xena. One at a time, the
    # first takes Xena and the second is left out; the batch gives the first to Yan.
    xena = make_mentor(
        user=UserFactory(full_name="Xena"),
        themes=["evidence", "skills"],
        stages=["prove", "grow"],
        capacity=1,
    )
    make_mentor(
        user=UserFactory(full_name="Yan"),
        themes=["evidence"],
        stages=["prove"],
        formats=["in_person", "remote"],
        region="wales",
        capacity=1,
    )
    first = ask("First Asker", themes=["evidence"])
    second = ask("Second Asker", themes=["skills"], stage="grow")
    # Yan cannot help the second at all: make that a hard rule by having Yan already asked about it.
    yan = Mentor.objects.get(user__full_name="Yan")
    MentorOffer.objects.create(request=second, mentor=yan, rank=1, status="declined")
    proposal = propose()
    assert proposal.open_requests == 2 and proposal.matched == 2 and proposal.greedy_matched == 1
    assert proposal.more_than_one_at_a_time == 1
    assert {(p.request_id, p.mentor_id) for p in proposal.pairs} == {(first.pk, yan.pk), (second.pk, xena.pk)}
    assert all(p.reasons for p in proposal.pairs)


def test_batch_never_gives_a_mentor_more_than_their_room():
    make_mentor(user=UserFactory(full_name="Busy"), capacity=2)
    for n in range(5):
        ask(f"Asker {n}")
    proposal = propose()
    assert proposal.matched == 2
    assert {p.mentor_id for p in proposal.pairs} == {Mentor.objects.get().pk}


def test_the_batch_score_is_the_suggestion_score():
    organisation = OrganisationFactory(organisation_type="nhs")
    for n in range(4):
        make_mentor(
            user=UserFactory(full_name=f"Mentor {n}"), themes=[["evidence"], ["culture", "skills"], ["evidence", "networks"], []][n],
            stages=[["prove"], ["grow"], ["prove", "adopt"], ["test"]][n], knows_organisation_types=[["nhs"], [], ["nhs"], []][n],
            formats=[["remote"], ["in_person"], ["in_person", "remote"], ["in_person"]][n], region=["london", "london", "wales", "london"][n],
            policy_areas=[["Health"], [], ["Health", "Transport"], []][n], capacity=[2, 3, 4, 5][n],
        )  # fmt: skip
    request = mentor_request_create(
        requester=UserFactory(organisation=organisation), stage="prove", themes=["evidence", "networks"],
        region="london", formats=["remote", "in_person"], idea="x", wants="y",
    )  # fmt: skip
    request.policy_areas.set([policy_area("Health")])
    matrix = score_matrix(_requests(), mentors := _mentors())
    by_mentor = {int(m): round(float(s), 3) for m, s in zip(mentors["id"], matrix[0], strict=True)}
    for suggestion in suggest_mentors(request, limit=10):
        assert by_mentor[suggestion.mentor.pk] == pytest.approx(suggestion.score, abs=1e-3)
    assert not np.isnan(matrix).any()


def test_the_batch_score_is_the_suggestion_score_with_the_requests_words_and_policy_areas():
    bios = [
        "Led a falls prevention service with fire crews referring older people.",
        "Fire crews and falls: we cut ambulance call-outs.",
        "Housing First across the city.",
        "Helped three councils adopt an idea.",
    ]
    areas = [["Health", "Adult social care"], ["Health"], [], ["Adult social care"]]
    mentors = [
        make_mentor(user=UserFactory(full_name=f"Mentor {n}"), bio=bio, policy_areas=area, capacity=2)
        for n, (bio, area) in enumerate(zip(bios, areas, strict=True))
    ]
    requests = [
        ask(
            "Falls Asker",
            idea="Fire crews refer older people at risk of falls.",
            wants="Evidence of falls avoided.",
        ),
        ask(
            "Housing Asker",
            idea="Housing for people leaving hospital by ambulance.",
            wants="A business case.",
        ),
    ]
    requests[0].policy_areas.set([policy_area("Health"), policy_area("Adult social care")])
    MentorOffer.objects.create(request=requests[1], mentor=mentors[2], rank=1, status="declined")
    matrix = score_matrix(batch_requests := _requests(), batch_mentors := _mentors())
    row = {int(r): i for i, r in enumerate(batch_requests["id"])}
    column = {int(m): j for j, m in enumerate(batch_mentors["id"])}
    for request in requests:
        suggestions = suggest_mentors(request, limit=10)
        assert any(s.parts["words"] for s in suggestions)
        for suggestion in suggestions:
            in_batch = matrix[row[request.pk], column[suggestion.mentor.pk]]
            assert in_batch == pytest.approx(suggestion.score, abs=1e-3), suggestion.mentor.name
    # The housing mentor already asked is left out of both, and of the share of the best words.
    assert np.isnan(matrix[row[requests[1].pk], column[mentors[2].pk]])
    proposal = propose()
    falls = next(p for p in proposal.pairs if p.request_id == requests[0].pk)
    assert falls.mentor_id == mentors[0].pk
    assert any(reason.startswith("their profile mentions") for reason in falls.reasons)


def test_the_central_team_keeps_some_pairs_and_sends_them_as_offers(staff_client):
    mentors = [make_mentor(user=UserFactory(full_name=f"Mentor {n}"), capacity=1) for n in range(2)]
    requests = [ask(f"Asker {n}") for n in range(2)]
    page = staff_client.get("/mentoring/matching/").content.decode()
    assert "This proposal matches <strong>2 of 2</strong> open requests." in page
    kept = next(p for p in propose().pairs if p.request_id == requests[0].pk)
    mail.outbox.clear()
    response = staff_client.post(
        "/mentoring/matching/", {"keep": [f"{kept.request_id}:{kept.mentor_id}"]}, follow=True
    )
    assert "1 offer sent to mentors." in response.content.decode()
    offer = MentorOffer.objects.get()
    assert (offer.request_id, offer.mentor_id, offer.status) == (kept.request_id, kept.mentor_id, "pending")
    assert offer.reasons
    assert {m.to[0] for m in mail.outbox} == {
        Mentor.objects.get(pk=kept.mentor_id).user.email,
        requests[0].requester.email,
    }
    # Sending the same pair again is refused with the reason, not sent twice.
    response = staff_client.post(
        "/mentoring/matching/", {"keep": [f"{kept.request_id}:{kept.mentor_id}"]}, follow=True
    )
    assert "is no longer open" in response.content.decode()
    assert MentorOffer.objects.count() == 1 and len(mentors) == 2


def test_the_report_counts_and_hides_small_numbers(staff_client):
    mentor = make_mentor(user=UserFactory(full_name="Mina"), capacity=5)
    for n in range(6):
        request = ask(f"Asker {n}")
        mentor_request_choose(request=request, mentor_ids=[mentor.pk])
        if n < 5:
            mentorship = mentor_offer_accept(offer=request.offers.get())
            if n < 2:
                mentorship_end(mentorship=mentorship, user=mentor.user, completed=False, reason="Moved job")
    # A second generation: someone mentored by Mina, then invited, now a mentor.
    mentee = Mentorship.objects.filter(status="ended_early").first().mentee
    make_mentor(user=mentee, brought_in_by=mentor.user, joined_by="invited")
    html = staff_client.get("/mentoring/report/").content.decode()
    assert (
        '<dt class="govuk-summary-list__key">Requests for a mentor</dt><dd class="govuk-summary-list__value">6</dd>'
        in html
    )
    assert (
        '<dt class="govuk-summary-list__key">Matched with a mentor</dt><dd class="govuk-summary-list__value">5</dd>'
        in html
    )
    assert (
        '<dt class="govuk-summary-list__key">Mentorships ended early</dt><dd class="govuk-summary-list__value">fewer than 5</dd>'
        in html
    )
    assert "Moved job" in html
    assert '<svg class="app-chart__svg"' in html and '<title id="generations-title">' in html
    generations = html[
        html.index('id="generations-desc"') : html.index("</desc>", html.index('id="generations-desc"'))
    ]
    assert "1: fewer than 5" in generations and "2: fewer than 5" in generations
    assert "Share of the needed conditions for scaling up the mentor helps with" in html
    active = html[html.index('id="active-desc"') : html.index("</desc>", html.index('id="active-desc"'))]
    this_month = timezone.localdate().strftime("%b %y")
    assert f"{this_month}: fewer than 5" in active  # five started, two ended early
    days = html[html.index('id="days-desc"') : html.index("</desc>", html.index('id="days-desc"'))]
    assert f"{this_month}: 0.0" in days


def test_the_report_takes_a_fixed_number_of_queries(staff_client):
    staff_client.get("/mentoring/report/")
    counts = []
    for n in (1, 4):
        for i in range(n):
            mentor = make_mentor(capacity=2)
            request = ask(f"Asker {n}-{i}")
            mentor_request_choose(request=request, mentor_ids=[mentor.pk])
            mentor_offer_accept(offer=request.offers.get())
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/mentoring/report/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("path", ["/mentoring/matching/", "/mentoring/report/"])
def test_only_the_central_team_with_two_factors_may_match_or_read_the_report(innovator_client, path):
    from django.test import Client

    from tests.factories import StaffFactory

    client = Client()
    assert client.get(path).status_code == 302
    assert innovator_client.get(path).status_code == 403
    without_two_factors = StaffFactory(authenticator_app=False)
    client.force_login(without_two_factors)
    assert client.get(path).status_code == 403
    assert innovator_client.post("/mentoring/matching/", {"keep": ["1:1"]}).status_code == 403


def test_expired_and_unmatched_requests_are_open_for_batch_matching():
    make_mentor(user=UserFactory(full_name="First Choice"), capacity=1)
    request = ask("Asker")
    first = Mentor.objects.get()
    mentor_request_choose(request=request, mentor_ids=[first.pk])
    MentorOffer.objects.update(due_at=timezone.now() - timedelta(days=1))
    from mentoring.services import mentor_offers_expire

    mentor_offers_expire()
    assert MentorRequest.objects.get().status == "no_match"
    second = make_mentor(user=UserFactory(full_name="Second"), capacity=1)
    mentor_refresh([second.pk])
    assert [(p.request_id, p.mentor_id) for p in propose().pairs] == [(request.pk, second.pk)]
