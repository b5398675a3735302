"""Who may use each advice page: everything in the directory and find help is open to anyone. A route
added without a row fails the first test."""

import pytest

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

OPEN = {"anonymous": 200, "innovator": 200, "owner": 200, "staff": 200}
ANSWERS = "stage=prove&need=evaluation&audience=nhs&where=london"

TABLE = {
    "advice:index": ("/advice/", "get", OPEN),
    "advice:detail": ("/advice/what-works-network/", "get", OPEN),
    "advice:find_help": ("/find-help/", "get", OPEN),
    "advice:find_help_question": ("/find-help/need/?stage=prove", "get", OPEN),
    "advice:find_help_results": (f"/find-help/results/?{ANSWERS}", "get", OPEN),
}


def test_every_advice_route_has_a_row(namespace_routes):
    assert namespace_routes("advice") == set(TABLE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_who_may_use_each_page(visit, directory, route, role):
    path, method, outcomes = TABLE[route]
    assert visit(role, path, method) == outcomes[role]


def test_a_source_closed_for_good_has_no_page(visit, directory):
    source = directory[0]
    source.status = "defunct"
    source.save()
    assert visit("staff", source.get_absolute_url()) == 404
