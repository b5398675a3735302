"""Judging: k judges per nomination, load balanced, never a conflicted judge; stepping aside refills the
gap; judges see only their own nominations, and others' scores only once theirs are in; scores lock
when judging ends."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from awards.demo_content import load_demo_awards
from awards.judging import assignment_add, judges_assign, scores_save
from awards.models import Assignment, Judge
from portal.moderation.models import WorkflowError
from tests.factories import OrganisationFactory, UserFactory
from tests.factories import round_in_judging as judging
from tests.factories import submit_nomination as submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    r = load_demo_awards()
    r.judges_per_nomination = 2
    r.save()
    return r


def appoint(round_, *names, organisation=None):
    users = [UserFactory(full_name=n, organisation=organisation or OrganisationFactory()) for n in names]
    for user in users:
        Judge.objects.create(round=round_, user=user)
    return users


def test_each_nomination_gets_its_judges_with_the_load_balanced_and_conflicts_avoided(round_):
    northby = OrganisationFactory(name="Northby City Council")
    conflicted = appoint(round_, "Judge Northby", organisation=northby)[0]
    others = appoint(round_, "Judge A", "Judge B", "Judge C")
    nominations = [
        submitted(round_, nominee_org="Northby City Council", name=f"Person {n}") for n in range(3)
    ]
    assert judges_assign(round_=round_) == 6
    for nomination in nominations:
        judges = set(nomination.assignments.values_list("judge_id", flat=True))
        assert len(judges) == 2 and conflicted.pk not in judges
    loads = sorted(Assignment.objects.filter(judge__in=others).values_list("judge_id", flat=True))
    assert sorted(loads.count(j.pk) for j in others) == [2, 2, 2]
    assert judges_assign(round_=round_) == 0  # safe to run again
    with pytest.raises(WorkflowError, match="You work for Northby City Council, where a nominee works"):
        assignment_add(nomination=nominations[0], judge=conflicted)


def test_a_declared_conflict_takes_it_out_of_the_queue_for_good_and_another_judge_fills_the_gap(round_):
    a, b, c = appoint(round_, "Judge A", "Judge B", "Judge C")
    nomination = submitted(round_, nominee_org="Westshire")
    judging(round_)
    judges_assign(round_=round_)
    first = Assignment.objects.filter(nomination=nomination).order_by("pk").first()
    judge = Client()
    judge.force_login(first.judge)
    assert "Alex Morgan" in judge.get("/awards/judging/").content.decode()
    judge.post(f"/awards/judging/{first.pk}/conflict/", {"reason": "I mentored Alex last year."})
    first.refresh_from_db()
    assert first.status == "conflicted" and first.conflict_reason == "I mentored Alex last year."
    assert "Alex Morgan" not in judge.get("/awards/judging/").content.decode()
    assert judge.get(f"/awards/judging/{first.pk}/").status_code == 404
    active = set(nomination.assignments.filter(status="active").values_list("judge_id", flat=True))
    assert len(active) == 2 and first.judge_id not in active
    judges_assign(round_=round_)  # a rerun never gives it back
    assert first.judge_id not in set(
        nomination.assignments.filter(status="active").values_list("judge_id", flat=True)
    )


def test_judges_see_only_their_own_and_others_scores_only_after_their_own(round_):
    a, b, outsider = appoint(round_, "Judge A", "Judge B", "Judge Outsider")
    nomination = submitted(round_, nominee_org="Westshire")
    judging(round_)
    assignment_add(nomination=nomination, judge=a)
    assignment_add(nomination=nomination, judge=b)
    mine, theirs = Assignment.objects.get(judge=a), Assignment.objects.get(judge=b)
    criteria = list(round_.criteria.all())
    scores_save(assignment=theirs, scores={c.pk: (5, "Strong.") for c in criteria})
    client = Client()
    client.force_login(a)
    page = client.get(f"/awards/judging/{mine.pk}/").content.decode()
    assert "once you have scored every criterion" in page and "Strong." not in page
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(f"/awards/judging/{mine.pk}/").status_code == 404
    assert "Alex Morgan" not in stranger.get("/awards/judging/").content.decode()
    html = client.post(f"/awards/judging/{mine.pk}/", {f"score_{criteria[0].pk}": "3"}).content.decode()
    assert f"Score {criteria[1].name.lower()} from 1 to 5" in html
    client.post(f"/awards/judging/{mine.pk}/", {f"score_{c.pk}": "2" for c in criteria})
    page = client.get(f"/awards/judging/{mine.pk}/").content.decode()
    assert "once you have scored every criterion" not in page and "Judge B" in page


def test_scores_lock_when_judging_ends_and_open_only_after_the_close(round_):
    (a,) = appoint(round_, "Judge A")
    nomination = submitted(round_, nominee_org="Westshire")
    assignment = assignment_add(nomination=nomination, judge=a)
    criteria = {c.pk: (4, "") for c in round_.criteria.all()}
    with pytest.raises(WorkflowError, match="Scoring opens when nominations close"):
        scores_save(assignment=assignment, scores=criteria)
    judging(round_)
    assignment = Assignment.objects.get(pk=assignment.pk)
    scores_save(assignment=assignment, scores=criteria)
    round_.judging_ends_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    assignment = Assignment.objects.get(pk=assignment.pk)
    with pytest.raises(WorkflowError, match="Judging has ended"):
        scores_save(assignment=assignment, scores=dict.fromkeys(criteria, (1, "")))
    assert set(assignment.scores.values_list("score", flat=True)) == {4}


def test_the_queue_filters_by_category_and_by_scored(round_):
    (a,) = appoint(round_, "Judge A")
    first = submitted(round_, nominee_org="Westshire", name="First Person")
    second = submitted(round_, nominee_org="Eastmoor", name="Second Person")
    judging(round_)
    for nomination in (first, second):
        assignment_add(nomination=nomination, judge=a)
    scores_save(
        assignment=Assignment.objects.get(nomination=first),
        scores={c.pk: (3, "") for c in round_.criteria.all()},
    )
    client = Client()
    client.force_login(a)
    html = client.get("/awards/judging/?scored=no").content.decode()
    assert "Second Person" in html and "First Person" not in html
    html = client.get("/awards/judging/?scored=yes").content.decode()
    assert "First Person" in html and "Second Person" not in html
    html = client.get(f"/awards/judging/?category={round_.categories.first().pk}").content.decode()
    assert "First Person" in html and "Second Person" in html
