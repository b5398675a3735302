"""Nominating in a real browser, JavaScript on and off: a validation error on the way, an over-long
statement refused, every section done, checked and submitted."""

import re

import pytest
from playwright.sync_api import expect

from awards.demo_content import load_demo_awards
from tests.factories import PASSWORD, UserFactory, make_innovation


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_nominate_with_an_error_and_an_over_long_statement_on_the_way(
    page, nojs_page, live_server, axe, sign_in, javascript
):
    round_ = load_demo_awards()
    make_innovation(title="Housing First for people sleeping rough")
    UserFactory(email="ivy@example.org", full_name="Ivy Innovator")
    base = live_server.url
    me = page if javascript else nojs_page
    check = axe if javascript else (lambda _page: None)
    sign_in(me, base, "ivy@example.org", PASSWORD)

    me.goto(base + round_.get_absolute_url())
    check(me)
    me.get_by_role("link", name="Nominate someone").click()
    check(me)
    me.get_by_role("button", name="Start now").click()
    expect(me.locator("h1")).to_have_text("Your nomination")
    check(me)

    me.get_by_role("link", name="Category and nominee").click()
    me.get_by_label("Scaling Up Champion").check()
    me.get_by_label("An individual").check()
    me.locator("#id_people-0-name").fill("Alex Morgan")
    me.locator("#id_people-0-organisation_name").fill("Northby City Council")
    me.locator("#id_people-0-organisation_type").select_option("local_authority")
    me.get_by_role("button", name="Save and continue").click()
    expect(me).to_have_title(re.compile("^Error: "))
    expect(me.locator(".govuk-error-summary")).to_contain_text("Enter their email address")
    assert me.locator("#id_people-0-name").input_value() == "Alex Morgan"
    check(me)
    me.locator("#id_people-0-email").fill("alex@northby.example.org")
    me.get_by_role("button", name="Save and continue").click()

    me.get_by_role("link", name="The innovation").click()
    me.get_by_label("Search the catalogue for the innovation").fill("housing")
    me.get_by_role("button", name="Search").click()
    me.get_by_label("Housing First for people sleeping rough").check()
    check(me)
    me.get_by_role("button", name="Save and continue").click()

    me.get_by_role("link", name="Summary").click()
    me.get_by_label("Summary").fill("Led Housing First from ten homes to a city-wide service.")
    me.get_by_role("button", name="Save and continue").click()

    for n, criterion in enumerate(round_.criteria.all()):
        me.get_by_role("link", name=f"Statement: {criterion.name}").click()
        situation = (
            "word " * (criterion.word_limit + 5) if n == 0 else "Rough sleeping had risen for five years."
        )
        me.get_by_label("Situation").fill(situation)
        me.get_by_label("Task").fill("Find settled homes.")
        me.get_by_label("Action").fill("Housing First with two housing associations.")
        me.get_by_label("Result").fill("82% kept their homes after two years.")
        me.get_by_role("button", name="Save and continue").click()
        if n == 0:
            expect(me.locator(".govuk-error-summary")).to_contain_text(
                f"must be {criterion.word_limit} words or fewer in all"
            )
            assert me.get_by_label("Task").input_value() == "Find settled homes."
            check(me)
            me.get_by_label("Situation").fill("Rough sleeping had risen for five years.")
            me.get_by_role("button", name="Save and continue").click()
        expect(me.locator("h1")).to_have_text("Your nomination")

    me.get_by_role("link", name="Supporting links and how you know the nominee").click()
    me.get_by_label("How do you know the nominee?").fill("I commissioned the service.")
    me.get_by_role("button", name="Save and continue").click()
    me.get_by_role("link", name="Check your answers and submit").click()
    check(me)
    me.get_by_role("button", name="Submit nomination").click()
    expect(me.locator("h1")).to_have_text("Nomination submitted")
    check(me)
    me.get_by_role("link", name="Your nominations").click()
    expect(me.locator("main")).to_contain_text("Alex Morgan")
    expect(me.locator("main")).to_contain_text("Submitted")
    check(me)
