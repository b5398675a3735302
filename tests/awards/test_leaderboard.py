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
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, round_deciding
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


def _oracle(totals: dict[tuple[int, int], float], weight: int = 3) -> dict[int, float]:
    """The normalised score as the leaderboard's docstring states it, computed plainly in Python:
    (judge, nomination) -> weighted score, to nomination -> normalised."""
    from statistics import fmean, pvariance

    values = list(totals.values())
    panel_mean, panel_var = fmean(values), pvariance(values)
    judges = {j for j, _n in totals}
    shrunk = {}
    for judge in judges:
        own = [v for (j, _n), v in totals.items() if j == judge]
        n = len(own)
        shrunk[judge] = (
            (n * fmean(own) + weight * panel_mean) / (n + weight),
            ((n * pvariance(own) + weight * panel_var) / (n + weight)) ** 0.5,
        )
    by_nomination: dict[int, list[float]] = {}
    for (judge, nomination), value in totals.items():
        mean, sd = shrunk[judge]
        by_nomination.setdefault(nomination, []).append((value - mean) / sd if sd else 0.0)
    return {n: fmean(zs) for n, zs in by_nomination.items()}


def test_the_figures_per_nomination(scored):
    round_, (first, second, third) = scored
    rows = {row.nomination.pk: row for row in leaderboard(round_).rows}
    assert rows[first.pk].weighted == pytest.approx((1 + 3 + 5) / 3)
    assert rows[first.pk].median == pytest.approx(3)
    assert rows[first.pk].scores == 3 and rows[first.pk].disagreement
    assert rows[first.pk].spread == pytest.approx(4)
    assert rows[third.pk].scores == 1 and not rows[third.pk].disagreement
    # Harsh scored 1, 2, 3; lenient 3, 4; wild 5, 1: each judge's mean and variance blended with the
    # panel's (mean 19/7, variance 1.918) as three nominations' worth.
    expected = _oracle(
        {("h", 0): 1, ("h", 1): 2, ("h", 2): 3, ("l", 0): 3, ("l", 1): 4, ("w", 0): 5, ("w", 1): 1}
    )
    assert rows[first.pk].normalised == pytest.approx(expected[0], abs=1e-6)
    assert rows[second.pk].normalised == pytest.approx(expected[1], abs=1e-6)
    assert rows[third.pk].normalised == pytest.approx(expected[2], abs=1e-6)
    assert rows[third.pk].normalised == pytest.approx(0.5655, abs=1e-3)
    assert [r.nomination.pk for r in leaderboard(round_, sort="normalised").rows][0] == third.pk
    assert [r.nomination.pk for r in leaderboard(round_, sort="weighted").rows][0] == first.pk
    assert [r.nomination.pk for r in leaderboard(round_, sort="spread").rows][0] == first.pk
    # First and third tie on 3.0 (the older first); second has 2.33, on the third page of one.
    third_page = leaderboard(round_, sort="weighted", page_size=1, page=3)
    assert [r.nomination.pk for r in third_page.rows] == [second.pk] and third_page.num_pages == 3


def _score_all(round_, judge, nomination, value):
    """Every criterion scored `value`, so the judge's weighted score is `value`."""
    assignment = Assignment.objects.get(pk=assignment_add(nomination=nomination, judge=judge).pk)
    scores_save(assignment=assignment, scores={c.pk: (value, "") for c in round_.criteria.all()})


def _weighted_scores(round_, judge, nomination, total):
    """Scores whose weighted score (criteria weighted 3, 3, 2, 2) is `total`: a whole score s and s+1
    on some criteria."""
    criteria = list(round_.criteria.all())
    base = int(total)
    extra_weight = round((total - base) * sum(c.weight for c in criteria))
    scores, left = {}, extra_weight
    for criterion in criteria:
        bump = 1 if left >= criterion.weight else 0
        left -= criterion.weight * bump
        scores[criterion.pk] = (base + bump, "")
    assert left == 0, f"no whole scores weigh to {total}"
    assignment = Assignment.objects.get(pk=assignment_add(nomination=nomination, judge=judge).pk)
    scores_save(assignment=assignment, scores=scores)


def test_a_judge_who_scored_two_nominations_does_not_put_them_two_points_apart():
    """Four judges each score two nominations. One judge gave 3.3 and 3.2: with plain z-scores those count
    as +1 and -1, as far apart as the best and worst of the round; blended with the panel they are close."""
    round_ = load_demo_awards()
    nominations = [submitted(round_, nominee_org=f"Org {n}", name=f"Person {n}") for n in range(4)]
    judging(round_)
    close, a, b, c = (UserFactory(organisation=OrganisationFactory()) for _ in range(4))
    _weighted_scores(round_, close, nominations[0], 3.3)
    _weighted_scores(round_, close, nominations[1], 3.2)
    for judge, (x, y) in [(a, (2, 3)), (b, (3, 4)), (c, (5, 1))]:
        _score_all(round_, judge, nominations[2], x)
        _score_all(round_, judge, nominations[3], y)
    rows = {row.nomination.pk: row for row in leaderboard(round_).rows}
    gap = rows[nominations[0].pk].normalised - rows[nominations[1].pk].normalised
    assert 0 < gap < 0.2
    assert rows[nominations[0].pk].scores == 1 and rows[nominations[0].pk].short_of_judges


def test_the_normalised_score_matches_its_stated_formula_on_random_scores():
    import random

    rng = random.Random(24)
    round_ = load_demo_awards()
    nominations = [submitted(round_, nominee_org=f"Org {n}", name=f"Person {n}") for n in range(6)]
    judging(round_)
    judges = [UserFactory(organisation=OrganisationFactory()) for _ in range(4)]
    totals = {}
    for j, judge in enumerate(judges):
        for n, nomination in enumerate(nominations):
            if rng.random() < 0.6:
                value = rng.randint(1, 5)
                _score_all(round_, judge, nomination, value)
                totals[(j, n)] = value
    expected = _oracle(totals)
    rows = {row.nomination.pk: row for row in leaderboard(round_).rows}
    for n, nomination in enumerate(nominations):
        if n in expected:
            assert rows[nomination.pk].normalised == pytest.approx(expected[n], abs=1e-6)
        else:
            assert rows[nomination.pk].normalised is None


@pytest.mark.parametrize(
    ("totals", "flagged"),
    [([3.3, 3.5, 4.8], True), ([3.2, 4.5], True), ([3.0, 3.5, 3.8], False), ([4.0], False)],
)
def test_disagree_marks_judges_whose_scores_differ_by_one_or_more(totals, flagged):
    round_ = load_demo_awards()
    nomination = submitted(round_, nominee_org="Org", name="Person One")
    judging(round_)
    for total in totals:
        _weighted_scores(round_, UserFactory(organisation=OrganisationFactory()), nomination, total)
    (row,) = leaderboard(round_).rows
    assert row.spread == pytest.approx(max(totals) - min(totals), abs=1e-9)
    assert row.disagreement is flagged


def test_a_nomination_short_of_judges_or_scores_is_flagged_on_the_page(staff_client):
    round_ = load_demo_awards()
    short, unscored = (submitted(round_, nominee_org=f"Org {n}", name=f"Person {n}") for n in range(2))
    judging(round_)
    _score_all(round_, UserFactory(organisation=OrganisationFactory()), short, 4)
    for _ in range(3):
        assignment_add(nomination=unscored, judge=UserFactory(organisation=OrganisationFactory()))
    rows = {row.nomination.pk: row for row in leaderboard(round_).rows}
    assert rows[short.pk].short_of_judges and rows[short.pk].scores == 1 and not rows[short.pk].scores_missing
    assert not rows[unscored.pk].short_of_judges and rows[unscored.pk].scores_missing == 3
    html = staff_client.get(f"/awards/{round_.award.slug}/{round_.year}/leaderboard/").content.decode()
    assert "Short of judges" in html and "Scores missing" in html and "1 of 3" in html
    assert "Spread" in html and "highest judge" in html


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
    # While judging goes on, decisions are refused and the page says when they open.
    page = client.get(url + f"{first.pk}/").content.decode()
    assert "Decisions can be recorded once judging ends" in page and "Save decision" not in page
    response = client.post(url + f"{first.pk}/", {"outcome": "winner", "citation": "Too soon."})
    assert "Decisions can be recorded once judging ends" in response.content.decode()
    assert not Decision.objects.exists()
    round_deciding(round_)
    response = client.post(url + f"{first.pk}/", {"outcome": "winner", "citation": ""})
    assert "Write the citation for a winner" in response.content.decode()
    client.post(url + f"{first.pk}/", {"outcome": "winner", "citation": "Scaled it across the North."})
    client.post(url + f"{second.pk}/", {"outcome": "shortlisted"})
    decision = Decision.objects.get(nomination=first)
    assert decision.decided_by == staff and decision.citation == "Scaled it across the North."


def test_the_decision_page_and_the_csv_carry_every_judges_scores_and_comments(scored, staff_client):
    import csv as csv_module
    import io

    round_, (first, _second, _third) = scored
    criterion = round_.criteria.first()
    assignment = Assignment.objects.filter(nomination=first, judge__full_name="Wild").get()
    scores_save(
        assignment=assignment,
        scores={
            c.pk: (5, "Spread to nine councils" if c == criterion else "") for c in round_.criteria.all()
        },
    )
    url = f"/awards/{round_.award.slug}/{round_.year}/leaderboard/"
    page = staff_client.get(url + f"{first.pk}/").content.decode()
    assert "Wild" in page and "Harsh" in page and "Spread to nine councils" in page
    assert "Each judge&#x27;s scores and comments" in page or "Each judge's scores and comments" in page
    rows = list(csv_module.reader(io.StringIO(staff_client.get(url + "?format=csv").content.decode())))
    header, body = rows[0], rows[1:]
    row = next(r for r in body if r[0] == str(first.pk))
    assert "Spread to nine councils" in row[header.index("judges' scores and comments")]
    assert "Wild 5.00" in row[header.index("judges' scores and comments")]
    # Numbers are written as numbers, negative ones too, so a spreadsheet sorts them.
    normalised = [r[header.index("normalised")] for r in body]
    assert any(value.startswith("-") for value in normalised)
    assert all(float(value) == float(value) for value in normalised if value)
    assert row[header.index("judges who scored")] == "3" and row[header.index("judges needed")] == "3"


def test_results_appear_only_on_the_announcement_date_and_never_an_email(scored):
    round_, (first, second, third) = scored
    staff = StaffFactory()
    from awards.services import decision_record

    round_deciding(round_)
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


def test_a_winners_citation_must_be_words_not_blank_looking_characters(scored):
    from awards.services import decision_record
    from portal.moderation.models import WorkflowError

    round_, (first, _second, _third) = scored
    round_deciding(round_)
    with pytest.raises(WorkflowError, match="Write the citation for a winner"):
        decision_record(
            nomination=first, user=StaffFactory(), outcome="winner", citation="\u2800\u3164\u200b"
        )
