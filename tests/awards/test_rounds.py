"""Award rounds: their state follows their dates; the public pages show dates in UK time and what is
judged, and the central team sets rounds up in the admin."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.demo_content import load_demo_awards
from awards.models import Award, Round, RoundState
from portal.core.text import govuk_time

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def make_round(**dates):
    award, _ = Award.objects.get_or_create(
        slug="scaling-up", defaults={"name": "Scaling Up Award", "description": "x"}
    )
    now = timezone.now()
    defaults = {
        "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=10),
        "judging_ends_at": now + timedelta(days=20), "announce_at": now + timedelta(days=30),
    }  # fmt: skip
    return Round.objects.create(award=award, year=2027, **{**defaults, **dates})


def test_the_state_follows_the_dates():
    july = datetime(2027, 7, 1, 9, tzinfo=LONDON)
    r = make_round(
        opens_at=july, closes_at=july + timedelta(days=30), judging_ends_at=july + timedelta(days=60),
        announce_at=july + timedelta(days=90),
    )  # fmt: skip
    for offset, state in [
        (-1, "upcoming"),
        (0, "open"),
        (29, "open"),
        (30, "judging"),
        (60, "deciding"),
        (90, "announced"),
    ]:
        assert r.state(now=july + timedelta(days=offset)) == RoundState(state), offset


def test_dates_out_of_order_are_refused_by_the_form_and_the_database():
    now = timezone.now()
    r = Round(award=Award.objects.create(slug="a", name="A", description="x"), year=2030, opens_at=now,
              closes_at=now - timedelta(days=1), judging_ends_at=now, announce_at=now)  # fmt: skip
    with pytest.raises(Exception, match="must come in order"):
        r.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        r.save()


def test_times_are_written_in_uk_time_as_govuk_does():
    assert govuk_time(datetime(2027, 1, 30, 17, 0, tzinfo=LONDON)) == "5pm"
    assert govuk_time(datetime(2027, 7, 30, 9, 30, tzinfo=LONDON)) == "9:30am"
    assert govuk_time(datetime(2027, 7, 30, 11, 0, tzinfo=ZoneInfo("UTC"))) == "midday"  # BST
    assert govuk_time(datetime(2027, 1, 30, 0, 0, tzinfo=LONDON)) == "midnight"


def test_the_round_page_shows_dates_in_uk_time_eligibility_and_what_each_score_means(client):
    r = load_demo_awards()
    r.eligible_organisation_types = ["nhs", "local_authority"]
    r.closes_at = datetime(2027, 1, 30, 17, 0, tzinfo=LONDON)
    r.save()
    html = client.get(r.get_absolute_url()).content.decode()
    assert "Open for nominations" in html
    assert "Nominations are open until 5pm on 30 January 2027 (UK time)" in html
    assert "From these kinds of organisation: NHS, Local authority" in html
    assert "Reach and spread" in html and "Adopted widely, or made mainstream" in html
    assert client.get("/awards/scaling-up/1999/").status_code == 404


def test_before_the_announcement_the_page_says_when_and_the_home_lists_rounds(client):
    now = timezone.now()
    r = make_round(
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=10),
        judging_ends_at=now + timedelta(days=5),
        announce_at=now + timedelta(days=9),
    )
    html = client.get(r.get_absolute_url()).content.decode()
    assert "The judges are at work. The winners will be announced on" in html
    home = client.get("/awards/").content.decode()
    assert f'href="{r.get_absolute_url()}">Scaling Up Award 2027</a>: being judged' in home


def test_the_central_team_sets_up_a_round_with_categories_and_criteria(staff_client):
    award = Award.objects.create(slug="s", name="Scaling Up Award", description="x")
    data = {
        "award": award.pk, "year": 2028, "description": "",
        "opens_at_0": "01/02/2028", "opens_at_1": "09:00", "closes_at_0": "01/03/2028", "closes_at_1": "17:00",
        "judging_ends_at_0": "01/04/2028", "judging_ends_at_1": "17:00", "announce_at_0": "01/05/2028", "announce_at_1": "10:00",
        "nominees": "either", "eligible_organisation_types": ["nhs"], "judges_per_nomination": 3,
        "categories-TOTAL_FORMS": 1, "categories-INITIAL_FORMS": 0, "categories-0-name": "Champion", "categories-0-order": 1, "categories-0-nominees": "either",
        "judges-TOTAL_FORMS": 0, "judges-INITIAL_FORMS": 0,
        "criteria-TOTAL_FORMS": 1, "criteria-INITIAL_FORMS": 0, "criteria-0-name": "Reach", "criteria-0-description": "How far.",
        "criteria-0-weight": 2, "criteria-0-word_limit": 250, "criteria-0-order": 1,
        **{f"criteria-0-score_{n}": f"Meaning {n}" for n in range(1, 6)},
    }  # fmt: skip
    response = staff_client.post("/admin/awards/round/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    r = Round.objects.get(year=2028)
    assert r.opens_at == datetime(2028, 2, 1, 9, tzinfo=LONDON)
    assert [c.name for c in r.categories.all()] == ["Champion"] and r.criteria.get().weight == 2
    bad = {**data, "year": 2029, "closes_at_0": "01/01/2028"}
    response = staff_client.post("/admin/awards/round/add/", bad)
    assert "The dates must come in order" in response.content.decode()


def test_the_demo_round_is_loaded_once():
    first = load_demo_awards()
    assert load_demo_awards().pk == first.pk and Round.objects.count() == 1
    assert first.state() == RoundState.OPEN and first.criteria.count() == 4
