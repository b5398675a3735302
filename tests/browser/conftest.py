"""Browser tests: Playwright drives the system Chromium (never a downloaded browser) against the live test
server, and axe-core checks every page for WCAG 2.2 AA problems."""

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are still
# synchronous, so Django's guard against ORM use inside an event loop does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: run `apt-get install -y chromium` (as root) to run the browser tests."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _page(browser, **context_options):
    context = browser.new_context(viewport={"width": 1024, "height": 800}, **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A console error is a CSP refusal or a script failure; a missing page is not, except for the
    # stylesheets, scripts, fonts and images a page needs, which are watched directly.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text + " @ " + page.url)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    page.js_errors = errors
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _page(browser)
    yield page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """A script error or a refused resource fails the test itself (not its fixture's teardown), like an
    axe violation, so a report says which test found it."""
    outcome = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    errors = getattr(page, "js_errors", None)
    if errors and outcome.excinfo is None:
        outcome.force_exception(AssertionError(f"JavaScript or CSP errors in the browser: {errors}"))


@pytest.fixture
def nojs_page(browser, live_server):
    context, page = _page(browser, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    instance = Axe()

    def check(page):
        results = instance.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def sign_in():
    """sign_in(page, base_url, email, password): through the sign-in page, as a person would."""

    def _sign_in(page, base_url: str, email: str, password: str) -> None:
        """Members land on their account; the central team is asked for their authenticator code first."""
        from tests.factories import totp_code

        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/account/$|/accounts/2fa/authenticate/$"))
        if page.url.endswith("/accounts/2fa/authenticate/"):
            # A code is accepted once: when another test of the same staff account used this period's
            # code already, wait for the next period's.
            for _attempt in range(2):
                page.get_by_label("Code").fill(totp_code())
                page.get_by_role("button", name="Sign in").click()
                try:
                    page.wait_for_url(f"{base_url}/account/", timeout=5000)
                    break
                except PlaywrightTimeoutError:
                    time.sleep(31 - time.time() % 30)
            else:
                page.wait_for_url(f"{base_url}/account/")

    return _sign_in
