"""Every page of the foundation, signed out and signed in, in a real browser: no accessibility
violations, no script or CSP errors, and the account journeys work with JavaScript on and off."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import User
from tests.factories import PASSWORD, StaffFactory, UserFactory

SIGNED_OUT_PAGES = [
    "/",
    "/accessibility/",
    "/cookies/",
    "/privacy/",
    "/innovations/",
    "/advice/",
    "/mentoring/",
    "/awards/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/no-such-page/",
    "/search/?q=evidence",
    "/search/",
    "/find-help/",
]

SIGNED_IN_PAGES = [
    "/",
    "/account/",
    "/innovations/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/logout/",
]


def test_signed_out_pages_have_no_accessibility_violations(page, live_server, axe):
    from tests.factories import load_demo_advice

    sources = load_demo_advice()
    for path in [*SIGNED_OUT_PAGES, "/advice/?support_type=funding", sources[0].get_absolute_url()]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        axe(page)


def test_signed_in_pages_have_no_accessibility_violations(page, live_server, axe, sign_in):
    UserFactory(email="ivy@example.org")
    sign_in(page, live_server.url, "ivy@example.org", PASSWORD)
    for path in SIGNED_IN_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        axe(page)


def test_pages_with_errors_have_no_accessibility_violations(page, live_server, axe, sign_in):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Create account").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    # GOV.UK Frontend moves focus to the error summary so screen readers announce it.
    expect(summary).to_be_focused()
    axe(page)

    UserFactory(email="ivy@example.org")
    sign_in(page, live_server.url, "ivy@example.org", PASSWORD)
    page.get_by_label("Full name").fill("")
    page.get_by_label("Organisation", exact=False).first.fill("A Body Nobody Has Heard Of")
    page.get_by_role("button", name="Save your details").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page)


def test_error_summary_links_move_to_the_field(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".govuk-error-summary a", has_text="Enter your email address").click()
    expect(page.locator("#id_login")).to_be_focused()


def test_sign_up_verify_and_sign_in_with_javascript(page, live_server):
    _sign_up_verify_and_sign_in(page, live_server.url)


def test_sign_up_verify_and_sign_in_without_javascript(nojs_page, live_server):
    _sign_up_verify_and_sign_in(nojs_page, live_server.url)


def _sign_up_verify_and_sign_in(page, base_url):
    page.goto(f"{base_url}/accounts/signup/")
    page.get_by_label("Email address").fill("newcomer@example.org")
    page.get_by_label("Create a password").fill("a-long-pass-phrase")
    page.get_by_label("Confirm your password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("h1")).to_have_text("Check your email")

    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(f"{base_url}{link}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)
    assert User.objects.get(email="newcomer@example.org").emailaddress_set.get().verified

    page.goto(f"{base_url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base_url}/")
    page.goto(f"{base_url}/account/")
    page.wait_for_url("**/accounts/login/**")

    page.get_by_label("Email address").fill("newcomer@example.org")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/account/")
    expect(page.locator("main")).to_contain_text("newcomer@example.org")


def test_sign_in_by_keyboard_alone(page, live_server):
    UserFactory(email="keys@example.org")
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    page.locator("#id_login").focus()
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/account/")


def test_navigation_menu_is_reachable_by_keyboard(page, live_server):
    page.goto(f"{live_server.url}/")
    focused = []
    for _ in range(8):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Find innovations" in focused
    assert "Sign in" in focused


@pytest.mark.parametrize("viewport_width", [320])
def test_narrow_screen_menu_toggles(browser, live_server, viewport_width):
    context = browser.new_context(viewport={"width": viewport_width, "height": 700})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(page.locator("#navigation").get_by_role("link", name="Get advice")).to_be_hidden()
    toggle.click()
    expect(page.locator("#navigation").get_by_role("link", name="Get advice")).to_be_visible()
    context.close()


def test_staff_reach_admin_and_innovators_are_refused(page, live_server, sign_in):
    StaffFactory(email="staff@example.org")
    UserFactory(email="ivy@example.org")
    sign_in(page, live_server.url, "ivy@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("h1")).to_contain_text("You do not have permission")
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/")
    sign_in(page, live_server.url, "staff@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("body")).to_contain_text("Curate the portal")


def test_the_signed_in_menu_keeps_sections_and_what_you_keep_on_a_row_each_at_1280_px(
    browser, live_server, sign_in
):
    """A member of the central team who also judges has the longest menu: the sections (with the admin) on
    one row, what they keep (with "Your judging") on the next, each row unbroken."""
    from awards.demo_content import load_demo_awards
    from awards.models import Judge

    staff = StaffFactory(email="sam@example.org")
    Judge.objects.create(round=load_demo_awards(), user=staff)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, "sam@example.org", PASSWORD)
    items = page.locator(".govuk-service-navigation__item")
    expect(items.filter(has_text="Your judging")).to_be_visible()
    rows = {}
    for i in range(items.count()):
        rows.setdefault(round(items.nth(i).bounding_box()["y"]), []).append(items.nth(i).inner_text().strip())
    assert len(rows) == 2, rows
    first, second = (rows[top] for top in sorted(rows))
    assert first == ["Find innovations", "Get advice", "Mentoring", "Awards", "Admin"]
    assert second == [
        "Your innovations", "Saved searches", "Shortlist", "Your nominations", "Your judging", "Account", "Sign out",
    ]  # fmt: skip
    context.close()


def test_the_admins_innovation_list_fits_1280_px(browser, live_server, sign_in):
    from tests.factories import make_innovation

    StaffFactory(email="sam@example.org")
    make_innovation(title="Frequent attender case management in A&E, a long title for the list")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, "sam@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/innovations/innovation/")
    table, holder = page.locator("#result_list"), page.locator(".results")
    expect(table).to_be_visible()
    assert table.evaluate("t => t.scrollWidth") <= holder.evaluate("h => h.clientWidth")
    context.close()


def test_the_admins_home_page_with_the_central_teams_pages_fits_a_phone(browser, live_server, sign_in):
    from awards.demo_content import load_demo_awards
    from tests.factories import round_in_judging

    round_in_judging(load_demo_awards())
    StaffFactory(email="sam@example.org")
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, "sam@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    link = page.get_by_role("link", name="Batch matching")
    expect(link).to_be_visible()
    assert link.bounding_box()["width"] > 80  # the words read across, not letter by letter
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
