"""Sharing an innovation in a real browser: the task list with an error on the way, the central team
sends it back, the submitter resubmits, the central team publishes it, and search finds it."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD, StaffFactory, UserFactory, policy_area


def test_share_review_resubmit_publish_and_find(browser, page, live_server, axe, sign_in):
    policy_area("Health")
    UserFactory(email="ivy@example.org")
    StaffFactory(email="staff@example.org")
    base = live_server.url
    sign_in(page, base, "ivy@example.org", PASSWORD)

    page.goto(f"{base}/innovations/share/")
    axe(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Name of the innovation").fill("Falls visits by firefighters")
    page.get_by_label("Summary").fill("Crews screen older people for falls risk. " * 10)
    page.get_by_label("Grow it").check()
    page.get_by_label("Organisation that owns it").fill("Valleys Fire Service")
    page.get_by_role("button", name="Save and continue").click()
    # An error on the way: too long a summary, and a new organisation needs its type and region.
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Summary must be 300 characters or fewer")
    assert page.get_by_label("Name of the innovation").input_value() == "Falls visits by firefighters"
    axe(page)
    page.get_by_label("Summary").fill("Crews screen older people for falls risk during home safety visits.")
    page.get_by_label("Type of organisation").select_option("police_fire")
    page.get_by_label("Where the organisation is based").select_option("wales")
    page.get_by_label("Health").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("main")).to_contain_text("You have completed 1 of 6 sections")
    axe(page)

    answers = {
        "The problem and what you did": {
            "What problem were you trying to solve?": "Falls lead to ambulance calls.",
            "What did you do, and what makes it innovative?": "Crews screen during visits.",
        },
        "Cost and what it takes to adopt": {
            "What resources and skills does an adopting organisation need?": "A falls team."
        },
        "Challenges and lessons": {"What would you tell someone starting out?": "Start small."},
        "Contact details": {"Contact name": "Pat Lead", "Their email address": "pat@example.org"},
    }
    for task, fields in answers.items():
        page.get_by_role("link", name=task).click()
        for label, value in fields.items():
            page.get_by_label(label).fill(value)
        if task == "Cost and what it takes to adopt":
            page.get_by_label("Under £10k a year").check()
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Results and evidence").click()
    page.get_by_label("What results did it achieve, and how were they measured?").fill("Fewer call-outs.")
    page.get_by_label("Level 3:", exact=False).check()
    axe(page)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Check your answers and submit").click()
    page.wait_for_url("**/check/")
    axe(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("h1")).to_have_text("Innovation submitted")
    axe(page)
    task_url = page.url.replace("submitted/", "")

    staff = browser.new_context().new_page()
    sign_in(staff, base, "staff@example.org", PASSWORD)
    staff.goto(f"{base}/admin/innovations/innovation/?status__exact=submitted")
    staff.get_by_role("checkbox", name="Select this object for an action").first.check()
    staff.select_option("select[name=action]", "request_changes")
    staff.get_by_role("button", name="Go").click()
    staff.get_by_label("What should the submitter change?").fill("Please add how much the training costs.")
    staff.get_by_role("button", name="Send back with this message").click()
    expect(staff.locator(".messagelist")).to_contain_text("1 innovation sent back")

    page.goto(task_url)
    assert "Please add how much the training costs." in page.content()
    axe(page)
    page.get_by_role("link", name="Cost and what it takes to adopt").click()
    page.get_by_label("What does that cost cover?").fill("Two days of training for each crew.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("h1")).to_have_text("Innovation submitted")

    staff.goto(f"{base}/admin/innovations/innovation/?status__exact=submitted")
    staff.get_by_role("checkbox", name="Select this object for an action").first.check()
    staff.select_option("select[name=action]", "publish")
    staff.get_by_role("button", name="Go").click()
    expect(staff.locator(".messagelist")).to_contain_text("1 innovation published")
    staff.context.close()

    page.goto(f"{base}/innovations/?q=firefighters")
    expect(page.locator("#results-heading")).to_have_text("1 result for “firefighters”")
    page.goto(f"{base}/innovations/yours/")
    assert "Published" in page.content()
    axe(page)
