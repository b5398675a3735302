"""Every email the portal sends, allauth's included, is in the portal's own words and layout, with a
plain-text and an HTML part."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory, make_innovation

pytestmark = pytest.mark.django_db

SITE = "Public Service Innovation Exchange"


def html_part(message) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html


def assert_in_the_portals_words(message):
    assert message.subject.startswith(f"[{SITE}] ")
    for stranger in ["Hello from", "example.com", "Thank you for using"]:
        assert stranger not in message.body, stranger
    assert SITE in message.body
    html = html_part(message)
    assert SITE in html and "<p>" in html


def test_the_verification_email(client):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
    )
    [message] = mail.outbox
    assert message.subject == f"[{SITE}] Confirm your email address"
    assert "Confirm your email address to finish creating your" in message.body
    assert_in_the_portals_words(message)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert f'<a href="{link}"' in html_part(message)


def test_the_password_reset_email(client):
    UserFactory(email="forgetful@example.org")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    [message] = mail.outbox
    assert message.subject == f"[{SITE}] Reset your password"
    assert "If it was not you, you can ignore this email" in message.body
    assert_in_the_portals_words(message)


def test_a_reset_for_an_unknown_address_says_so_in_plain_words(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    [message] = mail.outbox
    assert message.subject == f"[{SITE}] No account with this email address"
    assert_in_the_portals_words(message)


def test_the_portals_own_emails_have_an_html_part(client, settings):
    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    innovation = make_innovation(title="Falls visits")
    client.post(f"/innovations/{innovation.slug}/report/", {"reason": "wrong", "details": "A typo."})
    [message] = mail.outbox
    assert "Falls visits" in html_part(message)
