"""Account journeys through allauth: sign up and verify by the emailed link, sign in, reset the password,
sign out, and the "Your account" page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Organisation, User
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, f"no link in email: {message.body}"
    return match.group(1)


def test_sign_up_sends_a_verification_link_that_confirms_and_signs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "New.Person@Example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email__iexact="new.person@example.org")
    assert not user.emailaddress_set.get().verified

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    confirm_path = link_in(mail.outbox[0])

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("portal:account")).context["user"] == user


def test_unverified_user_cannot_sign_in(client):
    client.post(
        reverse("account_signup"),
        {"email": "wait@example.org", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
    )
    client.logout()
    mail.outbox.clear()
    response = client.post(
        reverse("account_login"), {"login": "wait@example.org", "password": "a-long-pass-phrase"}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_up_errors_are_shown_with_the_email_kept(client):
    response = client.post(
        reverse("account_signup"), {"email": "keep@example.org", "password1": "short", "password2": "other"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="keep@example.org"' in html
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Error: Create an account" in html
    assert not User.objects.filter(email="keep@example.org").exists()


def test_sign_in_with_verified_account_and_sign_out(client):
    user = UserFactory(email="ivy@example.org")
    response = client.post(reverse("account_login"), {"login": "ivy@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_in_with_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="ivy@example.org")
    response = client.post(
        reverse("account_login"), {"login": "ivy@example.org", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="ivy@example.org"' in html


def test_sign_in_is_rate_limited_after_repeated_failures(client):
    UserFactory(email="ivy@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "ivy@example.org", "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": "ivy@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_by_emailed_link(client):
    user = UserFactory(email="forgetful@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_path = link_in(mail.outbox[0])

    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    assert response.status_code == 200
    assert "Choose a new password" in response.content.decode()
    response = client.post(
        form_path, {"password1": "brand-new-phrase-9", "password2": "brand-new-phrase-9"}, follow=True
    )
    assert "Your password has been changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("brand-new-phrase-9")
    assert not user.check_password(PASSWORD)
    # The link works once.
    response = client.get(reset_path, follow=True)
    assert "This link has expired" in response.content.decode()
    assert 'href="/accounts/password/reset/"' in response.content.decode()


def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing_useful(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True)
    assert b"Check your email" in response.content
    # allauth tells an unknown address that it has no account, and never confirms it to the requester.
    assert all("reset" not in link_in(m) for m in mail.outbox if re.search(r"https?://", m.body))


def test_password_change(client, innovator):
    client.force_login(innovator)
    page = client.get(reverse("account_change_password")).content.decode()
    assert '<h1 class="govuk-heading-l">Change your password</h1>' in page
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-it", "password1": "another-long-phrase", "password2": "another-long-phrase"},
    )
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_oldpassword"' in html
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another-long-phrase", "password2": "another-long-phrase"},
    )
    assert response.status_code == 302
    innovator.refresh_from_db()
    assert innovator.check_password("another-long-phrase")


def test_account_page_saves_details_and_joins_an_existing_organisation(innovator_client, innovator):
    organisation = OrganisationFactory(name="Northby City Council")
    response = innovator_client.post(
        reverse("portal:account"),
        {"full_name": "Ivy Green", "job_title": "Designer", "organisation_name": "  northby city COUNCIL "},
    )
    assert response.status_code == 302
    innovator.refresh_from_db()
    assert innovator.full_name == "Ivy Green"
    assert innovator.organisation == organisation
    assert Organisation.objects.count() == 1
    page = innovator_client.get(reverse("portal:account"))
    assert "Your details have been saved." in page.content.decode()


def test_account_page_creates_a_new_organisation_with_type_and_region(innovator_client, innovator):
    innovator_client.post(
        reverse("portal:account"),
        {
            "full_name": "Ivy Green",
            "organisation_name": "Fenland Health Partnership",
            "organisation_type": "nhs",
            "region": "east",
        },
    )
    innovator.refresh_from_db()
    assert innovator.organisation.name == "Fenland Health Partnership"
    assert (innovator.organisation.organisation_type, innovator.organisation.region) == ("nhs", "east")


def test_a_used_or_made_up_confirmation_link_says_it_has_expired(client):
    html = client.get("/accounts/confirm-email/made-up-key/").content.decode()
    assert "This link has expired" in html and "Sign in</a> and we will send you a new link" in html


def test_add_an_email_address_then_make_it_the_main_one_once_confirmed(client, innovator):
    from allauth.account.models import EmailAddress

    client.force_login(innovator)
    page = client.get(reverse("account_email")).content.decode()
    assert "Your email addresses" in page and "Your main address. Confirmed." in page
    response = client.post(reverse("account_email"), {"action_add": "", "email": "not an address"})
    assert "There is a problem" in response.content.decode()
    assert 'value="not an address"' in response.content.decode()  # what was typed is kept
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "ivy@council.example"}, follow=True
    )
    assert "ivy@council.example" in response.content.decode()
    assert "Not confirmed yet." in response.content.decode()
    confirm_path = link_in(mail.outbox[-1])
    client.post(confirm_path)
    client.post(reverse("account_email"), {"action_primary": "", "email": "ivy@council.example"})
    assert EmailAddress.objects.get(user=innovator, primary=True).email == "ivy@council.example"


def _fail(client, email, times=5):
    for _ in range(times):
        client.post(reverse("account_login"), {"login": email, "password": "wrong-password"})


def _signs_in(client, email, password=PASSWORD) -> bool:
    client.post(reverse("account_login"), {"login": email, "password": password})
    return "_auth_user_id" in client.session


def test_a_stranger_guessing_cannot_lock_the_owner_out_of_a_browser_they_have_used(client):
    from django.test import Client

    UserFactory(email="ivy@example.org")
    owner = Client()
    assert _signs_in(owner, "ivy@example.org")
    assert owner.cookies["portal_device"]["httponly"]
    owner.post(reverse("account_logout"))

    stranger = Client()
    _fail(stranger, "ivy@example.org")
    assert not _signs_in(stranger, "IVY@example.org")  # the account is locked for unknown browsers
    assert _signs_in(owner, "ivy@example.org")  # but not for Ivy's own


def test_guesses_from_a_known_browser_still_count_against_it():
    from django.test import Client

    UserFactory(email="ivy@example.org")
    owner = Client()
    assert _signs_in(owner, "ivy@example.org")
    owner.post(reverse("account_logout"))
    _fail(owner, "ivy@example.org")
    assert not _signs_in(owner, "ivy@example.org")


def test_a_device_cookie_for_another_account_or_forged_does_not_help():
    from django.test import Client

    UserFactory(email="ivy@example.org")
    UserFactory(email="sam@example.org")
    sam = Client()
    assert _signs_in(sam, "sam@example.org")
    sam.post(reverse("account_logout"))
    _fail(Client(), "ivy@example.org")
    assert not _signs_in(sam, "ivy@example.org")  # Sam's browser is known for Sam only
    forged = Client()
    forged.cookies["portal_device"] = "eyJsb2dpbiI6Iml2eUBleGFtcGxlLm9yZyJ9:forged:signature"
    assert not _signs_in(forged, "ivy@example.org")


def test_a_password_reset_lets_the_owner_in_from_a_new_browser(client):
    from django.test import Client

    UserFactory(email="ivy@example.org")
    _fail(Client(), "ivy@example.org")
    client.post(reverse("account_reset_password"), {"email": "ivy@example.org"})
    response = client.get(link_in(mail.outbox[-1]), follow=True)
    form_path = response.redirect_chain[-1][0]
    client.post(form_path, {"password1": "brand-new-phrase-9", "password2": "brand-new-phrase-9"})
    assert _signs_in(Client(), "ivy@example.org", "brand-new-phrase-9")


def test_a_user_cannot_change_a_shared_organisations_type_or_region(innovator_client, innovator, settings):
    from portal.models import OrganisationSuggestion

    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    cabinet = OrganisationFactory(
        name="Cabinet Office", organisation_type="central_government", region="london"
    )
    response = innovator_client.post(
        "/account/",
        {
            "full_name": "Ivy Green",
            "organisation_name": "cabinet office",
            "organisation_type": "private_sector",
            "region": "wales",
        },
    )
    assert response.status_code == 302
    cabinet.refresh_from_db()
    assert (cabinet.organisation_type, cabinet.region) == ("central_government", "london")
    innovator.refresh_from_db()
    assert innovator.organisation == cabinet
    suggestion = OrganisationSuggestion.objects.get()
    assert (suggestion.organisation, suggestion.suggested_by) == (cabinet, innovator)
    assert (suggestion.organisation_type, suggestion.region) == ("private_sector", "wales")
    assert [m.to for m in mail.outbox] == [["team@example.org"]]
    assert "Suggested change to Cabinet Office" in mail.outbox[0].subject
    # Saving the same again neither repeats the suggestion nor the email.
    innovator_client.post(
        "/account/",
        {
            "full_name": "Ivy Green",
            "organisation_name": "Cabinet Office",
            "organisation_type": "private_sector",
            "region": "wales",
        },
    )
    assert OrganisationSuggestion.objects.count() == 1 and len(mail.outbox) == 1


def test_blank_details_of_an_imported_organisation_are_suggested_not_filled_in(innovator_client):
    from portal.models import OrganisationSuggestion

    provider = OrganisationFactory(name="What Works Network", organisation_type="", region="")
    innovator_client.post(
        "/account/",
        {
            "full_name": "Ivy",
            "organisation_name": "What Works Network",
            "organisation_type": "third_sector",
            "region": "london",
        },
    )
    provider.refresh_from_db()
    assert (provider.organisation_type, provider.region) == ("", "")
    assert OrganisationSuggestion.objects.filter(
        organisation=provider, organisation_type="third_sector"
    ).exists()


def test_the_central_team_applies_or_dismisses_suggestions(staff_client, innovator):
    from portal.models import OrganisationSuggestion

    cabinet = OrganisationFactory(
        name="Cabinet Office", organisation_type="central_government", region="london"
    )
    apply_me = OrganisationSuggestion.objects.create(
        organisation=cabinet, suggested_by=innovator, region="uk_wide"
    )
    other = OrganisationFactory(name="Other Body", organisation_type="third_sector", region="wales")
    dismiss_me = OrganisationSuggestion.objects.create(
        organisation=other, suggested_by=innovator, region="london"
    )
    url = "/admin/portal/organisationsuggestion/"
    assert "Cabinet Office" in staff_client.get(url).content.decode()
    staff_client.post(url, {"action": "apply", "_selected_action": [apply_me.pk]})
    staff_client.post(url, {"action": "dismiss", "_selected_action": [dismiss_me.pk]})
    cabinet.refresh_from_db()
    other.refresh_from_db()
    assert (cabinet.organisation_type, cabinet.region) == ("central_government", "uk_wide")
    assert other.region == "wales"
    assert not OrganisationSuggestion.objects.filter(resolved_at=None).exists()


def test_the_account_page_says_a_change_to_a_shared_organisation_went_to_the_central_team(innovator_client):
    OrganisationFactory(name="Cabinet Office", organisation_type="central_government", region="london")
    page = innovator_client.post(
        "/account/",
        {
            "full_name": "Ivy",
            "organisation_name": "Cabinet Office",
            "organisation_type": "",
            "region": "wales",
        },
        follow=True,
    ).content.decode()
    assert "your change to its type or region has been sent to the central team to check" in page
