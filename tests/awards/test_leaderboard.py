"""The leaderboard (weighted mean, median, per-judge normalised score, count, disagreement; sortable;
CSV), decisions with who and when, and the public results only from the announcement date."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from awards.demo_content import load_demo_awards
from awards.judging import assignment_add, scores_save
from awards.leaderboard import leaderboard
from awards.models import Assignment, Decision
from tests.factories import OrganisationFactory, StaffFactory, UserFactory
from tests.factories import round_in_judging as judging
from tests.factories import submit_nomination as submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    """Three nominations. The harsh judge gives 1, 2, 3; the lenient judge 3, 4, 5 to the first two only;
    a third judge disagrees wildly on the first."""
    round_ = load_demo_awards()
    nominations = [submitted(round_, nominee_org=f"Org {n}", name=f"Person {n}") for n in range(3)]
    judging(round_)
    harsh, lenient, wild = (
        UserFactory(full_name=n, organisation=OrganisationFactory()) for n in ["Harsh", "Lenient", "Wild"]
    )
    criteria = list(round_.criteria.all())

    def score(judge, nomination, value):
        assignment = Assignment.objects.get(pk=assignment_add(nomination=nomination, judge=judge).pk)
        scores_save(assignment=assignment, scores={c.pk: (value, "") for c in criteria})

    for nomination, value in zip(nominations, [1, 2, 3], strict=True):
        score(harsh, nomination, value)
    for nomination, value in zip(nominations[:2], [3, 4], strict=True):
        score(lenient, nomination, value)
    score(wild, nominations[0], 5)
    score(wild, nominations[1], 1)
    return round_, nominations


def test_the_figures_per_nomination(scored):
    round_, (first, second, third) = scored
    rows = {row.nomination.pk: row for row in leaderboard(round_).rows}
    assert rows[first.pk].weighted == pytest.approx((1 + 3 + 5) / 3)
    assert rows[first.pk].median == pytest.approx(3)
    assert rows[first.pk].scores == 3 and rows[first.pk].disagreement
    assert rows[third.pk].scores == 1 and not rows[third.pk].disagreement
    # Normalised: harsh z for 1, 2, 3 is -1.22, 0, 1.22; lenient -1, 1; wild 1, -1.
    assert rows[first.pk].normalised == pytest.approx((-1.2247 - 1 + 1) / 3, abs=1e-3)
    assert rows[third.pk].normalised == pytest.approx(1.2247, abs=1e-3)
    assert [r.nomination.pk for r in leaderboard(round_, sort="normalised").rows][0] == third.pk
    assert [r.nomination.pk for r in leaderboard(round_, sort="weighted").rows][0] == first.pk
    # First and third tie on 3.0 (the older first); second has 2.33, on the third page of one.
    third_page = leaderboard(round_, sort="weighted", page_size=1, page=3)
    assert [r.nomination.pk for r in third_page.rows] == [second.pk] and third_page.num_pages == 3


def test_the_central_team_reads_sorts_downloads_and_decides(scored):
    round_, (first, second, third) = scored
    staff = StaffFactory()
    client = Client()
    client.force_login(staff)
    url = f"/awards/{round_.award.slug}/{round_.year}/leaderboard/"
    html = client.get(url + "?sort=median").content.decode()
    assert "Person 0" in html and "Disagree" in html
    csv = client.get(url + "?format=csv").content.decode()
    assert csv.splitlines()[0].startswith("nomination,nominee,category,weighted mean,median,normalised")
    assert "Person 2" in csv.splitlines()[1]
    response = client.post(url + f"{first.pk}/", {"outcome": "winner", "citation": ""})
    assert "Write the citation for a winner" in response.content.decode()
    client.post(url + f"{first.pk}/", {"outcome": "winner", "citation": "Scaled it across the North."})
    client.post(url + f"{second.pk}/", {"outcome": "shortlisted"})
    decision = Decision.objects.get(nomination=first)
    assert decision.decided_by == staff and decision.citation == "Scaled it across the North."


def test_results_appear_only_on_the_announcement_date_and_never_an_email(scored):
    round_, (first, second, third) = scored
    staff = StaffFactory()
    from awards.services import decision_record

    decision_record(nomination=first, user=staff, outcome="winner", citation="Scaled it across the North.")
    decision_record(nomination=second, user=staff, outcome="highly_commended")
    public = Client()
    html = public.get(round_.get_absolute_url()).content.decode()
    assert "Scaled it across the North." not in html and "Person 0" not in html
    round_.judging_ends_at = timezone.now() - timedelta(hours=12)
    round_.announce_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    html = public.get(round_.get_absolute_url()).content.decode()
    assert "Winners" in html and "Scaled it across the North." in html and "Person 0" in html
    assert "Highly commended" in html and "Person 1" in html and "Person 2" not in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    # Once announced, decisions are final.
    from portal.moderation.models import WorkflowError

    with pytest.raises(WorkflowError, match="winners have been announced"):
        decision_record(nomination=third, user=staff, outcome="shortlisted")


@pytest.mark.parametrize("path", ["leaderboard/", "leaderboard/{pk}/"])
def test_only_the_central_team_reads_the_leaderboard_or_decides(scored, path, innovator_client):
    round_, (first, _second, _third) = scored
    url = f"/awards/{round_.award.slug}/{round_.year}/" + path.format(pk=first.pk)
    assert Client().get(url).status_code == 302
    assert innovator_client.get(url).status_code == 403
    judge = Client()
    judge.force_login(Assignment.objects.filter(nomination=first).first().judge)
    assert judge.get(url).status_code == 403


def test_the_leaderboard_takes_a_fixed_number_of_queries(scored):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_, nominations = scored
    client = Client()
    client.force_login(StaffFactory())
    url = f"/awards/{round_.award.slug}/{round_.year}/leaderboard/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    judge = UserFactory(organisation=OrganisationFactory())
    for nomination in nominations:
        assignment = Assignment.objects.get(pk=assignment_add(nomination=nomination, judge=judge).pk)
        scores_save(assignment=assignment, scores={c.pk: (3, "") for c in round_.criteria.all()})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
