"""Who may use each of the project's own pages (mentoring and awards have their own tables). A route added without a row fails the first test."""

import pytest

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

OPEN = {"anonymous": 200, "innovator": 200, "owner": 200, "staff": 200}

TABLE = {
    "portal:home": ("/", "get", OPEN),
    "portal:accessibility": ("/accessibility/", "get", OPEN),
    "portal:cookies": ("/cookies/", "get", OPEN),
    "portal:privacy": ("/privacy/", "get", OPEN),
    "portal:search": ("/search/?q=housing", "get", OPEN),
    "portal:account": (
        "/account/",
        "get",
        {"anonymous": "login", "innovator": 200, "owner": 200, "staff": 200},
    ),
}


def test_every_portal_route_has_a_row(namespace_routes):
    assert namespace_routes("portal") == set(TABLE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_who_may_use_each_page(visit, route, role):
    path, method, outcomes = TABLE[route]
    assert visit(role, path, method) == outcomes[role]


@pytest.mark.parametrize(("role", "outcome"), [("anonymous", "login"), ("innovator", 403), ("staff", 302)])
def test_only_the_central_team_gets_past_the_admins_door(visit, role, outcome):
    """The admin sends everyone to its door; the door sends strangers to sign in, refuses innovators and
    lets the central team through (a redirect to where they were going)."""
    assert visit(role, "/admin/login/?next=/admin/") == outcome
