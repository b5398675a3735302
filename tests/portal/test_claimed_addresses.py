"""An account someone registered in advance with another person's email address, and never confirmed,
is not that person's: when they prove the address is theirs (a champion following their invitation, the
central team importing them as a mentor), the account becomes theirs alone. The stranger's password
stops working, their sessions end, and the owner chooses a password through the emailed link."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Nominee, Round
from awards.publishing import invitation_token, results_publish_due
from mentoring.models import Mentor
from mentoring.services import import_mentors
from portal.models import User
from tests.awards.test_champions import CONFIRMED, decided  # noqa: F401 (decided is a fixture)
from tests.factories import mentor_csv, mentor_row

pytestmark = pytest.mark.django_db
STRANGERS_PASSWORD = "a-stranger's-long-password"


def registered_in_advance(email: str) -> tuple[User, Client]:
    """A stranger signs up with `email` (the address is never confirmed) and keeps a session."""
    Client().post(
        reverse("account_signup"),
        {"email": email, "password1": STRANGERS_PASSWORD, "password2": STRANGERS_PASSWORD},
    )
    user = User.objects.get(email__iexact=email)
    User.objects.filter(pk=user.pk).update(full_name="Not Grace", job_title="Impostor")
    assert not EmailAddress.objects.get(user=user).verified
    session = Client()
    session.force_login(user)
    mail.outbox.clear()
    return user, session


def signs_in(email: str, password: str) -> bool:
    client = Client()
    client.post(reverse("account_login"), {"login": email, "password": password})
    return "_auth_user_id" in client.session


def assert_the_account_is_the_owners_alone(user, session, email):
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified  # the invitation, or the central team, proved it
    assert not signs_in(email, STRANGERS_PASSWORD)
    assert session.get("/account/")["Location"].startswith(reverse("account_login"))  # signed out
    [message] = [m for m in mail.outbox if [a.lower() for a in m.to] == [email.lower()]]
    assert "/accounts/password/reset/key/" in message.body  # the owner chooses a password


def test_a_champion_joining_takes_over_an_account_registered_with_their_address(decided, client):  # noqa: F811
    round_, _nominations, _innovation = decided
    Round.objects.filter(pk=round_.pk).update(announce_at=timezone.now() - timedelta(minutes=1))
    results_publish_due()
    grace = Nominee.objects.get(name="Grace Adeyemi")
    user, session = registered_in_advance("Grace@Adeyemi.example.org")

    response = client.post(f"/awards/champions/join/{invitation_token(grace)}/", CONFIRMED)
    assert "You have joined the mentor pool" in response.content.decode()
    assert Mentor.objects.get().user == user and User.objects.filter(email__iexact=grace.email).count() == 1
    assert_the_account_is_the_owners_alone(user, session, "Grace@Adeyemi.example.org")
    # What the stranger wrote on the account is replaced by the nomination's details.
    assert (user.full_name, user.job_title) == ("Grace Adeyemi", "Lead")


def test_importing_a_mentor_takes_over_an_account_registered_with_their_address():
    user, session = registered_in_advance("alex@northby.example.org")
    plan, saved = import_mentors(mentor_csv(mentor_row()))
    assert plan.is_valid, plan.errors
    assert [m.user for m in saved] == [user]
    assert_the_account_is_the_owners_alone(user, session, "alex@northby.example.org")
    assert user.full_name == "Alex Morgan"
