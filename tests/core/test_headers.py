"""Headers every response carries: no cached copy of a signed-in page, no browser feature the portal
does not use."""

import pytest

from tests.factories import make_innovation

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "/",
    "/account/",
    "/innovations/",
    "/innovations/yours/",
    "/innovations/saved/",
    "/advice/",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_are_private_and_never_stored(innovator_client, path):
    response = innovator_client.get(path)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_a_signed_in_detail_page_holding_contact_details_is_never_stored(innovator_client):
    innovation = make_innovation(contact_email="pat@example.org")
    response = innovator_client.get(innovation.get_absolute_url())
    assert b"pat@example.org" in response.content
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_visitors_may_be_cached(client):
    assert "no-store" not in client.get("/innovations/").get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/", "/innovations/", "/api/innovations/", "/healthz"])
def test_features_the_portal_does_not_use_are_turned_off(client, path):
    policy = dict(part.strip().split("=", 1) for part in client.get(path)["Permissions-Policy"].split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert policy[feature] == "()"
    # Security keys for two-factor sign-in work on the portal's own pages.
    assert policy["publickey-credentials-get"] == "(self)"
