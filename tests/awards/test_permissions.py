"""Who may use each awards page: one row per route, a column per role. A route added without a row fails
the first test. A nomination is its nominator's alone: anyone else gets 404, so guessing an id reveals
nothing."""

import pytest

from awards.demo_content import load_demo_awards
from awards.publishing import invitation_token
from awards.services import nomination_start
from tests.conftest import ROLES
from tests.factories import champion_of_last_year

pytestmark = pytest.mark.django_db

OPEN = {"anonymous": 200, "innovator": 200, "owner": 200, "staff": 200}
SIGNED_IN = {"anonymous": "login", "innovator": 200, "owner": 200, "staff": 200}
NOMINATOR = {"anonymous": "login", "innovator": 404, "owner": 200, "staff": 404}

TABLE = {
    "awards:index": ("/awards/", "get", OPEN),
    "awards:champions": ("/awards/champions/", "get", OPEN),
    # The emailed link is the authority (it proves the champion reads that inbox): anyone holding it may
    # look; a link not signed by the portal, or for someone who is not a published champion, is a 404.
    "awards:champion_join": ("/awards/champions/join/{token}/", "get", OPEN),
    "awards:round": ("{round}", "get", OPEN),
    "awards:nominate": ("{round}nominate/", "get", SIGNED_IN),
    "awards:yours": ("/awards/nominations/", "get", SIGNED_IN),
    "awards:nomination": ("/awards/nominations/{nomination}/", "get", NOMINATOR),
    "awards:section": ("/awards/nominations/{nomination}/summary/", "get", NOMINATOR),
    "awards:check": ("/awards/nominations/{nomination}/check/", "get", NOMINATOR),
    # Not submitted yet: its owner is sent back to the task list.
    "awards:submitted": ("/awards/nominations/{nomination}/submitted/", "get", {**NOMINATOR, "owner": 302}),
    "awards:withdraw": ("/awards/nominations/{nomination}/withdraw/", "get", NOMINATOR),
    # A judge's queue is everyone's own (empty unless they judge); a nomination to judge is its judge's
    # alone: the owner here judges the other nomination.
    "awards:queue": ("/awards/judging/", "get", SIGNED_IN),
    "awards:judge": ("/awards/judging/{assignment}/", "get", NOMINATOR),
    "awards:conflict": ("/awards/judging/{assignment}/conflict/", "get", NOMINATOR),
    # The central team, with two-factor sign-in (the staff of these tables have it).
    "awards:leaderboard": (
        "{round}leaderboard/",
        "get",
        {"anonymous": "login", "innovator": 403, "owner": 403, "staff": 200},
    ),
    "awards:decide": (
        "{round}leaderboard/{submitted}/",
        "get",
        {"anonymous": "login", "innovator": 403, "owner": 403, "staff": 200},
    ),
}


def test_every_awards_route_has_a_row(namespace_routes):
    assert namespace_routes("awards") == set(TABLE)


@pytest.fixture
def things(people):
    from awards.judging import assignment_add
    from tests.factories import UserFactory

    round_ = load_demo_awards()
    nomination = nomination_start(round_=round_, user=people["owner"])
    to_judge = nomination_start(round_=round_, user=UserFactory())
    assignment = assignment_add(nomination=to_judge, judge=people["owner"])
    from tests.factories import submit_nomination as submitted

    done = submitted(round_, nominee_org="Westshire")
    champion = champion_of_last_year(round_)
    return {
        "round": round_.get_absolute_url(), "nomination": nomination.pk, "assignment": assignment.pk, "submitted": done.pk,
        "token": invitation_token(champion),
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_who_may_use_each_page(visit, things, route, role):
    path, method, outcomes = TABLE[route]
    assert visit(role, path.format(**things), method) == outcomes[role]
