"""Offering to mentor in a real browser, JavaScript on and off: an error on the way keeps every answer,
the offer is sent, the central team approves it in the admin, and the mentor is found in the directory
and can pause."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, StaffFactory, UserFactory, policy_area


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_offer_to_mentor_be_approved_and_be_found(
    browser, page, nojs_page, live_server, axe, sign_in, javascript
):
    policy_area("Health")
    UserFactory(email="ivy@example.org", full_name="Ivy Innovator")
    StaffFactory(email="staff@example.org")
    base = live_server.url
    me = page if javascript else nojs_page
    check = axe if javascript else (lambda _page: None)
    sign_in(me, base, "ivy@example.org", PASSWORD)

    me.goto(f"{base}/mentoring/")
    check(me)
    me.get_by_role("link", name="Offer to mentor").first.click()
    expect(me.locator("h1")).to_have_text("Offer to mentor")
    check(me)
    me.get_by_label("Job title").fill("Falls prevention lead")
    me.get_by_label("Evidence", exact=False).first.check()
    me.get_by_label("About you as a mentor").fill("Scaled falls visits across four fire services.")
    me.get_by_role("button", name="Send your offer").click()
    # An error on the way: what is missing is named, next to each question and in the summary.
    expect(me).to_have_title(re.compile("^Error: "))
    summary = me.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of your organisation")
    expect(summary).to_contain_text("Select at least one stage you can help at")
    assert (
        me.get_by_label("About you as a mentor").input_value()
        == "Scaled falls visits across four fire services."
    )
    assert me.get_by_label("Job title").input_value() == "Falls prevention lead"
    check(me)
    me.get_by_label("Organisation", exact=True).fill("Valleys Fire Service")
    me.get_by_label("Type of organisation").select_option("police_fire")
    me.get_by_label("Prove it").check()
    me.get_by_label("Where are you based?").select_option("wales")
    me.get_by_label("Remote").check()
    me.get_by_label("3 mentees").check()
    me.get_by_role("button", name="Send your offer").click()
    expect(me.locator("h1")).to_have_text("Offer sent")
    check(me)

    staff = browser.new_context().new_page()
    sign_in(staff, base, "staff@example.org", PASSWORD)
    staff.goto(f"{base}/admin/mentoring/mentor/?review=awaiting")
    staff.get_by_role("link", name="Ivy Innovator").click()
    staff.get_by_role("button", name="Approve").click()
    expect(staff.locator(".messagelist")).to_contain_text("1 mentor approved")
    staff.context.close()

    me.goto(f"{base}/mentors/?q=falls")
    expect(me.locator("#results-heading")).to_have_text("1 mentor for “falls”")
    me.get_by_role("link", name="Ivy Innovator").click()
    expect(me.locator("h1")).to_have_text("Ivy Innovator")
    expect(me.locator("main")).to_contain_text("Falls prevention lead, Valleys Fire Service")
    check(me)
    me.get_by_role("link", name="Back to results").click()
    assert "q=falls" in me.url

    me.goto(f"{base}/mentoring/")
    me.get_by_role("link", name="Pause, or change how many mentees you take").click()
    check(me)
    me.get_by_label("No, pause for now").check()
    me.get_by_role("button", name="Save").click()
    expect(me.locator(".govuk-notification-banner")).to_contain_text("You have paused")
    me.goto(f"{base}/mentors/?q=falls")
    expect(me.locator("#results-heading")).to_have_text("0 mentors for “falls”")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_ask_choose_three_first_declines_second_accepts_third_withdrawn(
    browser, page, nojs_page, live_server, axe, sign_in, javascript
):
    from mentoring.models import MentorOffer
    from tests.factories import make_mentor

    base = live_server.url
    check = axe if javascript else (lambda _page: None)
    UserFactory(email="ivy@example.org", full_name="Ivy Innovator")
    people = {}
    for name, email in [
        ("Ann First", "ann@example.org"),
        ("Bob Second", "bob@example.org"),
        ("Cat Third", "cat@example.org"),
    ]:
        people[name] = make_mentor(
            user=UserFactory(full_name=name, email=email, job_title="Head of service"),
            themes=["evidence"],
            stages=["prove"],
        )
    me = page if javascript else nojs_page
    sign_in(me, base, "ivy@example.org", PASSWORD)
    me.goto(f"{base}/mentoring/")
    me.get_by_role("link", name="Ask for a mentor").click()
    check(me)
    me.get_by_label("What is your idea?").fill("Falls visits by fire crews, tested in two stations.")
    me.get_by_role("button", name="See mentors who fit").click()
    expect(me.locator(".govuk-error-summary")).to_contain_text("Select the stage your idea is at")
    assert (
        me.get_by_label("What is your idea?").input_value()
        == "Falls visits by fire crews, tested in two stations."
    )
    check(me)
    me.get_by_label("Prove it").check()
    me.get_by_label("Evidence", exact=False).first.check()
    me.get_by_label("Where are you based?").select_option("london")
    me.get_by_label("Remote").check()
    me.get_by_label("What do you want from mentoring?").fill("A business case my board will fund.")
    me.get_by_role("button", name="See mentors who fit").click()
    expect(me.locator("h1")).to_have_text("Choose your mentors")
    expect(me.locator("main")).to_contain_text(
        "Why they fit: knows Evidence; has helped at the Prove it stage"
    )
    check(me)
    me.get_by_label("Your first choice").select_option(label="Ann First")
    me.get_by_label("Your second choice").select_option(label="Bob Second")
    me.get_by_label("Your third choice").select_option(label="Cat Third")
    me.get_by_role("button", name="Send my request").click()
    expect(me.locator("h1")).to_have_text("Your request for a mentor")
    check(me)

    mentor_page = browser.new_context(java_script_enabled=javascript).new_page()
    for name, action in [("Ann First", "decline"), ("Bob Second", "accept")]:
        offer = MentorOffer.objects.get(mentor=people[name])
        sign_in(mentor_page, base, people[name].user.email, PASSWORD)
        mentor_page.goto(f"{base}/mentoring/")
        mentor_page.get_by_role("link", name="Ivy Innovator").click()
        assert mentor_page.url.endswith(f"/mentoring/offers/{offer.pk}/")
        check(mentor_page)
        if action == "decline":
            mentor_page.get_by_label("Why are you declining?").fill("No time until the spring.")
            mentor_page.get_by_role("button", name="Decline").click()
            expect(mentor_page.locator(".govuk-notification-banner")).to_contain_text("You have declined")
        else:
            mentor_page.get_by_role("button", name="Accept and start mentoring").click()
            expect(mentor_page.locator("h1")).to_have_text("Mentoring Ivy Innovator")
            check(mentor_page)
        mentor_page.context.clear_cookies()
    mentor_page.context.close()

    me.reload()
    rows = me.locator("table tbody tr")
    expect(rows.nth(0)).to_contain_text("Could not take it on")
    expect(rows.nth(1)).to_contain_text("Accepted")
    expect(rows.nth(2)).to_contain_text("Withdrawn")
    me.get_by_role("link", name="Go to your mentorship").click()
    expect(me.locator("h1")).to_have_text("Mentored by Bob Second")
    check(me)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_mentorship_from_assessment_to_a_new_mentor(
    browser, page, nojs_page, live_server, axe, sign_in, javascript
):
    """The line manager confirms through the emailed link; the assessment is recorded and updated; goals,
    a session and a private note; the mentorship ends; the mentee is invited and becomes a mentor."""
    from django.core import mail
    from django.utils import timezone

    from mentoring.models import Mentor
    from mentoring.services import mentor_offer_accept, mentor_request_choose, mentor_request_create
    from tests.factories import make_mentor

    base = live_server.url
    check = axe if javascript else (lambda _page: None)
    mentor = make_mentor(
        user=UserFactory(full_name="Mina Mentor", email="mina@example.org", job_title="Head of service")
    )
    ed = UserFactory(full_name="Ed Mentee", email="ed@example.org", job_title="Project lead")
    ask = {
        "idea": "A hub.",
        "stage": "prove",
        "themes": ["evidence"],
        "region": "london",
        "formats": ["remote"],
        "wants": "Help.",
    }
    request = mentor_request_create(requester=ed, **ask)
    mentor_request_choose(request=request, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=request.offers.get())
    home = f"{base}/mentoring/mentorships/{mentorship.pk}/"

    me = page if javascript else nojs_page
    sign_in(me, base, "ed@example.org", PASSWORD)
    me.goto(home)
    check(me)
    me.get_by_role("link", name="Ask your line manager to confirm time for mentoring").click()
    me.get_by_label("Your line manager's name").fill("Pat Boss")
    me.get_by_label("Their email address").fill("pat@northby.example.org")
    me.get_by_role("button", name="Send").click()
    expect(me.locator(".govuk-notification-banner")).to_contain_text("We have emailed Pat Boss")
    link = next(m for m in mail.outbox if m.to == ["pat@northby.example.org"]).body
    path = re.search(r"/mentoring/support/[^\s]+/", link).group(0)
    manager = browser.new_context(java_script_enabled=javascript).new_page()
    manager.goto(f"{base}{path}")
    expect(manager.locator("h1")).to_have_text("Can Ed Mentee have time for mentoring?")
    check(manager)
    manager.get_by_label("Yes, I confirm they can have time for it").check()
    manager.get_by_role("button", name="Send answer").click()
    expect(manager.locator("h1")).to_have_text("Thank you")
    check(manager)
    manager.context.close()

    me.goto(home)
    expect(me.locator("main")).to_contain_text("Pat Boss, Ed Mentee's line manager: confirmed time on")
    me.get_by_role("link", name="Record the assessment").click()
    check(me)
    me.locator("input[name=evidence_standing][value=blocker]").check()
    me.get_by_label("Evidence: note").fill("No baseline data yet.")
    me.get_by_label("Support agreed").fill("Find an evaluator.")
    me.get_by_role("button", name="Save assessment").click()
    expect(me.locator("main")).to_contain_text("No baseline data yet.")
    me.get_by_role("link", name="Update the assessment").click()
    me.locator("input[name=evidence_standing][value=needs_work]").check()
    me.get_by_role("button", name="Save assessment").click()
    expect(me.locator("main")).to_contain_text("At first")
    me.get_by_label("Add a goal").fill("A business case the board approves")
    me.get_by_role("button", name="Add goal").click()
    me.get_by_role("link", name="Record a session").click()
    check(me)
    me.get_by_label("Date of the session").fill(timezone.localdate().strftime("%d %m %Y"))
    me.get_by_label("What did you talk about?").fill("Mapped the partners.")
    me.get_by_role("button", name="Save session").click()
    me.get_by_label("Add a private note").fill("Ask Mina about the sponsor.")
    me.get_by_role("button", name="Save note").click()
    expect(me.locator("main")).to_contain_text("Ask Mina about the sponsor.")
    check(me)

    other = browser.new_context(java_script_enabled=javascript).new_page()
    sign_in(other, base, "mina@example.org", PASSWORD)
    other.goto(home)
    expect(other.locator("main")).to_contain_text("Mapped the partners.")
    expect(other.locator("main")).to_contain_text("A business case the board approves")
    assert "Ask Mina about the sponsor." not in other.content()
    other.get_by_role("button", name="Mark as done").click()
    expect(other.locator("main")).to_contain_text("1 of 1 done.")
    other.get_by_role("link", name="End the mentorship").click()
    check(other)
    other.get_by_label("It is complete: we did what we set out to do").check()
    other.get_by_role("button", name="End the mentorship").click()
    other.get_by_role("button", name="Invite them to mentor").click()
    expect(other.locator(".govuk-notification-banner")).to_contain_text(
        "We have invited Ed Mentee to offer to mentor"
    )
    other.context.close()

    me.goto(f"{base}/mentoring/offer/")
    me.get_by_label("Organisation", exact=True).fill("Northby City Council")
    me.get_by_label("Type of organisation").select_option("local_authority")
    me.get_by_label("Evidence", exact=False).first.check()
    me.get_by_label("Prove it").check()
    me.get_by_label("Where are you based?").select_option("north_east")
    me.get_by_label("Remote").check()
    me.get_by_label("About you as a mentor").fill("Learnt how to build a case; happy to help others.")
    me.get_by_role("button", name="Send your offer").click()
    expect(me.locator("h1")).to_have_text("Offer sent")
    new_mentor = Mentor.objects.get(user=ed)
    assert new_mentor.brought_in_by == mentor.user and new_mentor.joined_by == "invited"
