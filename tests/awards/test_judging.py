"""Judging: k judges per nomination, load balanced, never a conflicted judge; stepping aside refills the
gap; judges see only their own nominations, and others' scores only once theirs are in; scores lock
when judging ends."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from awards.demo_content import load_demo_awards
from awards.judging import assignment_add, conflict_declare, judges_assign, scores_save
from awards.models import Assignment, Judge
from portal.moderation.models import WorkflowError
from tests.factories import OrganisationFactory, UserFactory, admin_change_data
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
    assert judges_assign(round_=round_).made == 6
    for nomination in nominations:
        judges = set(nomination.assignments.values_list("judge_id", flat=True))
        assert len(judges) == 2 and conflicted.pk not in judges
    loads = sorted(Assignment.objects.filter(judge__in=others).values_list("judge_id", flat=True))
    assert sorted(loads.count(j.pk) for j in others) == [2, 2, 2]
    assert judges_assign(round_=round_).made == 0  # safe to run again
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


def test_judges_are_emailed_when_appointed_and_given_nominations_with_the_queue_and_deadline(
    round_, staff_client, mailoutbox
):
    """A judge appointed in the admin is told where their judging is; given nominations, they are told
    how many, once, with the queue's address and the deadline."""
    from awards.models import Judge

    judge = UserFactory(full_name="Jo Judge", email="jo@example.org", organisation=OrganisationFactory())
    page = staff_client.get(f"/admin/awards/round/{round_.pk}/change/")
    data = admin_change_data(page)
    prefix = next(f.formset.prefix for f in page.context["inline_admin_formsets"] if f.formset.model is Judge)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data[f"{prefix}-{total}-user"] = str(judge.pk)
    data[f"{prefix}-{total}-round"] = str(round_.pk)
    response = staff_client.post(f"/admin/awards/round/{round_.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    appointed = [m for m in mailoutbox if m.to == ["jo@example.org"]]
    assert len(appointed) == 1 and "You are a judge of the" in appointed[0].subject
    assert "/awards/judging/" in appointed[0].body and "Judging ends at" in appointed[0].body
    mailoutbox.clear()
    appoint(round_, "Judge B")
    for n in range(2):
        submitted(round_, nominee_org=f"Org {n}", name=f"Person {n}")
    mailoutbox.clear()
    judges_assign(round_=round_)
    given = [m for m in mailoutbox if m.to == ["jo@example.org"]]
    assert len(given) == 1 and given[0].subject.endswith(f"2 nominations for you to judge: {round_}")
    assert "/awards/judging/" in given[0].body and "Judging ends at" in given[0].body


def test_judges_are_reminded_once_of_what_they_have_not_scored_before_judging_ends(round_, mailoutbox):
    from django.core.management import call_command

    from awards.models import Judge

    a, b = appoint(round_, "Judge A", "Judge B")
    first = submitted(round_, nominee_org="Westshire", name="First Person")
    second = submitted(round_, nominee_org="Eastmoor", name="Second Person")
    judging(round_)  # judging ends in a week: too early to remind
    judges_assign(round_=round_)
    scores_save(
        assignment=Assignment.objects.get(nomination=first, judge=a),
        scores={c.pk: (3, "") for c in round_.criteria.all()},
    )
    for nomination in (first, second):
        scores_save(
            assignment=Assignment.objects.get(nomination=nomination, judge=b),
            scores={c.pk: (3, "") for c in round_.criteria.all()},
        )
    mailoutbox.clear()
    call_command("remind_judges", stdout=__import__("io").StringIO())
    assert mailoutbox == []
    round_.judging_ends_at = timezone.now() + timedelta(days=2)
    round_.save()
    call_command("remind_judges", stdout=__import__("io").StringIO())
    call_command("remind_judges", stdout=__import__("io").StringIO())  # once only
    assert [m.to for m in mailoutbox] == [[a.email]]  # b has scored everything
    body = mailoutbox[0].body
    assert "Second Person" in body and "First Person" not in body and "/awards/judging/" in body
    assert Judge.objects.get(user=b).reminded_at is not None


def test_the_menu_account_and_awards_pages_lead_a_judge_to_their_judging(round_):
    (a,) = appoint(round_, "Judge A")
    client = Client()
    client.force_login(a)
    for url in ["/", "/account/", "/awards/", round_.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert 'href="/awards/judging/"' in html, url
    other = Client()
    other.force_login(UserFactory())
    nav = other.get("/").content.decode()
    assert 'href="/awards/judging/"' not in nav


def test_a_judge_cannot_step_aside_once_judging_has_ended_and_their_scores_stand(round_):
    (a, _b, _c) = appoint(round_, "Judge A", "Judge B", "Judge C")
    nomination = submitted(round_, nominee_org="Westshire")
    judging(round_)
    judges_assign(round_=round_)
    mine = Assignment.objects.get(nomination=nomination, judge=a)
    scores_save(assignment=mine, scores={c.pk: (4, "") for c in round_.criteria.all()})
    round_.judging_ends_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    client = Client()
    client.force_login(a)
    assert "Step aside" not in client.get(f"/awards/judging/{mine.pk}/conflict/").content.decode()
    html = client.post(f"/awards/judging/{mine.pk}/conflict/", {"reason": "Too late."}).content.decode()
    assert "you can no longer step aside" in html
    mine.refresh_from_db()
    assert mine.status == "active" and mine.scores.count() == round_.criteria.count()
    assert Assignment.objects.filter(nomination=nomination).count() == 2


def test_stepping_aside_with_no_judge_free_says_so_and_tells_the_central_team(round_, mailoutbox):
    from django.conf import settings

    a, b = appoint(round_, "Judge A", "Judge B")
    nomination = submitted(round_, nominee_org="Westshire", name="Sole Person")
    judging(round_)
    judges_assign(round_=round_)
    mailoutbox.clear()
    client = Client()
    client.force_login(a)
    response = client.post(
        f"/awards/judging/{Assignment.objects.get(judge=a).pk}/conflict/",
        {"reason": "My sister."},
        follow=True,
    )
    html = response.content.decode()
    assert "No other judge is free of conflicts" in html and "Another judge has been given it" not in html
    team = [m for m in mailoutbox if m.to == [settings.CENTRAL_TEAM_EMAIL]]
    assert len(team) == 1 and "Sole Person (1 of 2)" in team[0].body
    assert nomination.assignments.filter(status="active").count() == 1


def test_the_conflict_link_comes_before_the_nomination_and_the_scoring_form(round_):
    (a,) = appoint(round_, "Judge A")
    nomination = submitted(round_, nominee_org="Westshire")
    judging(round_)
    assignment = assignment_add(nomination=nomination, judge=a)
    client = Client()
    client.force_login(a)
    html = client.get(f"/awards/judging/{assignment.pk}/").content.decode()
    link = html.index(f"/awards/judging/{assignment.pk}/conflict/")
    assert link < html.index('<h2 class="govuk-heading-m">Summary</h2>') < html.index("Save scores")


def test_the_admin_says_which_nominations_are_short_and_shows_scored_assignments(round_, staff_client):
    from awards.models import Round

    a, b = appoint(round_, "Judge A", "Judge B")
    round_.judges_per_nomination = 3
    round_.save()
    submitted(round_, nominee_org="Westshire", name="Short Person")
    judging(round_)
    response = staff_client.post(
        "/admin/awards/round/", {"action": "assign_judges", "_selected_action": [round_.pk]}, follow=True
    )
    html = response.content.decode()
    assert "2 assignments made" in html and "Short Person (2 of 3)" in html and "short of judges" in html
    assignment = Assignment.objects.filter(judge=a).get()
    scores_save(assignment=assignment, scores={c.pk: (4, "") for c in round_.criteria.all()})
    listing = staff_client.get("/admin/awards/assignment/").content.decode()
    assert "Scored" in listing and "To judge" in listing
    assert Round.objects.count() >= 1


@pytest.mark.django_db(transaction=True)
def test_a_step_aside_and_scores_sent_at_once_never_leave_scores_on_a_conflicted_assignment():
    from tests.innovations.test_double_submissions import at_once

    round_ = load_demo_awards()
    judges = appoint(round_, "Judge A", "Judge B", "Judge C", "Judge D")
    nominations = [submitted(round_, nominee_org=f"Org {n}", name=f"Person {n}") for n in range(8)]
    judging(round_)
    criteria = {c.pk: (4, "") for c in round_.criteria.all()}

    def quietly(call):
        def run():
            try:
                return call()
            except WorkflowError as exc:
                return str(exc)

        return run

    for n, nomination in enumerate(nominations):
        assignment = assignment_add(nomination=nomination, judge=judges[n % 4])
        at_once(
            quietly(lambda a=assignment: conflict_declare(assignment=a, reason="My colleague.")),
            quietly(lambda a=assignment: scores_save(assignment=a, scores=criteria)),
        )
        assignment.refresh_from_db()
        assert assignment.status == "conflicted"
        assert not assignment.scores.exists()


def test_scores_sent_from_a_page_loaded_before_a_step_aside_are_refused(round_):
    """The scoring page was open in one tab while the judge stepped aside in another: posting the scores
    afterwards must not put scores back on the conflicted assignment."""
    (a, _b, _c) = appoint(round_, "Judge A", "Judge B", "Judge C")
    nomination = submitted(round_, nominee_org="Westshire")
    judging(round_)
    loaded = assignment_add(nomination=nomination, judge=a)  # as the scoring page read it
    conflict_declare(assignment=Assignment.objects.get(pk=loaded.pk), reason="My colleague.")
    with pytest.raises(WorkflowError, match="stepped aside"):
        scores_save(assignment=loaded, scores={c.pk: (4, "") for c in round_.criteria.all()})
    assert not loaded.scores.exists()


def test_after_judging_ends_a_judge_reads_what_was_scored_and_the_others_scores(round_):
    from tests.factories import round_deciding

    a, b = appoint(round_, "Judge A", "Judge B")
    nomination = submitted(round_, nominee_org="Westshire", name="Late Person")
    judging(round_)
    mine, theirs = (assignment_add(nomination=nomination, judge=judge) for judge in (a, b))
    scores_save(
        assignment=Assignment.objects.get(pk=theirs.pk), scores={c.pk: (5, "") for c in round_.criteria.all()}
    )
    round_deciding(round_)
    client = Client()
    client.force_login(a)
    queue = client.get("/awards/judging/").content.decode()
    assert "Not scored" in queue and "To score" not in queue
    assert f"{round_}: {round_.categories.first().name}" in queue  # the category filter names its round
    page = client.get(f"/awards/judging/{mine.pk}/").content.decode()
    assert "once you have scored every criterion" not in page and "Judge B" in page
    conflict = client.get(f"/awards/judging/{mine.pk}/conflict/").content.decode()
    assert "Late Person" in conflict
