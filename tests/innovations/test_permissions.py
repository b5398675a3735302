"""Who may use each innovations page: one row per route, a column per role. A route added without a
row fails the first test. "login" is a redirect to sign in; 404 means the page does not exist for that
person, so guessing an id reveals nothing."""

import pytest

from innovations.alerts import saved_search_create, unsubscribe_token
from tests.conftest import ROLES
from tests.factories import make_innovation

pytestmark = pytest.mark.django_db

OPEN = {"anonymous": 200, "innovator": 200, "owner": 200, "staff": 200}
SIGNED_IN = {"anonymous": "login", "innovator": 200, "owner": 200, "staff": 200}
SUBMITTER_AND_TEAM = {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 200}
OWNER_ONLY = {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}

# route: (path, method, {role: outcome})
TABLE = {
    "innovations:index": ("/innovations/", "get", OPEN),
    "innovations:feed": ("/innovations/feed/", "get", OPEN),
    "innovations:detail": ("/innovations/{published}/", "get", OPEN),
    "innovations:report_problem": ("/innovations/{published}/report/", "get", OPEN),
    "innovations:unsubscribe": ("/innovations/saved/unsubscribe/{token}/", "get", OPEN),
    "innovations:share": ("/innovations/share/", "get", SIGNED_IN),
    "innovations:share_about": ("/innovations/share/about/", "get", SIGNED_IN),
    "innovations:yours": ("/innovations/yours/", "get", SIGNED_IN),
    "innovations:saved": ("/innovations/saved/", "get", SIGNED_IN),
    "innovations:saved_new": ("/innovations/saved/new/?q=housing", "get", SIGNED_IN),
    "innovations:shortlist": ("/innovations/shortlist/", "get", SIGNED_IN),
    "innovations:adoption_story": ("/innovations/{published}/adopted/", "get", SIGNED_IN),
    "innovations:star": (
        "/innovations/{published}/star/",
        "post",
        {"anonymous": "login", "innovator": 302, "owner": 302, "staff": 302},
    ),
    "innovations:task_list": ("/innovations/yours/{draft}/", "get", SUBMITTER_AND_TEAM),
    "innovations:section": ("/innovations/yours/{draft}/problem/", "get", SUBMITTER_AND_TEAM),
    "innovations:check": ("/innovations/yours/{draft}/check/", "get", SUBMITTER_AND_TEAM),
    "innovations:preview": ("/innovations/yours/{draft}/preview/", "get", SUBMITTER_AND_TEAM),
    "innovations:submitted": ("/innovations/yours/{submitted}/submitted/", "get", SUBMITTER_AND_TEAM),
    "innovations:saved_open": (
        "/innovations/saved/{saved}/",
        "get",
        {"anonymous": "login", "innovator": 404, "owner": 302, "staff": 404},
    ),
    "innovations:saved_delete": ("/innovations/saved/{saved}/delete/", "get", OWNER_ONLY),
    "innovations:saved_edit": ("/innovations/saved/{saved}/edit/", "get", OWNER_ONLY),
}


def test_every_innovations_route_has_a_row(namespace_routes):
    assert namespace_routes("innovations") == set(TABLE)


@pytest.fixture
def things(people):
    owner = people["owner"]
    saved = saved_search_create(user=owner, name="Housing", query="q=housing", frequency="weekly")
    return {
        "published": make_innovation(title="Housing hub", submitted_by=owner).slug,
        "draft": make_innovation(title="Draft", status="draft", submitted_by=owner).pk,
        "submitted": make_innovation(title="Sent", status="submitted", submitted_by=owner).pk,
        "saved": saved.pk,
        "token": unsubscribe_token(saved),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_who_may_use_each_page(visit, things, route, role):
    path, method, outcomes = TABLE[route]
    assert visit(role, path.format(**things), method) == outcomes[role]
