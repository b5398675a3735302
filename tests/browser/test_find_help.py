"""The "find help" journey in a real browser, with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from tests.factories import load_demo_advice


@pytest.mark.parametrize("javascript", [True, False])
def test_answer_four_questions_and_get_fitting_advice(
    browser, live_server, axe, transactional_db, javascript
):
    load_demo_advice()
    if not javascript:

        def axe(page):  # axe-core runs as JavaScript; the same pages are checked with it on
            return None

    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/find-help/")
    axe(page)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/find-help/stage/**")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the stage your idea is at")
    axe(page)
    page.get_by_label("Prove it").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Evaluation and evidence").check()
    page.get_by_label("Funding").check()
    axe(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Local authority").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_label("Local authority")).to_be_checked()  # answers are kept going back
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Wales").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Help that fits your idea")
    expect(page.locator("main")).to_contain_text("Why it fits:")
    axe(page)
    shared = page.url
    other = browser.new_context(java_script_enabled=javascript).new_page()
    other.goto(shared)
    assert other.locator(".app-card").count() == page.locator(".app-card").count() > 0
    other.context.close()
    context.close()
