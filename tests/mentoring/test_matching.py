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
        bio="Took falls visits by fire crews from one station to every station in the county.",
    )  # fmt: skip
    make_mentor(
        user=person("Partial Fit"), themes=["evidence"], stages=["adopt"], formats=["remote"], capacity=3
    )
    make_mentor(
        user=person("No Fit"), themes=["culture"], stages=["test"], formats=["in_person"], region="wales"
    )
    request = ask(policy_areas=["Health"])
    suggestions = suggest_mentors(request)
    # "No Fit" meets only in person, in Wales: it cannot meet this requester at all.
    assert [s.mentor.name for s in suggestions] == ["Good Fit", "Partial Fit"]
    best = suggestions[0]
    assert best.reasons == [
        "knows Evidence and Networks",
        "their profile mentions falls, visits, fire and crews",
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


def test_the_requests_own_words_count_against_the_mentors_profiles():
    same = {"themes": ["evidence"], "stages": ["prove"], "policy_areas": ["Health"], "capacity": 2}
    make_mentor(
        user=person("Hal Housing", OrganisationFactory(name="Northby Council")), **same,
        bio="Led Housing First from ten tenancies to a city-wide service.",
    )  # fmt: skip
    make_mentor(
        user=person("Fay Falls", OrganisationFactory(name="Valleys Health Board")), **same,
        bio="Led a falls prevention service: fire crews and care homes refer older people at risk of a fall.",
    )  # fmt: skip
    request = ask(
        idea="Fire crews check older people's homes for trip hazards and refer them to the falls clinic.",
        wants="To show the falls it prevents.", themes=["evidence"], policy_areas=["Health"],
    )  # fmt: skip
    first, second = suggest_mentors(request)
    assert (first.mentor.name, second.mentor.name) == ("Fay Falls", "Hal Housing")
    assert first.parts["words"] == 1 and second.parts["words"] == 0
    assert first.score - second.score == pytest.approx(WEIGHTS["words"])
    assert "their profile mentions fire, crews, older and homes" in first.reasons
    assert not any("profile mentions" in reason for reason in second.reasons)


def test_each_policy_area_shared_counts_and_the_reasons_say_how_many():
    make_mentor(user=person("One Area"), policy_areas=["Health"])
    make_mentor(user=person("Both Areas"), policy_areas=["Adult social care", "Health"])
    request = ask(policy_areas=["Adult social care", "Health"])
    both, one = suggest_mentors(request)
    assert (both.mentor.name, one.mentor.name) == ("Both Areas", "One Area")
    assert (both.parts["policy_area"], one.parts["policy_area"]) == (1, 0.5)
    assert both.score - one.score == pytest.approx(WEIGHTS["policy_area"] / 2)
    assert "works in Adult social care and Health, both of your policy areas" in both.reasons
    assert "works in Health, 1 of your 2 policy areas" in one.reasons


def test_a_mentor_asked_for_by_name_comes_first_if_the_hard_rules_allow():
    for n in range(6):
        make_mentor(user=person(f"Close Fit {n}"), themes=["evidence", "networks"], stages=["prove"])
    asked = make_mentor(user=person("Asked For"), themes=["culture"], stages=["adopt"])
    paused = make_mentor(user=person("Paused"), taking_mentees=False)
    request = ask()
    names = [s.mentor.name for s in suggest_mentors(request, including=[asked.pk])]
    assert names[0] == "Asked For" and len(names) == 5
    assert "Asked For" not in [s.mentor.name for s in suggest_mentors(request)]
    assert "Paused" not in [s.mentor.name for s in suggest_mentors(request, including=[paused.pk])]


def test_only_mentors_who_can_meet_as_the_requester_can_are_suggested_here_and_in_the_batch():
    """In person only, in the South West: a mentor who meets only remotely, or in person elsewhere, is never
    suggested, whatever else fits; the batch's hard rules say the same."""
    import numpy as np

    from mentoring.batch import _mentors, _requests, score_matrix

    near = make_mentor(user=person("Near"), formats=["in_person"], region="south_west", themes=["evidence"])
    make_mentor(
        user=person("Remote Only"), formats=["remote"], region="scotland", themes=["evidence", "networks"]
    )
    make_mentor(
        user=person("Far Away"), formats=["in_person"], region="north_east", themes=["evidence", "networks"]
    )
    request = ask(formats=["in_person"], region="south_west")
    assert [s.mentor.name for s in suggest_mentors(request)] == ["Near"]
    matrix = score_matrix(_requests(), mentors := _mentors())
    allowed = {int(m) for m, s in zip(mentors["id"], matrix[0], strict=True) if not np.isnan(s)}
    assert allowed == {near.pk}


def test_everyday_words_are_not_given_as_reasons():
    make_mentor(
        user=person("Plain"), themes=["evidence"],
        bio="I help people find new ways to build and adopt services across councils and teams.",
    )  # fmt: skip
    request = ask(idea="Find a way to build and adopt this across councils.", wants="People to help.")
    (suggestion,) = suggest_mentors(request)
    assert not any(reason.startswith("their profile mentions") for reason in suggestion.reasons)
