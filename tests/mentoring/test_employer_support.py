"""The line manager's confirmation of time for mentoring: a signed link that answers one request only,
sent to someone other than the people in the mentorship, a limited number of times, never cached, and
emails that show what people typed as text."""

import re

import pytest
from django.core import mail
from django.test import Client

from mentoring.models import EmployerSupport
from mentoring.services import employer_support_answer, support_for_token
from portal.moderation.models import WorkflowError
from tests.mentoring.test_mentorships import pair, url  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def ask(client, mentorship, name, email):
    return client.post(url(mentorship, "employer/"), {"manager_name": name, "manager_email": email})


def link_sent_to(email) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://\S+/mentoring/support/\S+/", message.body).group(0)
    return link[link.index("/mentoring/") :]


def test_a_link_stops_working_once_the_request_is_sent_again(pair, client):  # noqa: F811
    """Asked of Boss A, answered, then asked of Boss B: A's link no longer answers for anyone."""
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Alex Boss", "alex@northby.example.org")
    first_link = link_sent_to("alex@northby.example.org")
    client.post(first_link, {"answer": "yes"})
    assert EmployerSupport.objects.get().status == "confirmed"

    ask(clients["mentee"], mentorship, "Bea Boss", "bea@northby.example.org")
    assert client.get(first_link).status_code == 404
    assert client.post(first_link, {"answer": "yes", "comment": "Sure."}).status_code == 404
    support = EmployerSupport.objects.get()
    assert (support.manager_name, support.status, support.comment) == ("Bea Boss", "asked", "")
    assert (
        "Can Ed Mentee have time for mentoring?"
        in client.get(link_sent_to("bea@northby.example.org")).content.decode()
    )


def test_an_unanswered_link_stops_working_when_the_request_goes_to_someone_else(pair, client):  # noqa: F811
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Alex Boss", "alex@northby.example.org")
    first_link = link_sent_to("alex@northby.example.org")
    ask(clients["mentee"], mentorship, "Bea Boss", "bea@northby.example.org")
    assert client.post(first_link, {"answer": "yes"}).status_code == 404
    assert EmployerSupport.objects.get().status == "asked"


def test_an_answer_through_a_link_replaced_while_the_page_was_open_is_refused(pair):  # noqa: F811
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Alex Boss", "alex@northby.example.org")
    opened = support_for_token(link_sent_to("alex@northby.example.org").split("/")[-2])
    ask(clients["mentee"], mentorship, "Bea Boss", "bea@northby.example.org")
    with pytest.raises(WorkflowError, match="replaced by a newer one"):
        employer_support_answer(support=opened, confirmed=True)
    assert EmployerSupport.objects.get().status == "asked"


def test_the_signed_link_pages_are_never_stored(pair, client):  # noqa: F811
    """Whoever holds the link sees the page without signing in: no cache may keep it."""
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Pat Boss", "pat@northby.example.org")
    response = Client().get(link_sent_to("pat@northby.example.org"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
