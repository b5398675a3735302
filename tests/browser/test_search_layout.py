"""The search page on a 390 px phone and at 1280 px, with JavaScript on and off: the search box keeps
most of the row, the results come before the filters' checkboxes on a phone, and the filters work
without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_innovation


@pytest.fixture
def listing(transactional_db):
    for n in range(12):
        make_innovation(
            title=f"Housing scheme {n}",
            summary="Homes first, support after, for people sleeping rough.",
            stage=["test", "prove", "grow", "adopt"][n % 4],
            themes=["evidence", "networks"][n % 2 :],
            policy_areas=["Housing and homelessness"],
        )


def open_page(browser, live_server, width, javascript):
    context = browser.new_context(viewport={"width": width, "height": 844}, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/innovations/?q=housing")
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_box_is_wide_and_results_come_before_the_filters(
    browser, live_server, listing, axe, javascript
):
    page = open_page(browser, live_server, 390, javascript)
    box = page.locator("#search-q").bounding_box()
    assert box["width"] >= 0.6 * 390
    expect(page.get_by_label("Grow it")).to_be_hidden()  # folded behind "Show filters"
    first_result = page.locator(".app-card").first.bounding_box()
    assert first_result["y"] < 2 * 844, "the first result should be within two screens of the top"
    if javascript:
        axe(page)

    # The filters open and work, with or without JavaScript.
    page.locator("summary", has_text="Show filters").click()
    page.get_by_label("Grow it").check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url("**stage=grow**")
    expect(page.locator("#results-heading")).to_have_text("3 results for “housing”")
    expect(page.get_by_role("link", name="Remove filter Stage of scaling: Grow it")).to_be_visible()
    if javascript:
        axe(page)
    page.context.close()


def test_on_a_wide_screen_the_filters_are_open(browser, live_server, listing, axe):
    page = open_page(browser, live_server, 1280, True)
    expect(page.get_by_label("Grow it")).to_be_visible()
    expect(page.locator("summary", has_text="Show filters")).to_be_hidden()
    assert page.locator("#search-q").bounding_box()["width"] >= 400
    axe(page)

    # Open a result of a filtered search, then go back to exactly that search.
    page.get_by_label("Prove it").check()
    page.get_by_label("Grow it").check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url("**stage=grow**")
    page.locator(".app-card a").first.click()
    page.get_by_role("link", name="Back to results").click()
    page.wait_for_url("**/innovations/?**")
    expect(page.locator("#results-heading")).to_have_text("6 results for “housing”")
    expect(page.get_by_label("Prove it")).to_be_checked()
    expect(page.locator("#search-q")).to_have_value("housing")
    page.context.close()
