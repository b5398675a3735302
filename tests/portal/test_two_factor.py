"""Two-factor authentication (allauth.mfa): offered to everyone, required of the central team before
the admin opens; central-team sessions end with the browser and after 12 hours at most."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from portal.accounts.staff import SIGNED_IN_AT
from tests.factories import PASSWORD, StaffFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def test_everyone_is_offered_two_factor_authentication(innovator_client):
    account = innovator_client.get("/account/").content.decode()
    assert "Two-factor authentication" in account and reverse("mfa_index") in account
    page = innovator_client.get(reverse("mfa_index")).content.decode()
    assert "Set up an authenticator app" in page and "Add a security key" in page
    assert "You must set up" not in page  # only the central team must


def test_the_central_team_cannot_open_the_admin_without_two_factor(client):
    staff = StaffFactory(authenticator_app=False)
    client.force_login(staff)
    for path in ["/admin/", "/admin/innovations/innovation/", "/admin/portal/organisation/"]:
        response = client.get(path, follow=True)
        assert response.redirect_chain[-1][0] == reverse("mfa_index"), path
        assert "Set up two-factor authentication before you use the admin" in response.content.decode()
    assert client.post("/admin/portal/organisation/add/", {"name": "Sneaky"}).status_code == 302
    assert (
        "You must set up an authenticator app or a security key"
        in client.get(reverse("mfa_index")).content.decode()
    )


def test_signing_in_takes_the_password_then_a_code_and_then_the_admin_opens(client):
    StaffFactory(email="sam@example.org")
    response = client.post(reverse("account_login"), {"login": "sam@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in on the password alone
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session and wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert "_auth_user_id" in client.session
    assert client.get("/admin/").status_code == 200


def test_keep_me_signed_in_is_refused_for_the_central_team_only():
    staff, member = Client(), Client()
    StaffFactory(email="sam@example.org")
    UserFactory(email="ivy@example.org")
    staff.post(reverse("account_login"), {"login": "sam@example.org", "password": PASSWORD, "remember": "on"})
    staff.post(reverse("mfa_authenticate"), {"code": totp_code()})
    staff.get("/account/")
    assert staff.session.get_expire_at_browser_close()
    member.post(
        reverse("account_login"), {"login": "ivy@example.org", "password": PASSWORD, "remember": "on"}
    )
    member.get("/account/")
    assert not member.session.get_expire_at_browser_close()


def test_a_central_team_session_ends_12_hours_after_signing_in(staff_client):
    assert staff_client.get("/admin/").status_code == 200
    session = staff_client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = staff_client.get("/admin/innovations/innovation/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in staff_client.session


def test_a_members_session_is_not_cut_short(innovator_client):
    session = innovator_client.session
    session[SIGNED_IN_AT] = int(time.time()) - 48 * 3600
    session.save()
    assert innovator_client.get("/account/").status_code == 200


def test_setting_up_two_factor_straight_after_signing_in_does_not_ask_for_the_password_again(client):
    UserFactory(email="ivy@example.org")
    client.post(reverse("account_login"), {"login": "ivy@example.org", "password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200 and "Set up an authenticator app" in response.content.decode()
    # Some minutes later, a change to how they sign in asks for it again.
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 600
    session.save()
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_recovery_codes_page_leads_on_and_making_new_codes_is_not_its_main_button(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    staff = StaffFactory(email="sam@example.org")
    RecoveryCodes.activate(staff)
    client.post(reverse("account_login"), {"login": "sam@example.org", "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    html = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    main = html.split('id="main-content"')[1]
    assert f'href="{reverse("mfa_index")}"' in main and 'href="/account/"' in main
    assert "Download the codes" in main
    generate = main[main.index(reverse("mfa_generate_recovery_codes")) - 120 :]
    assert 'class="govuk-link">Make new recovery codes' in generate and "govuk-button" not in generate[:200]


def test_every_email_link_uses_the_configured_address_whatever_the_host_asked(client, settings, mailoutbox):
    settings.SITE_URL = "https://innovation.example.gov.uk"
    UserFactory(email="ivy@example.org")
    client.post(reverse("account_reset_password"), {"email": "ivy@example.org"}, HTTP_HOST="localhost")
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
        HTTP_HOST="localhost",
    )
    bodies = [m.body for m in mailoutbox]
    assert len(bodies) == 2
    for body in bodies:
        assert "https://innovation.example.gov.uk/accounts/" in body and "http://localhost" not in body
