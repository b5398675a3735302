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
    me.get_by_label("Where your organisation is based").select_option("wales")
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
