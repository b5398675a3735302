"""A central-team member sets up an authenticator app when the admin asks for it, then signs in with
password and code; every page on the way has no accessibility violations."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD, StaffFactory, totp_code


def test_enrol_an_authenticator_app_then_sign_in_with_a_code(page, live_server, axe):
    base = live_server.url
    StaffFactory(email="sam@example.org", authenticator_app=False)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/account/")

    page.goto(f"{base}/admin/")
    page.wait_for_url(f"{base}/accounts/2fa/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("before you can use the central team’s admin")
    axe(page)

    page.get_by_role("link", name="Set up an authenticator app").click()
    # They signed in with their password a moment ago: it is not asked for again.
    page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
    expect(page.locator("h1")).to_have_text("Set up an authenticator app")
    axe(page)
    page.get_by_label("Authenticator code").fill("123456")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page).to_have_title(re.compile("^Error: "))
    axe(page)
    secret = page.locator("#authenticator-key").inner_text().strip()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/"))
    axe(page)

    page.goto(f"{base}/admin/")
    expect(page.locator("#site-name")).to_contain_text("Central team")

    # Next time, the password alone is not enough.
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
    expect(page.locator("h1")).to_have_text("Enter your code")
    axe(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/account/")
    page.goto(f"{base}/admin/")
    expect(page.locator("#site-name")).to_contain_text("Central team")
