"""The mentoring pages as people see them on a 390 px phone and at 1280 px: nothing widens the page past
the screen, the idea reads at the column's width, and the report's charts have text a phone can read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PASSWORD, StaffFactory, UserFactory, make_mentor


def open_as(browser, live_server, sign_in, email, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server.url, email, PASSWORD)
    return page


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def mentorship(transactional_db):
    """A mentorship whose assessment has been updated (so its table shows "At first" beside "Now"), with
    long notes, as a real one has."""
    from mentoring.services import (
        assessment_record,
        mentor_offer_accept,
        mentor_request_choose,
        mentor_request_create,
    )

    mentor = make_mentor(user=UserFactory(full_name="Mina Mentor", email="mina@example.org"))
    request = mentor_request_create(
        requester=UserFactory(full_name="Ed Mentee", email="ed@example.org"),
        idea="Falls prevention visits by fire crews, who check homes for trip hazards and refer older "
        "people to the falls clinic. Tested at two stations for a year: 60 fewer falls needing an ambulance.",
        stage="prove", themes=["evidence"], region="london", formats=["remote"],
        wants="A business case the health partners will fund.",
    )  # fmt: skip
    mentor_request_choose(request=request, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=request.offers.get())
    notes = {
        "evidence": "Ambulance call-outs fell, but there is no comparison group and the clinic's data is "
        "kept separately by the trust.",
        "networks": "Two stations only; the service's other 40 stations have not been asked.",
    }
    for standing in ["blocker", "needs_work"]:
        assessment_record(
            mentorship=mentorship, user=mentorship.mentee, support_agreed="Find an evaluator.",
            standings={code: {"standing": standing, "note": note} for code, note in notes.items()},
        )  # fmt: skip
    first = mentorship.assessments.last()
    first.created_at = timezone.now() - timedelta(days=20)
    first.save(update_fields=["created_at"])
    return mentorship


def test_the_mentorship_page_fits_a_phone(browser, live_server, sign_in, mentorship):
    page = open_as(browser, live_server, sign_in, "ed@example.org", 390)
    page.goto(f"{live_server.url}/mentoring/mentorships/{mentorship.pk}/")
    assert page.get_by_role("columnheader", name="At first").is_visible()
    assert page_width(page) <= 390
    page.context.close()


def test_the_idea_reads_at_the_columns_width_at_1280_px(browser, live_server, sign_in, axe, mentorship):
    from mentoring.services import feedback_give, goal_add

    goal_add(mentorship=mentorship, user=mentorship.mentee, text="A business case the board approves")
    page = open_as(browser, live_server, sign_in, "mina@example.org", 1280)
    page.goto(f"{live_server.url}/mentoring/mentorships/{mentorship.pk}/")
    idea = page.get_by_text("Falls prevention visits by fire crews")
    column = page.locator(".govuk-grid-column-two-thirds").first
    assert idea.bounding_box()["width"] >= 0.9 * column.bounding_box()["width"]
    axe(page)
    # Feedback once given is shown with thanks: that page passes the checks too.
    feedback_give(mentorship=mentorship, user=mentorship.mentor.user, moment="first_session", rating=4)
    page.goto(f"{live_server.url}/mentoring/mentorships/{mentorship.pk}/feedback/first_session/")
    assert page.locator("h1").inner_text() == "Thank you for your feedback"
    axe(page)
    page.context.close()


def test_batch_matching_fits_a_phone(browser, live_server, sign_in, transactional_db):
    from mentoring.services import mentor_request_create

    for n in range(2):
        make_mentor(user=UserFactory(full_name=f"Mentor with a long name {n}"), capacity=1)
        mentor_request_create(
            requester=UserFactory(full_name=f"Requester with a long name {n}"), idea="A hub.",
            stage="prove", themes=["evidence", "networks", "credibility"], region="london",
            formats=["remote"], wants="Help.",
        )  # fmt: skip
    StaffFactory(email="sam@example.org")
    page = open_as(browser, live_server, sign_in, "sam@example.org", 390)
    page.goto(f"{live_server.url}/mentoring/matching/")
    assert page.get_by_role("button", name="Send offers for the pairs kept").is_visible()
    assert page_width(page) <= 390
    page.context.close()


def test_the_reports_charts_have_text_a_phone_can_read(browser, live_server, sign_in, mentorship):
    StaffFactory(email="sam@example.org")
    page = open_as(browser, live_server, sign_in, "sam@example.org", 390)
    page.goto(f"{live_server.url}/mentoring/report/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll("svg.app-chart__svg")].map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...[...svg.querySelectorAll("text")].map(
                text => parseFloat(getComputedStyle(text).fontSize) * scale));
        })"""
    )
    assert len(sizes) == 8 and min(sizes) >= 12, sizes
    assert page_width(page) <= 390
    page.context.close()


def test_ask_this_mentor_on_a_phone(browser, live_server, sign_in, axe, transactional_db):
    mentor = make_mentor(
        user=UserFactory(full_name="Fay Falls", job_title="Consultant physiotherapist"), policy_areas=["Health"],
        bio="Led a falls prevention service: fire crews and care homes refer older people at risk of a fall.",
    )  # fmt: skip
    make_mentor(user=UserFactory(full_name="Hal Housing"), bio="Led Housing First across the city.")
    UserFactory(email="ivy@example.org", full_name="Ivy Innovator")
    page = open_as(browser, live_server, sign_in, "ivy@example.org", 390)
    page.goto(f"{live_server.url}{mentor.get_absolute_url()}")
    page.get_by_role("link", name="Ask this mentor").click()
    assert "Fay Falls will be your first choice" in page.locator("main").inner_text()
    axe(page)
    page.get_by_label("What is your idea?").fill("Fire crews refer older people at risk of a fall.")
    page.get_by_label("Prove it").check()
    page.get_by_label("Evidence", exact=False).first.check()
    page.get_by_label("Where are you based?").select_option("wales")
    page.get_by_label("Remote").check()
    page.get_by_label("What do you want from mentoring?").fill("To show the falls it prevents.")
    page.get_by_role("button", name="See mentors who fit").click()
    assert page.locator("h1").inner_text() == "Choose your mentors"
    assert page.get_by_label("Your first choice").input_value() == str(mentor.pk)
    assert "their profile mentions fire, crews, refer and older" in page.locator("main").inner_text()
    assert page_width(page) <= 390
    axe(page)
    page.context.close()
