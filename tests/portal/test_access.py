"""Who may use which page: anonymous visitors, innovators (anyone signed in) and the central team."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_account_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("portal:account"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('portal:account')}"


def test_account_page_shows_only_the_signed_in_users_own_details(innovator_client, innovator, staff):
    response = innovator_client.get(reverse("portal:account"))
    assert response.status_code == 200
    html = response.content.decode()
    assert innovator.email in html
    assert staff.email not in html
    assert "Innovator" in html


def test_admin_sends_anonymous_visitors_to_the_portal_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"
    assert b"Sign in" in response.content


def test_admin_refuses_signed_in_users_outside_the_central_team(innovator_client):
    response = innovator_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert b"You do not have permission to see this page" in response.content
    assert innovator_client.get("/admin/portal/user/").status_code in {302, 403}
    assert innovator_client.get("/admin/portal/user/", follow=True).status_code == 403


def test_admin_opens_for_the_central_team(staff_client, innovator):
    response = staff_client.get("/admin/")
    assert response.status_code == 200
    assert b"Curate the portal" in response.content
    users = staff_client.get("/admin/portal/user/")
    assert innovator.email in users.content.decode()


def test_header_shows_admin_link_only_to_the_central_team(client, innovator, staff):
    client.force_login(innovator)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    client.force_login(staff)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_the_admins_home_page_leads_to_the_central_teams_own_pages(staff_client):
    from awards.demo_content import load_demo_awards
    from tests.factories import round_in_judging

    round_ = load_demo_awards()
    html = staff_client.get("/admin/").content.decode()
    section = html[html.index('id="central-team-pages"') :]
    assert 'href="/mentoring/matching/"' in section and 'href="/mentoring/report/"' in section
    # A round open for nominations has no leaderboard yet; one being judged has.
    leaderboard = f"/awards/{round_.award.slug}/{round_.year}/leaderboard/"
    assert leaderboard not in section
    round_in_judging(round_)
    section = staff_client.get("/admin/").content.decode().split('id="central-team-pages"')[1]
    assert f'href="{leaderboard}"' in section and "Being judged" in section
