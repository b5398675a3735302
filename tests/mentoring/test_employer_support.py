"""The line manager's confirmation of time for mentoring: a signed link that answers one request only,
sent to someone other than the people in the mentorship, a limited number of times, never cached, and
emails that show what people typed as text."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.mentoring.test_mentorships import pair, url  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def ask(client, mentorship, name, email):
    return client.post(url(mentorship, "employer/"), {"manager_name": name, "manager_email": email})


def link_sent_to(email) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://\S+/mentoring/support/\S+/", message.body).group(0)
    return link[link.index("/mentoring/") :]


def test_the_signed_link_pages_are_never_stored(pair, client):  # noqa: F811
    """Whoever holds the link sees the page without signing in: no cache may keep it."""
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Pat Boss", "pat@northby.example.org")
    response = Client().get(link_sent_to("pat@northby.example.org"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
