"""Line breaks have no place in a one-line answer (a name, a job title, an organisation): the forms
refuse them with a GOV.UK message, imports refuse them with the line, and an email's subject never holds
one whatever the data, so an email about a person always goes."""

import pytest
from django.core import mail

from mentoring.services import mentor_request_choose, mentor_request_create
from tests.factories import UserFactory, make_mentor
from tests.mentoring.test_requests import ASK

pytestmark = pytest.mark.django_db


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
