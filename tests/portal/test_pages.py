"""The GOV.UK pages every visitor can reach, the error pages and the security headers."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("/", "Find, adopt and scale what works in public services"),
    ("/accessibility/", "Accessibility statement"),
    ("/cookies/", "Cookies"),
    ("/privacy/", "Privacy notice"),
    ("/innovations/", "Find innovations"),
    ("/advice/", "Get advice"),
    ("/mentoring/", "Mentoring"),
    ("/awards/", "Awards"),
    ("/accounts/login/", "Sign in"),
    ("/accounts/signup/", "Create an account"),
    ("/accounts/password/reset/", "Reset your password"),
]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_page_renders_in_the_govuk_layout(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf"<h1[^>]*>\s*{re.escape(heading)}\s*</h1>", html)
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'class="govuk-phase-banner"' in html
    assert 'href="/accessibility/">Accessibility statement</a>' in html


def test_navigation_marks_the_current_section(client):
    html = client.get("/advice/").content.decode()
    assert re.search(r'href="/advice/" aria-current="true">\s*<strong', html)
    assert 'href="/innovations/" aria-current' not in html


def test_strict_content_security_policy_with_a_nonce_for_the_one_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [f' nonce="{nonce}"']
    assert " style=" not in html and "<style" not in html
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_each_response_gets_a_different_nonce(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert re.search(r"nonce-[^']+", first).group(0) != re.search(r"nonce-[^']+", second).group(0)


def test_unknown_page_gets_the_govuk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-template" in response.content


def test_form_without_csrf_token_gets_a_helpful_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content


def test_server_error_page_renders_without_the_request_context(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


@pytest.mark.parametrize("code", [400, 403, 404, 500])
def test_error_templates_exist_in_govuk_style(code):
    from django.template.loader import render_to_string

    html = render_to_string(f"{code}.html", {"SITE_NAME": "Portal"})
    assert "govuk-heading-l" in html


def test_every_part_is_in_the_menu_and_the_home_page_points_to_what_exists(client, db):
    """Mentoring and the awards are in the menu (the mentor directory counts as part of mentoring), and the
    home page points to them too."""
    from tests.factories import load_demo_advice

    load_demo_advice()
    home = client.get("/").content.decode()
    nav = home[home.index('id="navigation"') : home.index("</ul>", home.index('id="navigation"'))]
    assert '<a class="govuk-service-navigation__link" href="/awards/"' in nav
    assert '<a class="govuk-service-navigation__link" href="/mentoring/"' in nav
    assert '<a class="govuk-link" href="/awards/">Nominate a Scaling Up Champion</a></h3>' in home
    mentoring = client.get("/mentoring/").content.decode()
    # Mentoring is reached from the home page; its page offers asking, browsing and mentoring advice.
    assert '<a class="govuk-link" href="/mentoring/">Mentoring</a>' in home
    assert 'href="/mentoring/ask/">Ask for a mentor</a>' in mentoring
    assert '<a class="govuk-link" href="/advice/?support_type=mentoring">see the' in mentoring
    awards = client.get("/awards/").content.decode()
    assert 'href="/innovations/?adopted=yes"' in awards
    assert re.search(r'href="/awards/" aria-current="true">\s*<strong', awards)


def test_signed_in_the_navigation_reaches_what_people_keep(innovator_client):
    html = innovator_client.get("/innovations/yours/").content.decode()
    nav = html[html.index('id="navigation"') : html.index("</ul>", html.index('id="navigation"'))]
    for text, href in [
        ("Your innovations", "/innovations/yours/"),
        ("Saved searches", "/innovations/saved/"),
        ("Shortlist", "/innovations/shortlist/"),
        ("Your nominations", "/awards/nominations/"),
    ]:
        assert f'href="{href}"' in nav and text in nav
    assert re.search(r'href="/innovations/yours/" aria-current="true">\s*<strong', nav)
    assert 'href="/innovations/" aria-current' not in nav
    # Your nominations is its own place in the menu, not "Awards".
    html = innovator_client.get("/awards/nominations/").content.decode()
    nav = html[html.index('id="navigation"') : html.index("</ul>", html.index('id="navigation"'))]
    assert re.search(r'href="/awards/nominations/" aria-current="true">\s*<strong', nav)
    assert 'href="/awards/" aria-current' not in nav


def test_the_mentor_directory_is_part_of_mentoring_in_the_menu(client, db):
    html = client.get("/mentors/").content.decode()
    nav = html[html.index('id="navigation"') : html.index("</ul>", html.index('id="navigation"'))]
    assert 'href="/mentoring/" aria-current="true"' in nav
