"""Saved search to alert email to unsubscribe; adoption story to published; problem report; shortlist.
In a real browser, with axe-core on each portal page."""

import re

from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from innovations.models import Adoption
from innovations.services import adoption_publish
from tests.factories import PASSWORD, UserFactory, make_innovation


def test_saved_search_alert_and_unsubscribe(page, live_server, axe, sign_in):
    UserFactory(email="ivy@example.org")
    base = live_server.url
    sign_in(page, base, "ivy@example.org", PASSWORD)
    page.goto(f"{base}/innovations/?q=housing")
    page.get_by_role("link", name="Save this search and get emails about new matches").click()
    page.wait_for_url("**/innovations/saved/new/**")
    axe(page)
    page.get_by_label("Name this search").fill("")
    page.get_by_role("button", name="Save search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the search")
    axe(page)
    page.get_by_label("Name this search").fill("Housing ideas")
    page.get_by_label("Every day").check()
    page.get_by_role("button", name="Save search").click()
    expect(page.locator("table")).to_contain_text("Housing ideas")
    axe(page)

    make_innovation(title="Housing hub")
    call_command("send_alerts", "daily")
    link = re.search(r"https?://[^/\s]+(/innovations/saved/unsubscribe/\S+)", mail.outbox[-1].body).group(1)
    anonymous = page.context.browser.new_context().new_page()
    anonymous.goto(f"{base}{link}")
    expect(anonymous.locator("h1")).to_contain_text("You will not get more emails")
    axe(anonymous)
    anonymous.context.close()

    page.goto(f"{base}/innovations/saved/")
    expect(page.locator("table")).to_contain_text("No emails")


def test_adoption_story_problem_report_and_shortlist(page, live_server, axe, sign_in):
    UserFactory(email="ivy@example.org")
    innovation = make_innovation(title="Housing First")
    base = live_server.url

    page.goto(f"{base}{innovation.get_absolute_url()}")
    page.get_by_role("link", name="Report a problem with this page").click()
    page.wait_for_url("**/report/")
    axe(page)
    page.get_by_label("A link does not work").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("h1")).to_have_text("Report sent")
    axe(page)

    sign_in(page, base, "ivy@example.org", PASSWORD)
    page.goto(f"{base}{innovation.get_absolute_url()}")
    page.get_by_role("button", name="Add to your shortlist").click()
    expect(page.locator("main")).to_contain_text("added to your shortlist")
    page.goto(f"{base}/innovations/shortlist/")
    expect(page.locator("main")).to_contain_text("Housing First")
    axe(page)

    page.goto(f"{base}{innovation.get_absolute_url()}")
    page.get_by_role("link", name="We adopted or adapted this").click()
    page.wait_for_url("**/adopted/")
    axe(page)
    page.get_by_label("Your organisation", exact=True).fill("Westshire County Council")
    page.get_by_label("Type of organisation").select_option("local_authority")
    page.get_by_label("Where your organisation is based").select_option("south_west")
    page.get_by_label("Adapted").check()
    page.get_by_role("button", name="Send your story").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the result was")
    axe(page)
    page.get_by_label("What was the result?").fill("Most tenants still housed.")
    page.get_by_role("button", name="Send your story").click()
    expect(page.locator("h1")).to_have_text("Adoption story sent")

    adoption_publish(adoption=Adoption.objects.get())
    page.goto(f"{base}{innovation.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("Westshire County Council")
    axe(page)
