"""Nominating in a real browser, JavaScript on and off: a validation error on the way, an over-long
statement refused, every section done, checked and submitted."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from awards.demo_content import load_demo_awards
from tests.factories import PASSWORD, UserFactory, make_innovation


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_nominate_with_an_error_and_an_over_long_statement_on_the_way(
    page, nojs_page, live_server, axe, sign_in, javascript
):
    round_ = load_demo_awards()
    make_innovation(title="Housing First for people sleeping rough")
    UserFactory(email="ivy@example.org", full_name="Ivy Innovator")
    base = live_server.url
    me = page if javascript else nojs_page
    check = axe if javascript else (lambda _page: None)
    sign_in(me, base, "ivy@example.org", PASSWORD)

    me.goto(base + round_.get_absolute_url())
    check(me)
    me.get_by_role("link", name="Nominate someone").click()
    check(me)
    me.get_by_role("button", name="Start now").click()
    expect(me.locator("h1")).to_have_text("Your nomination")
    check(me)

    me.get_by_role("link", name="Category and nominee").click()
    me.get_by_label("Individual", exact=True).check()
    me.get_by_label("An individual").check()
    me.get_by_role("button", name="Save and continue").click()
    expect(me.locator("h1")).to_have_text("The person you are nominating")
    assert me.locator("#id_people-1-name").count() == 0  # one person for an individual
    check(me)
    me.locator("#id_people-0-name").fill("Alex Morgan")
    me.locator("#id_people-0-organisation_name").fill("Northby City Council")
    me.locator("#id_people-0-organisation_type").select_option("local_authority")
    me.get_by_role("button", name="Save and continue").click()
    expect(me).to_have_title(re.compile("^Error: "))
    expect(me.locator(".govuk-error-summary")).to_contain_text("Enter their email address")
    assert me.locator("#id_people-0-name").input_value() == "Alex Morgan"
    check(me)
    me.locator("#id_people-0-email").fill("alex@northby.example.org")
    me.get_by_role("button", name="Save and continue").click()

    me.get_by_role("link", name="The innovation").click()
    me.get_by_label("Search the catalogue for the innovation").fill("housing")
    me.get_by_role("button", name="Search").click()
    me.get_by_label("Housing First for people sleeping rough").check()
    check(me)
    me.get_by_role("button", name="Save and continue").click()

    me.get_by_role("link", name="Summary").click()
    me.get_by_label("Summary").fill("Led Housing First from ten homes to a city-wide service.")
    me.get_by_role("button", name="Save and continue").click()

    for n, criterion in enumerate(round_.criteria.all()):
        me.get_by_role("link", name=f"Statement: {criterion.name}").click()
        situation = (
            "word " * (criterion.word_limit + 5) if n == 0 else "Rough sleeping had risen for five years."
        )
        me.get_by_label("Situation").fill(situation)
        me.get_by_label("Task").fill("Find settled homes.")
        me.get_by_label("Action").fill("Housing First with two housing associations.")
        me.get_by_label("Result").fill("82% kept their homes after two years.")
        if n == 0 and javascript:  # the count under the four parts follows the typing
            expect(me.locator(".app-word-total__message")).to_contain_text("words too many")
        me.get_by_role("button", name="Save and continue").click()
        if n == 0:
            expect(me.locator(".govuk-error-summary")).to_contain_text(
                f"must be {criterion.word_limit} words or fewer in all"
            )
            assert me.get_by_label("Task").input_value() == "Find settled homes."
            check(me)
            me.get_by_label("Situation").fill("Rough sleeping had risen for five years.")
            me.get_by_role("button", name="Save and continue").click()
        expect(me.locator("h1")).to_have_text("Your nomination")

    me.get_by_role("link", name="Supporting links and how you know the nominee").click()
    me.get_by_label("How do you know the nominee?").fill("I commissioned the service.")
    me.get_by_role("button", name="Save and continue").click()
    me.get_by_role("link", name="Check your answers and submit").click()
    check(me)
    me.get_by_role("button", name="Submit nomination").click()
    expect(me.locator("h1")).to_have_text("Nomination submitted")
    check(me)
    me.locator("main").get_by_role("link", name="Your nominations").click()
    expect(me.locator("main")).to_contain_text("Alex Morgan")
    expect(me.locator("main")).to_contain_text("Submitted")
    check(me)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_judge_steps_aside_and_two_judges_score(
    browser, page, nojs_page, live_server, axe, sign_in, javascript
):
    from datetime import timedelta

    from django.utils import timezone

    from awards.judging import judges_assign
    from awards.models import Assignment, Judge
    from awards.services import (
        nomination_save,
        nomination_save_nominees,
        nomination_start,
        nomination_submit,
        statement_save,
    )
    from tests.factories import OrganisationFactory

    round_ = load_demo_awards()
    round_.judges_per_nomination = 2
    round_.save()
    base = live_server.url
    check = axe if javascript else (lambda _page: None)
    judges = {}
    for name in ["Ann Judge", "Bob Judge", "Cat Judge"]:
        email = f"{name.split()[0].lower()}@example.org"
        judges[name] = UserFactory(email=email, full_name=name, organisation=OrganisationFactory())
        Judge.objects.create(round=round_, user=judges[name])
    nominator = UserFactory(organisation=OrganisationFactory())
    nomination = nomination_start(round_=round_, user=nominator)
    nomination_save_nominees(
        nomination=nomination, user=nominator, category=round_.categories.first(), kind="individual", team_name="",
        people=[{"name": "Alex Morgan", "role": "Lead", "organisation_name": "Northby City Council",
                 "organisation_type": "local_authority", "email": "alex@northby.example.org"}],
    )  # fmt: skip
    nomination_save(
        nomination=nomination, summary="Scaled Housing First city-wide.", relationship="Colleague."
    )
    for criterion in round_.criteria.all():
        statement_save(
            nomination=nomination, criterion=criterion, situation="s", task="t", action="a", result="r"
        )
    nomination_submit(nomination=nomination)
    now = timezone.now()
    round_.opens_at, round_.closes_at = now - timedelta(days=9), now - timedelta(days=1)
    round_.judging_ends_at, round_.announce_at = now + timedelta(days=5), now + timedelta(days=9)
    round_.save()
    judges_assign(round_=round_)
    first, second = [a.judge for a in Assignment.objects.filter(nomination=nomination).order_by("pk")]

    def open_as(user):
        context = browser.new_context(java_script_enabled=javascript)
        p = context.new_page()
        sign_in(p, base, user.email, PASSWORD)
        p.goto(f"{base}/awards/judging/")
        return p

    stepping_aside = open_as(first)
    expect(stepping_aside.locator("main")).to_contain_text("Alex Morgan")
    check(stepping_aside)
    stepping_aside.get_by_role("link", name="Alex Morgan").click()
    check(stepping_aside)
    stepping_aside.get_by_role("link", name="declare it and step aside").click()
    stepping_aside.get_by_role("button", name="Step aside").click()
    expect(stepping_aside.locator(".govuk-error-summary")).to_contain_text(
        "Say what the conflict of interest is"
    )
    stepping_aside.get_by_label("What is the conflict of interest?").fill("I mentored Alex last year.")
    stepping_aside.get_by_role("button", name="Step aside").click()
    expect(stepping_aside.locator(".govuk-notification-banner")).to_contain_text("You have stepped aside")
    expect(stepping_aside.locator("main")).not_to_contain_text("Alex Morgan")
    stepping_aside.context.close()

    third = next(
        a.judge
        for a in Assignment.objects.filter(nomination=nomination, status="active")
        if a.judge_id != second.pk
    )
    for n, user in enumerate([second, third]):
        scoring = open_as(user)
        scoring.get_by_role("link", name="Alex Morgan").click()
        expect(scoring.locator("main")).to_contain_text("once you have scored every criterion")
        for criterion in round_.criteria.all():
            scoring.locator(f"input[name=score_{criterion.pk}][value='{4 - n}']").check()
        scoring.get_by_role("button", name="Save scores").click()
        expect(scoring.locator(".govuk-notification-banner")).to_contain_text("Your scores are saved")
        if n == 1:
            expect(scoring.locator("main")).to_contain_text(second.get_full_name())
        check(scoring)
        scoring.context.close()
    assert sorted(
        set(
            Assignment.objects.get(nomination=nomination, judge=second).scores.values_list("score", flat=True)
        )
    ) == [4]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_leaderboard_decisions_and_the_public_page_on_the_announcement_date(
    browser, live_server, axe, sign_in, javascript
):
    from datetime import timedelta

    from django.utils import timezone

    from awards.judging import assignment_add, scores_save
    from awards.models import Assignment
    from tests.factories import OrganisationFactory, StaffFactory, round_deciding
    from tests.factories import round_in_judging as judging
    from tests.factories import submit_nomination as submitted

    round_ = load_demo_awards()
    first = submitted(round_, nominee_org="Northby City Council", name="Alex Morgan")
    second = submitted(round_, nominee_org="Westshire County Council", name="Sam Okafor")
    judging(round_)
    for value_first, value_second in [(1, 2), (5, 3)]:
        judge = UserFactory(organisation=OrganisationFactory())
        for nomination, value in [(first, value_first), (second, value_second)]:
            assignment = Assignment.objects.get(pk=assignment_add(nomination=nomination, judge=judge).pk)
            scores_save(assignment=assignment, scores={c.pk: (value, "") for c in round_.criteria.all()})
    round_deciding(round_)
    StaffFactory(email="sam@example.org")
    base = live_server.url
    check = axe if javascript else (lambda _page: None)
    staff = browser.new_context(java_script_enabled=javascript).new_page()
    sign_in(staff, base, "sam@example.org", PASSWORD)
    staff.goto(base + round_.get_absolute_url())
    staff.get_by_role("link", name="Leaderboard and decisions").click()
    expect(staff.locator("h1")).to_have_text("Leaderboard")
    expect(staff.locator("main")).to_contain_text("Disagree")
    check(staff)
    staff.get_by_role("link", name="Alex Morgan").click()
    staff.get_by_label("Winner").check()
    staff.get_by_role("button", name="Save decision").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Write the citation for a winner")
    check(staff)
    staff.get_by_label("Citation").fill("Took Housing First from ten homes to the whole city.")
    staff.get_by_role("button", name="Save decision").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Decision on Alex Morgan saved")
    staff.get_by_role("link", name="Sam Okafor").click()
    staff.get_by_label("Shortlisted").check()
    staff.get_by_role("button", name="Save decision").click()
    expect(staff.locator("main")).to_contain_text("Shortlisted")

    public = browser.new_context(java_script_enabled=javascript).new_page()
    public.goto(base + round_.get_absolute_url())
    expect(public.locator("main")).not_to_contain_text("Took Housing First")
    round_.judging_ends_at = timezone.now() - timedelta(hours=12)
    round_.announce_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    public.reload()
    expect(public.locator("main")).to_contain_text("Took Housing First from ten homes to the whole city.")
    expect(public.locator("main")).to_contain_text("Sam Okafor")
    check(public)

    # Cron publishes the results: the champions directory lists both; each champion is invited to mentor.
    mail.outbox.clear()
    call_command("publish_results", stdout=io.StringIO())
    public.goto(base + "/awards/champions/")
    expect(public.locator("#results-heading")).to_have_text("2 champions")
    if not javascript:  # without the script the filters stay folded until asked for
        public.locator("summary", has_text="Show filters").click()
    public.get_by_label("Winner").check()
    public.get_by_role("button", name="Apply filters").first.click()
    expect(public.locator("#results-heading")).to_have_text("1 champion")
    expect(public.locator(".app-card-list")).to_contain_text("Took Housing First")
    check(public)
    invitation = next(m for m in mail.outbox if m.to == ["alex@northby.example.org"])
    link = re.search(r"http\S+/awards/champions/join/\S+/", invitation.body).group(0)

    # The champion says what they help with (their nomination names no innovation, so nothing is ticked
    # for them), joins, and is in the mentor search, marked as a champion.
    champion = browser.new_context(java_script_enabled=javascript).new_page()
    champion.goto(base + link[link.index("/awards/") :])
    expect(champion.locator("h1")).to_have_text("Join the mentor pool as a Scaling Up Champion")
    check(champion)
    champion.get_by_role("button", name="Join the mentor pool").click()
    expect(champion.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one stage you can help at"
    )
    check(champion)
    champion.get_by_label("Evidence", exact=False).first.check()
    champion.get_by_label("Grow it").check()
    champion.get_by_role("button", name="Join the mentor pool").click()
    expect(champion.locator("h1")).to_have_text("You have joined the mentor pool")
    check(champion)
    champion.goto(base + "/mentors/?q=Morgan")
    card = champion.locator(".app-card", has_text="Alex Morgan")
    expect(card).to_contain_text(f"Scaling Up Champion {round_.year}")
    card.get_by_role("link", name="Alex Morgan").click()
    expect(champion.locator("main")).to_contain_text(f"Scaling Up Champion {round_.year}")
    check(champion)
    for context in [staff.context, public.context, champion.context]:
        context.close()


def test_the_awards_tables_and_answers_fit_a_phone_screen(browser, live_server, sign_in):
    """At 390 px the leaderboard, a judge's page with the other judges' scores and check your answers
    with long addresses keep to the screen's width: a wide table scrolls inside its own box."""
    from awards.judging import assignment_add, scores_save
    from awards.models import Assignment
    from awards.services import nomination_save, nomination_start
    from tests.factories import OrganisationFactory, StaffFactory, round_deciding
    from tests.factories import round_in_judging as judging
    from tests.factories import submit_nomination as submitted

    round_ = load_demo_awards()
    nominator = UserFactory(email="ivy@example.org", organisation=OrganisationFactory())
    draft = nomination_start(round_=round_, user=nominator)
    nomination_save(
        nomination=draft,
        links=[
            "https://evaluation.example.org/reports/2026/a-very-long-report-name-that-does-not-break-easily"
        ],
    )
    scored = [submitted(round_, nominee_org=f"Council {n}", name=f"Alexandra Longname-{n}") for n in range(3)]
    judging(round_)
    judges = [
        UserFactory(
            email=f"judge{n}@example.org", full_name=f"Judge Number {n}", organisation=OrganisationFactory()
        )
        for n in range(3)
    ]
    for n, judge in enumerate(judges):
        for nomination in scored:
            assignment = Assignment.objects.get(pk=assignment_add(nomination=nomination, judge=judge).pk)
            scores_save(
                assignment=assignment, scores={c.pk: (1 + (n * 2) % 5, "") for c in round_.criteria.all()}
            )
    first = Assignment.objects.filter(judge=judges[0]).first()
    round_deciding(round_)
    StaffFactory(email="sam@example.org")
    base = live_server.url

    def width_at_390(email, path):
        context = browser.new_context(viewport={"width": 390, "height": 800})
        page = context.new_page()
        sign_in(page, base, email, PASSWORD)
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        context.close()
        return width

    assert width_at_390("sam@example.org", f"{round_.get_absolute_url()}leaderboard/") <= 390
    assert width_at_390("judge0@example.org", f"/awards/judging/{first.pk}/") <= 390
    # Check your answers of the draft (the round is closed now, but the nominator can still read it).
    assert width_at_390("ivy@example.org", f"/awards/nominations/{draft.pk}/check/") <= 390
    assert width_at_390("ivy@example.org", "/awards/nominations/") <= 390
