"""Line breaks have no place in a one-line answer (a name, a job title, an organisation): the forms
refuse them with a GOV.UK message, imports refuse them with the line, and an email's subject never holds
one whatever the data, so an email about a person always goes."""

import pytest
from django.core import mail
from django.utils.html import escape

from awards.demo_content import load_demo_awards
from awards.models import Nomination
from mentoring.models import EmployerSupport, Mentor
from mentoring.services import import_mentors, mentor_request_choose, mentor_request_create
from portal.models import Organisation
from tests.awards.test_nominations import PERSON, section, start
from tests.factories import UserFactory, make_mentor, mentor_csv, mentor_row
from tests.mentoring.test_mentorships import pair, url  # noqa: F401 (a fixture)
from tests.mentoring.test_requests import ASK

pytestmark = pytest.mark.django_db


def refused(response, message) -> bool:
    """The message is next to the field and in the error summary."""
    html = response.content.decode()
    return html.count(escape(message)) == 2 and 'class="govuk-error-summary"' in html


@pytest.mark.parametrize("line_break", ["\r", "\n", "\r\n", "\u2028"])
def test_the_account_page_refuses_a_name_or_organisation_on_two_lines(
    innovator_client, innovator, line_break
):
    details = {"full_name": f"Ivy{line_break}Innovator", "job_title": "Lead", "organisation_name": "Northby"}
    details |= {"organisation_type": "local_authority", "region": "london"}
    assert refused(innovator_client.post("/account/", details), "Full name must be on one line")
    innovator.refresh_from_db()
    assert innovator.full_name == "Ivy Innovator"
    details |= {"full_name": "Ivy Innovator", "organisation_name": f"North{line_break}by"}
    assert refused(innovator_client.post("/account/", details), "Organisation must be on one line")
    details |= {"organisation_name": "Northby", "job_title": f"Lead{line_break}Bcc: x@example.org"}
    assert refused(innovator_client.post("/account/", details), "Job title must be on one line")
    assert not Organisation.objects.filter(name__contains="North").exists()


def test_the_line_managers_name_is_refused_on_two_lines(pair):  # noqa: F811
    mentorship, clients = pair
    response = clients["mentee"].post(
        url(mentorship, "employer/"),
        {"manager_name": "Pat\rBoss", "manager_email": "pat@northby.example.org"},
    )
    assert refused(response, "Your line manager's name must be on one line")
    assert not EmployerSupport.objects.exists() and mail.outbox == []


def test_a_nominees_name_is_refused_on_two_lines(innovator_client):
    round_ = load_demo_awards()
    nomination = start(innovator_client, round_)
    innovator_client.post(
        section(nomination, "nominee"), {"kind": "individual", "category": round_.categories.first().pk}
    )
    data = {**PERSON, "people-TOTAL_FORMS": "1", "people-0-name": "Alex\r\nMorgan"}
    response = innovator_client.post(section(nomination, "people"), data)
    assert escape("Full name must be on one line") in response.content.decode()
    assert not nomination.nominees.exists()


def test_an_imported_mentor_on_two_lines_is_refused_with_the_line():
    plan, saved = import_mentors(mentor_csv(mentor_row(name="Alex\nMorgan", job_title="Lead\rofficer")))
    assert saved == [] and not Mentor.objects.exists()
    assert "Line 2: name must be on one line; job_title must be on one line." in [str(e) for e in plan.errors]


def test_an_email_about_someone_whose_name_holds_a_line_break_still_goes_with_a_one_line_subject():
    """A name stored before the forms refused line breaks (or by any other path)."""
    mentor = make_mentor()
    requester = UserFactory(full_name="Evil\r\nBcc: victim@example.org")
    mentor_request = mentor_request_create(requester=requester, **ASK)
    mentor_request_choose(request=mentor_request, mentor_ids=[mentor.pk])
    [asked] = [m for m in mail.outbox if m.to == [mentor.user.email]]
    assert (
        asked.subject
        == "[Public Service Innovation Exchange] Evil Bcc: victim@example.org would like you as their mentor"
    )
    assert asked.message()["Subject"] and "\n" not in str(asked.message()["Subject"]).replace("\n ", "")


@pytest.mark.parametrize("blank", ["\u2800\u3164\u200b", "\u3164", "- . -"])
def test_a_name_that_only_looks_like_one_is_refused(innovator_client, blank):
    round_ = load_demo_awards()
    nomination = start(innovator_client, round_)
    innovator_client.post(
        section(nomination, "nominee"),
        {"kind": "team", "team_name": blank, "category": round_.categories.last().pk},
    )
    assert Nomination.objects.get(pk=nomination.pk).team_name == ""
    innovator_client.post(
        section(nomination, "nominee"), {"kind": "individual", "category": round_.categories.first().pk}
    )
    data = {**PERSON, "people-TOTAL_FORMS": "1", "people-0-name": blank}
    response = innovator_client.post(section(nomination, "people"), data)
    assert escape("Full name must include letters or numbers") in response.content.decode()
    assert not nomination.nominees.exists()
