"""Suggestions: hard rules first, then a weighted score, with the reasons in words."""

import pytest

from mentoring.matching import WEIGHTS, suggest_mentors
from mentoring.services import mentor_request_create
from tests.factories import OrganisationFactory, UserFactory, make_mentor, policy_area

pytestmark = pytest.mark.django_db


def ask(requester=None, **fields):
    requester = requester or UserFactory(
        organisation=OrganisationFactory(
            name="Asker Council", organisation_type="local_authority", region="north_west"
        )
    )
    defaults = {
        "idea": "Falls visits by fire crews.", "stage": "prove", "themes": ["evidence", "networks"],
        "region": "north_west", "formats": ["remote", "in_person"], "wants": "A business case.",
    }  # fmt: skip
    areas = fields.pop("policy_areas", [])
    return mentor_request_create(
        requester=requester, policy_areas=[policy_area(a) for a in areas], **{**defaults, **fields}
    )


def person(name, organisation=None):
    return UserFactory(full_name=name, organisation=organisation or OrganisationFactory())


def test_the_best_fit_comes_first_with_its_reasons_in_words():
    make_mentor(
        user=person("Good Fit"), themes=["evidence", "networks"], stages=["prove"], policy_areas=["Health"],
        knows_organisation_types=["local_authority"], formats=["in_person"], region="north_west", capacity=3,
    )  # fmt: skip
    make_mentor(
        user=person("Partial Fit"), themes=["evidence"], stages=["adopt"], formats=["remote"], capacity=3
    )
    make_mentor(
        user=person("No Fit"), themes=["culture"], stages=["test"], formats=["in_person"], region="wales"
    )
    request = ask(policy_areas=["Health"])
    suggestions = suggest_mentors(request)
    assert [s.mentor.name for s in suggestions] == ["Good Fit", "Partial Fit", "No Fit"]
    best = suggestions[0]
    assert best.reasons == [
        "knows Evidence and Networks",
        "has helped at the Prove it stage",
        "works in Health",
        "knows local authority organisations",
        "also in the North West",
        "has room for 3 more",
    ]
    assert best.score == pytest.approx(sum(WEIGHTS.values()))
    assert suggestions[1].reasons == ["knows Evidence", "mentors remotely", "has room for 3 more"]


def test_hard_rules_leave_out_the_requester_the_full_the_paused_and_those_not_approved():
    from mentoring.models import Mentor
    from mentoring.services import mentor_refresh

    requester = person("Asker", OrganisationFactory(name="Same Org"))
    make_mentor(user=requester)  # the requester is a mentor too
    full = make_mentor(user=person("Full"), capacity=1)
    Mentor.objects.filter(pk=full.pk).update(active_mentees=1)
    mentor_refresh([full.pk])
    make_mentor(user=person("Paused"), taking_mentees=False)
    make_mentor(user=person("Draft"), status="draft")
    make_mentor(user=person("Colleague", requester.organisation))
    make_mentor(user=person("Eligible"))
    names = [s.mentor.name for s in suggest_mentors(ask(requester=requester))]
    assert sorted(names) == ["Colleague", "Eligible"]
    names = [s.mentor.name for s in suggest_mentors(ask(requester=requester, not_own_organisation=True))]
    assert names == ["Eligible"]


def test_load_spreads_work_between_otherwise_equal_mentors():
    from mentoring.models import Mentor
    from mentoring.services import mentor_refresh

    busy = make_mentor(user=person("Busy"), capacity=4)
    Mentor.objects.filter(pk=busy.pk).update(active_mentees=3)
    mentor_refresh([busy.pk])
    make_mentor(user=person("Free"), capacity=4)
    assert [s.mentor.name for s in suggest_mentors(ask())] == ["Free", "Busy"]


def test_only_the_best_five_are_suggested():
    for n in range(7):
        make_mentor(user=person(f"Mentor {n}"))
    assert len(suggest_mentors(ask())) == 5
