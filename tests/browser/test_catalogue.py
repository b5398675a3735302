"""The catalogue in a real browser: search, filters, paging, detail and the empty state, with
JavaScript on and off, checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import OrganisationFactory, make_innovation


@pytest.fixture
def catalogue(transactional_db):
    owner = OrganisationFactory(
        name="Northby Council", organisation_type="local_authority", region="north_east"
    )
    trust = OrganisationFactory(name="Riverside Trust", organisation_type="nhs", region="london")
    adopter = OrganisationFactory(name="Westshire")
    for n in range(23):
        make_innovation(
            title=f"Homelessness project {n}",
            summary="Helps people who are homeless find a home.",
            stage="grow" if n % 2 else "adopt",
            evidence_level=1 + n % 5,
            themes=["networks"],
            policy_areas=["Housing and homelessness", "Health"]
            if n % 3 == 0
            else ["Housing and homelessness"],
            organisation=owner if n % 2 else trust,
            cost_band=1 + n % 5,
            adopters=[adopter] if n % 4 == 0 else [],
        )
    make_innovation(
        title="Falls visits",
        summary="Firefighters screen for falls.",
        policy_areas=["Health"],
        organisation=trust,
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_search_tick_two_facets_page_and_open_an_entry(browser, live_server, catalogue, axe, javascript):
    if not javascript:
        # axe-core runs as JavaScript in the page; the same pages are checked in the run with it on.
        def axe(page):
            return None

    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Find innovations").first.click()
    page.get_by_label("Search innovations", exact=True).fill("homelessness")
    page.locator("main").get_by_role("button", name="Search").click()
    expect(page.locator("#results-heading")).to_have_text("23 results for “homelessness”")
    axe(page)

    if not javascript:  # without the script the filters stay folded until asked for, at any width
        page.locator("summary", has_text="Show filters").click()
    page.get_by_label("Grow it").check()
    page.get_by_label("Health (", exact=False).check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url("**policy_area=health**")
    heading = "4 results for “homelessness”"
    expect(page.locator("#results-heading")).to_have_text(heading)
    # Counts stay right: policy-area counts ignore the Health tick (but apply Grow it), so Housing
    # still shows all 11 at Grow it; stage counts ignore the Grow it tick (but apply Health).
    expect(page.locator("label[for=policy_area-housing-and-homelessness]")).to_have_text(
        re.compile(r"\(11\)$")
    )
    expect(page.locator("label[for=stage-adopt]")).to_have_text("Adopt it (4)")
    assert "stage=grow" in page.url and "policy_area=health" in page.url
    axe(page)

    shared = page.url
    other = browser.new_context(java_script_enabled=javascript).new_page()
    other.goto(shared)
    assert other.locator("#results-heading").inner_text() == heading
    other.context.close()

    page.get_by_role("link", name="Remove filter Stage of scaling: Grow it").click()
    expect(page.locator("#results-heading")).to_have_text("8 results for “homelessness”")

    page.goto(f"{live_server.url}/innovations/?q=homelessness")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**page=2**")
    expect(page.locator(".app-card")).to_have_count(3)
    axe(page)

    page.locator(".app-card a").first.click()
    expect(page.locator("h1")).to_have_text(re.compile("^Homelessness project"))
    expect(page.get_by_role("heading", name="Who has adopted it")).to_be_visible()
    axe(page)
    context.close()


def test_empty_state_and_bad_parameters(page, live_server, catalogue, axe):
    page.goto(f"{live_server.url}/innovations/?q=zebra")
    assert "No innovations match “zebra”." in page.content()
    axe(page)
    page.goto(f"{live_server.url}/innovations/?evidence_level=9")
    assert "We could not use part of this search" in page.content()
    axe(page)


def test_sort_by_keyboard(page, live_server, catalogue):
    page.goto(f"{live_server.url}/innovations/?q=homelessness")
    page.locator("#sort").focus()
    page.keyboard.press("End")
    page.locator("#sort").select_option("evidence")
    page.get_by_role("button", name="Sort", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=evidence**")
    expect(page.locator(".app-card").first).to_contain_text("Evidence level 5 of 5")


def test_detail_and_api_docs_pages_are_accessible(page, live_server, catalogue, axe):
    page.goto(f"{live_server.url}/innovations/falls-visits/")
    expect(page.locator("h1")).to_have_text("Falls visits")
    axe(page)
    page.goto(f"{live_server.url}/api/docs/")
    axe(page)
