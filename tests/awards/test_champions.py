"""Scaling Up Champions: published on the announcement date and not before (the directory, the
innovation's "Award winner", the innovation search's Award filter, the invitations to mentor), withdrawn
if the date moves back, searchable with exact counts, and joined to the mentor pool with one click."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from awards.catalogue import CHAMPION_CATALOGUE
from awards.demo_content import load_demo_awards
from awards.models import ChampionEntry, Decision, Nominee, Round
from awards.publishing import invitation_token, results_publish_due, results_sync, schedule_results
from innovations.models import CatalogueEntry, Recognition
from innovations.search import INNOVATION_CATALOGUE
from mentoring.models import JoinedBy, Mentor, MentorEntry
from portal.models import Organisation, User
from portal.search.engine import SearchQuery, run_search
from tests.factories import (
    admin_change_data,
    announce_results,
    make_innovation,
    make_mentor,
    policy_area,
    round_deciding,
)
from tests.factories import submit_nomination as submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided():
    """Four nominations: a winner with an innovation, a highly commended, a shortlisted and one with no
    place, decided while the round is being decided (announced tomorrow)."""
    round_ = load_demo_awards()
    innovation = make_innovation(
        title="Housing First for people sleeping rough", themes=["evidence", "networks"]
    )
    nominations = {
        name: submitted(round_, nominee_org=f"{name.split()[1]} Council", name=name)
        for name in ["Grace Adeyemi", "Rhys Morgan", "Tom Whitfield", "Una Placed"]
    }
    nominations["Grace Adeyemi"].innovation = innovation
    nominations["Grace Adeyemi"].save(update_fields=["innovation"])
    Organisation.objects.filter(name="Adeyemi Council").update(region="north_east")
    decisions = {
        nominations["Grace Adeyemi"]: ("winner", "For ending rough sleeping in the city."),
        nominations["Rhys Morgan"]: ("highly_commended", "For falls checks on every fire visit."),
        nominations["Tom Whitfield"]: ("shortlisted", ""),
    }
    announce_results(round_, decisions, publish=False)
    round_deciding(round_)
    mail.outbox.clear()
    return round_, nominations, innovation


def announce(round_):
    Round.objects.filter(pk=round_.pk).update(announce_at=timezone.now() - timedelta(minutes=1))
    round_.refresh_from_db()


# What the join page shows prefilled for Grace, whose nomination names her innovation: its conditions, and
# the stages up to the one it reached. Joining sends them back, confirmed.
CONFIRMED = {"themes": ["evidence", "networks"], "stages": ["test", "prove"]}


def champion_emails(round_):
    return list(Nominee.objects.filter(nomination__round=round_).values_list("email", flat=True))


def test_nothing_is_published_before_the_announcement_date(decided, client):
    round_, _nominations, innovation = decided
    assert results_publish_due() == 0
    results_sync(round_)  # as a save in the admin would
    assert not ChampionEntry.objects.exists() and not Recognition.objects.exists()
    assert mail.outbox == []
    page = client.get("/awards/champions/").content.decode()
    assert "No winners have been announced yet" in page and "Grace" not in page
    assert "Adeyemi" not in client.get("/search/?q=Grace").content.decode()
    assert "Award winner" not in client.get(innovation.get_absolute_url()).content.decode()
    winners = run_search(INNOVATION_CATALOGUE, SearchQuery(selected={"award": ["winner"]}))
    assert winners.total == 0
    token = invitation_token(Nominee.objects.get(name="Grace Adeyemi"))
    assert client.get(f"/awards/champions/join/{token}/").status_code == 404


def test_on_the_announcement_date_the_champions_are_published_and_invited_once(decided, client):
    round_, _nominations, innovation = decided
    announce(round_)
    assert results_publish_due() == 1
    entries = dict(ChampionEntry.objects.values_list("name", "outcome"))
    assert entries == {
        "Grace Adeyemi": "winner",
        "Rhys Morgan": "highly_commended",
        "Tom Whitfield": "shortlisted",
    }

    # The innovation's page and the innovation search's Award filter.
    assert [r.phrase for r in Recognition.objects.all()] == [f"Award winner {round_.year}"]
    assert f"Award winner {round_.year}" in client.get(innovation.get_absolute_url()).content.decode()
    winners = run_search(INNOVATION_CATALOGUE, SearchQuery(selected={"award": ["winner"]}))
    assert winners.total == 1 and winners.ids == [innovation.pk]
    assert "Award winner" in client.get("/innovations/?award=winner").content.decode()

    # Each champion is invited by email, once; the one with no place is not.
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == ["grace@adeyemi.example.org", "rhys@morgan.example.org", "tom@whitfield.example.org"]
    assert all("/awards/champions/join/" in m.body for m in mail.outbox)
    by_email = {m.to[0]: m.body for m in mail.outbox}
    category = round_.categories.first().name
    assert f"you were named a winner in the {category} category." in by_email["grace@adeyemi.example.org"]
    assert f"you were highly commended in the {category} category." in by_email["rhys@morgan.example.org"]
    assert "you were winner" not in by_email["grace@adeyemi.example.org"]
    assert results_publish_due() == 0
    results_sync(round_)
    call_command("publish_results", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 3

    # The directory and the one search box; never an email address.
    page = client.get("/awards/champions/").content.decode()
    assert "3 champions" in page and "For ending rough sleeping in the city." in page
    site = client.get("/search/?q=Whitfield").content.decode()
    assert "Scaling Up Champions" in site and "Tom Whitfield" in site
    for path in [
        "/awards/champions/",
        "/awards/champions/?q=Grace",
        round_.get_absolute_url(),
        "/search/?q=Grace",
    ]:
        html = client.get(path).content.decode()
        assert not any(email in html for email in champion_emails(round_)), path


def test_moving_the_announcement_back_withdraws_what_was_published(decided):
    round_, _nominations, innovation = decided
    announce(round_)
    results_publish_due()
    Round.objects.filter(pk=round_.pk).update(announce_at=timezone.now() + timedelta(days=3))
    assert results_publish_due() == 1
    assert not ChampionEntry.objects.exists() and not Recognition.objects.exists()
    assert CatalogueEntry.objects.get(pk=innovation.pk).award_bits == 0
    assert Round.objects.get(pk=round_.pk).results_published_at is None


def test_the_directory_filters_and_counts_exactly(decided, client):
    round_, _nominations, _innovation = decided
    announce(round_)
    results_publish_due()
    result = client.get("/awards/champions/").context["result"]
    by_outcome = Counter(ChampionEntry.objects.values_list("outcome", flat=True))
    assert {c.value: c.count for c in result.facets["award"]} == {
        "winner": by_outcome["winner"], "highly_commended": by_outcome["highly_commended"],
        "shortlisted": by_outcome["shortlisted"],
    }  # fmt: skip
    assert [(c.value, c.count) for c in result.facets["year"]] == [(str(round_.year), 3)]
    assert {c.label: c.count for c in result.facets["theme"] if c.count} == {"Evidence": 1, "Networks": 1}
    assert {c.value: c.count for c in result.facets["region"] if c.count} == {"north_east": 1}
    assert {c.value: c.count for c in result.facets["organisation_type"] if c.count} == {"local_authority": 3}

    def names(params):
        search = run_search(CHAMPION_CATALOGUE, SearchQuery(**params))
        return set(ChampionEntry.objects.filter(pk__in=search.ids).values_list("name", flat=True))

    assert names({"selected": {"award": ["winner", "shortlisted"]}}) == {"Grace Adeyemi", "Tom Whitfield"}
    assert names({"selected": {"region": ["north_east"]}}) == {"Grace Adeyemi"}
    assert names({"q": "falls"}) == {"Rhys Morgan"}
    assert names({"q": "housing"}) == {"Grace Adeyemi"}  # the innovation's title
    page = client.get("/awards/champions/?award=nonsense").content.decode()
    assert "is not a known award" in page


def test_a_champion_joins_the_mentor_pool_with_one_click(decided, client):
    round_, _nominations, innovation = decided
    announce(round_)
    results_publish_due()
    grace = Nominee.objects.get(name="Grace Adeyemi")
    url = f"/awards/champions/join/{invitation_token(grace)}/"
    page = client.get(url).content.decode()
    assert "Join the mentor pool" in page and "North East" in page and "Scaled it." in page
    assert not User.objects.filter(email="grace@adeyemi.example.org").exists()  # looking changes nothing
    mail.outbox.clear()

    response = client.post(url, CONFIRMED)
    assert "You have joined the mentor pool" in response.content.decode()
    user = User.objects.get(email="grace@adeyemi.example.org")
    assert not user.has_usable_password() and user.full_name == "Grace Adeyemi" and user.job_title == "Lead"
    assert EmailAddress.objects.get(user=user).verified
    mentor = Mentor.objects.get(user=user)
    assert mentor.status == "published" and mentor.joined_by == JoinedBy.CHAMPION
    assert mentor.champion_year == round_.year and mentor.region == "north_east"
    assert sorted(mentor.themes) == ["evidence", "networks"] and mentor.stages == ["test", "prove"]
    assert mentor.bio == "Scaled it." and MentorEntry.objects.filter(pk=mentor.pk).exists()
    assert [m.to for m in mail.outbox] == [["grace@adeyemi.example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body

    directory = client.get("/mentors/?q=Adeyemi").content.decode()
    assert "Grace Adeyemi" in directory and f"Scaling Up Champion {round_.year}" in directory
    assert f"Scaling Up Champion {round_.year}" in client.get(mentor.get_absolute_url()).content.decode()

    again = client.post(url, CONFIRMED).content.decode()
    assert "You are already in the mentor pool" in again
    assert Mentor.objects.filter(user=user).count() == 1 and len(mail.outbox) == 1
    assert innovation.pk  # the innovation's themes came through


def test_a_champion_whose_nomination_names_no_innovation_says_what_they_help_with(decided, client):
    round_, _nominations, _innovation = decided
    announce(round_)
    results_publish_due()
    rhys = Nominee.objects.get(name="Rhys Morgan")  # his nomination names no innovation
    url = f"/awards/champions/join/{invitation_token(rhys)}/"
    page = client.get(url).content.decode()
    assert "What can you help with?" in page
    assert not re.search(r'name="(themes|stages)" type="checkbox" value="\w+" checked', page)
    html = client.post(url).content.decode()
    assert "Select at least one condition for scaling up you can help with" in html
    assert "Select at least one stage you can help at" in html
    assert not Mentor.objects.exists() and not User.objects.filter(email__iexact=rhys.email).exists()
    area = policy_area("Adult social care")
    client.post(url, {"themes": ["evidence"], "stages": ["grow"], "policy_areas": [area.pk]})
    mentor = Mentor.objects.get(user__email__iexact=rhys.email)
    assert (mentor.themes, mentor.stages, mentor.status) == (["evidence"], ["grow"], "published")
    assert [a.name for a in mentor.policy_areas.all()] == ["Adult social care"]


def test_a_champion_is_suggested_for_what_they_help_with_not_for_everything(decided, client):
    from mentoring.matching import suggest_mentors
    from mentoring.services import mentor_request_create

    round_, _nominations, _innovation = decided
    announce(round_)
    results_publish_due()
    rhys = Nominee.objects.get(name="Rhys Morgan")
    client.post(
        f"/awards/champions/join/{invitation_token(rhys)}/", {"themes": ["evidence"], "stages": ["grow"]}
    )
    make_mentor(
        user=User.objects.create_user("cora@example.org", "a-long-password-2026", full_name="Cora Climate"),
        themes=["ownership", "culture"], stages=["test"],
    )  # fmt: skip
    request = mentor_request_create(
        requester=User.objects.create_user("asker@example.org", "a-long-password-2026"),
        idea="A citizens' panel on the council's climate plan.", stage="test", themes=["ownership", "culture"],
        region="london", formats=["remote"], wants="To run it well.",
    )  # fmt: skip
    assert [s.mentor.name for s in suggest_mentors(request)] == ["Cora Climate", "Rhys Morgan"]


def test_an_existing_mentor_keeps_their_offer_and_gains_the_mark(decided, client):
    round_, _nominations, _innovation = decided
    announce(round_)
    results_publish_due()
    tom = Nominee.objects.get(name="Tom Whitfield")
    user = User.objects.create_user("Tom@Whitfield.example.org", "a-long-password-2026", full_name="Tom W")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)  # they confirmed it
    mentor = make_mentor(user=user, status="submitted", bio="My own words.")
    mail.outbox.clear()
    page = client.get(f"/awards/champions/join/{invitation_token(tom)}/").content.decode()
    assert re.search(r'name="themes" type="checkbox" value="evidence" checked', page)  # their own answers
    client.post(
        f"/awards/champions/join/{invitation_token(tom)}/", {"themes": ["evidence"], "stages": ["prove"]}
    )
    mentor.refresh_from_db()
    assert mentor.bio == "My own words." and mentor.status == "published"
    assert mentor.champion_year == round_.year and mentor.joined_by != JoinedBy.CHAMPION
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body
    assert User.objects.filter(email__iexact=tom.email).count() == 1


def test_an_invitation_link_works_only_as_sent(decided, client):
    round_, _nominations, _innovation = decided
    announce(round_)
    results_publish_due()
    grace = Nominee.objects.get(name="Grace Adeyemi")
    token = invitation_token(grace)
    assert client.get(f"/awards/champions/join/{token}x/").status_code == 404
    unplaced = Nominee.objects.get(name="Una Placed")
    assert client.post(f"/awards/champions/join/{invitation_token(unplaced)}/").status_code == 404
    Nominee.objects.filter(pk=grace.pk).update(email="someone.else@example.org")
    response = client.post(f"/awards/champions/join/{token}/")
    assert response.status_code == 404 and "does not work" in response.content.decode()
    assert not Mentor.objects.exists()


def test_saving_a_round_publishes_now_or_queues_publication_for_the_announcement(decided):
    round_, _nominations, _innovation = decided
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        from django_tasks import default_task_backend

        schedule_results(round_)
        queued = default_task_backend.results
        assert [(r.task.name, r.args, r.kwargs, r.task.run_after) for r in queued] == [
            ("publish_round_results", [], {"round_id": round_.pk}, round_.announce_at)
        ]
    assert not ChampionEntry.objects.exists()
    announce(round_)
    schedule_results(round_)  # the immediate backend in tests cannot defer: published at once instead
    assert ChampionEntry.objects.count() == 3


def test_the_admin_publishes_a_round_whose_date_has_passed(decided, staff_client):
    """The central team moves the announcement to a minute ago and saves: the results are published."""
    round_, _nominations, _innovation = decided
    page = staff_client.get(f"/admin/awards/round/{round_.pk}/change/")
    data = admin_change_data(page, announce_at=timezone.now() - timedelta(minutes=1))
    response = staff_client.post(f"/admin/awards/round/{round_.pk}/change/", data)
    assert response.status_code == 302
    assert ChampionEntry.objects.count() == 3 and len(mail.outbox) == 3


def test_the_join_page_of_a_champion_is_never_stored(decided, client):
    """The invitation link works without signing in: no cache may keep the page it shows."""
    round_, _nominations, _innovation = decided
    announce(round_)
    results_publish_due()
    token = invitation_token(Nominee.objects.get(name="Grace Adeyemi"))
    for response in [
        client.get(f"/awards/champions/join/{token}/"),
        client.post(f"/awards/champions/join/{token}/"),
    ]:
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_the_champion_mark_follows_the_published_results(decided, client):
    """A champion who joined keeps the mark only while their place is published: moving the announcement
    back takes it away (nothing of the results shows early), announcing again brings it back, and a
    reversed decision takes it away for good."""
    from awards.services import decision_record
    from tests.factories import StaffFactory

    round_, nominations, _innovation = decided
    announce(round_)
    results_publish_due()
    grace = Nominee.objects.get(name="Grace Adeyemi")
    client.post(f"/awards/champions/join/{invitation_token(grace)}/", CONFIRMED)
    mentor = Mentor.objects.get(user__email__iexact=grace.email)
    profile = mentor.get_absolute_url()
    assert f"Scaling Up Champion {round_.year}" in client.get(profile).content.decode()

    round_deciding(round_)
    results_sync(round_)
    mentor.refresh_from_db()
    assert mentor.champion_year is None
    assert "Scaling Up Champion " not in client.get(profile).content.decode()
    assert f"Scaling Up Champion {round_.year}" not in client.get("/mentors/").content.decode()

    decision_record(nomination=nominations["Grace Adeyemi"], user=StaffFactory(), outcome="")
    announce(round_)
    results_sync(round_)
    mentor.refresh_from_db()
    assert mentor.champion_year is None

    Decision.objects.create(nomination=nominations["Grace Adeyemi"], outcome="winner", citation="Restored.")
    results_sync(round_)
    mentor.refresh_from_db()
    assert mentor.champion_year == round_.year
