"""A search that finds too little, in a real browser with JavaScript on and off: the page says it
widened to some of the words and offers the words exactly as typed; a misspelt word is corrected, with
the way back to what was typed. Checked with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.factories import ensure_curated_synonyms, make_innovation


@pytest.fixture
def entries(transactional_db):
    ensure_curated_synonyms()
    make_innovation(
        title="Neighbourhood nursing teams", summary="Nurses who look after everyone in a neighbourhood."
    )
    make_innovation(title="Safeguarding hub", summary="Keeps children in care safe.")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_too_few_results_widen_and_a_misspelling_is_corrected(browser, live_server, entries, axe, javascript):
    check = axe if javascript else (lambda _page: None)
    page = browser.new_context(java_script_enabled=javascript).new_page()
    base = live_server.url

    page.goto(f"{base}/innovations/?q=nursing+safeguarding")
    expect(page.locator("#results-heading")).to_have_text("2 results for “nursing safeguarding”")
    expect(page.locator(".app-search-widened")).to_contain_text(
        "No innovations contain all of: nursing, safeguarding. Showing innovations that contain some of them"
    )
    check(page)

    page.goto(f"{base}/innovations/?q=safegaurding")
    expect(page.locator("#results-heading")).to_have_text("1 result for “safeguarding”")
    expect(page.locator(".app-search-widened")).to_contain_text("Showing results for safeguarding.")
    expect(page.locator(".app-card-list")).to_contain_text("Safeguarding hub")
    check(page)
    page.get_by_role("link", name="safegaurding").click()
    expect(page.locator("#results-heading")).to_have_text("0 results for “safegaurding”")
    expect(page.locator(".app-empty-state")).to_contain_text("check the spelling of your words")
    check(page)

    page.goto(f"{base}/search/?q=looked+after+children")
    expect(page.locator("main")).to_contain_text("Safeguarding hub")  # curated: children in care
    check(page)
    page.context.close()
