"""The innovation search page kept whole for visitors who bring no cookies: the second such visit is one
statement; each response has its own CSP nonce; nothing is served after a write it does not reflect;
anyone with a cookie (signed in above all) is served by the view itself."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innovations.models import PolicyArea
from tests.factories import UserFactory, make_innovation

pytestmark = pytest.mark.django_db

PATH = "/innovations/?q=nursing"


def visit(client, path=PATH):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def nonce_of(response) -> tuple[str, str]:
    """The nonce the page's script carries and the one its CSP header allows."""
    page = re.search(r'<script nonce="([^"]+)"', response.content.decode()).group(1)
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    return page, header


def test_a_second_visitor_without_cookies_is_served_the_page_in_one_statement():
    make_innovation(title="District nursing at night", summary="Nursing teams at night.")
    first, first_queries = visit(Client())
    again, again_queries = visit(Client())
    assert "District nursing at night" in again.content.decode()
    assert again_queries == 1 < first_queries
    # The same page but for its nonce, which matches its own header and no one else's.
    first_page, first_header = nonce_of(first)
    again_page, again_header = nonce_of(again)
    assert first_page == first_header and again_page == again_header and again_page != first_page
    assert again.content.decode().replace(again_page, "N") == first.content.decode().replace(first_page, "N")


def test_a_write_reaches_the_next_visitor():
    make_innovation(title="District nursing at night", summary="Nursing teams at night.")
    visit(Client())
    make_innovation(title="Nursing in care homes", summary="Nursing for care homes.")
    page = visit(Client())[0].content.decode()
    assert "Nursing in care homes" in page and "District nursing at night" in page


def test_a_new_policy_area_reaches_the_next_visitor():
    make_innovation(title="District nursing at night", summary="Nursing teams at night.")
    path = PATH + "&policy_area=space-medicine"
    assert "is not a known policy area" in visit(Client(), path)[0].content.decode()
    PolicyArea.objects.create(name="Space medicine", slug="space-medicine", bit=30)
    assert "is not a known policy area" not in visit(Client(), path)[0].content.decode()


def test_someone_signed_in_is_never_served_a_kept_page(client):
    make_innovation(title="District nursing at night", summary="Nursing teams at night.")
    visit(Client())
    visit(Client())  # kept, and served from the cache
    user = UserFactory()
    client.force_login(user)
    page, queries = visit(client)
    assert queries > 1
    assert "Sign out" in page.content.decode()
    # And what was kept is the signed-out page.
    assert "Sign out" not in visit(Client())[0].content.decode()


def test_a_visitor_with_any_cookie_is_served_by_the_view():
    make_innovation(title="District nursing at night", summary="Nursing teams at night.")
    visit(Client())
    returning = Client()
    returning.cookies["cookies_policy"] = "seen"
    assert visit(returning)[1] > 1
