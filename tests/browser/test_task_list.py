"""The task list on a phone and at 1280 px: it says what each section needs, a half-done section stays
"In progress" with what is missing, and "Check your answers" links to each missing answer and offers
"Submit" only when nothing is missing."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory


@pytest.mark.parametrize("width", [390, 1280])
def test_the_task_list_says_what_is_needed_and_check_answers_links_to_it(
    browser, live_server, axe, sign_in, transactional_db, width
):
    UserFactory(email="ivy@example.org")
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "ivy@example.org", PASSWORD)
    page.goto(f"{base}/innovations/share/about/")
    page.get_by_label("Name of the innovation").fill("Falls visits by firefighters")
    page.get_by_label("Summary").fill("Crews screen older people for falls risk during home visits.")
    page.get_by_label("Grow it").check()
    page.get_by_label("Organisation that owns it").fill("Valleys Fire Service")
    page.get_by_label("Type of organisation").select_option("police_fire")
    page.get_by_label("Where the organisation is based").select_option("wales")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/innovations/yours/*/")
    expect(page.locator("#problem-hint")).to_have_text(
        "Needed to submit: the problem, what was done and what makes it innovative"
    )
    axe(page)

    page.get_by_role("link", name="The problem and what you did").click()
    expect(page.get_by_text("(optional)")).to_have_count(0)  # both of this section's questions are needed
    page.get_by_label("What problem were you trying to solve?").fill("Falls are the commonest call-out.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/innovations/yours/*/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "is saved as a draft, but it is not finished"
    )
    expect(page.locator("#problem-status")).to_have_text("In progress")

    page.get_by_role("link", name="Check your answers and submit").click()
    page.wait_for_url("**/check/")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    page.get_by_role("link", name="What did you do, and what makes it innovative?", exact=True).click()
    page.wait_for_url("**/problem/#id_solution")
    expect(page.locator("#id_solution")).to_be_visible()
    axe(page)
    context.close()
