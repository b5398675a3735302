"""Saved searches with email alerts, one-click unsubscribe, and the shortlist."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from innovations.models import SavedSearch, SavedSearchAlert, ShortlistEntry
from portal.core.models import EmailFailure
from tests.factories import UserFactory, make_innovation

pytestmark = pytest.mark.django_db


def save(client, query="q=housing&stage=grow", name="Housing, growing", frequency="daily"):
    return client.post(
        "/innovations/saved/new/", {"query": query + "&page=3", "name": name, "frequency": frequency}
    )


def test_saving_a_search_keeps_its_url_state_without_the_page(innovator_client, innovator):
    response = save(innovator_client)
    assert response["Location"] == "/innovations/saved/"
    search = SavedSearch.objects.get()
    assert (search.user, search.query, search.frequency) == (innovator, "q=housing&stage=grow", "daily")
    listing = innovator_client.get("/innovations/saved/").content.decode()
    assert "Housing, growing" in listing and "Every day" in listing
    response = innovator_client.get(f"/innovations/saved/{search.pk}/")
    assert response["Location"] == "/innovations/?q=housing&stage=grow"


def test_name_is_required_and_the_query_is_kept(innovator_client):
    response = save(innovator_client, name="")
    html = response.content.decode()
    assert '<a href="#id_name">Enter a name for the search</a>' in html
    assert 'value="q=housing&amp;stage=grow&amp;page=3"' in html
    assert not SavedSearch.objects.exists()


def test_new_match_count_since_last_seen(innovator_client, innovator):
    save(innovator_client)
    search = SavedSearch.objects.get()
    search.last_seen_at = timezone.now() - timedelta(days=1)
    search.save()
    make_innovation(title="Housing hub", stage="grow")
    make_innovation(title="Housing draft", stage="grow", status="draft")
    row = innovator_client.get("/innovations/saved/").context["rows"][0]
    assert row["new"] == 1
    innovator_client.get(f"/innovations/saved/{search.pk}/")
    assert innovator_client.get("/innovations/saved/").context["rows"][0]["new"] == 0


def test_other_users_cannot_see_open_or_delete_a_saved_search(innovator_client, client):
    save(innovator_client)
    search = SavedSearch.objects.get()
    client = Client()
    client.force_login(UserFactory())
    assert "Housing, growing" not in client.get("/innovations/saved/").content.decode()
    assert client.get(f"/innovations/saved/{search.pk}/").status_code == 404
    assert client.post(f"/innovations/saved/{search.pk}/delete/").status_code == 404
    assert SavedSearch.objects.exists()


def test_delete_after_confirmation(innovator_client):
    save(innovator_client)
    search = SavedSearch.objects.get()
    assert "Are you sure" in innovator_client.get(f"/innovations/saved/{search.pk}/delete/").content.decode()
    innovator_client.post(f"/innovations/saved/{search.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_alerts_send_new_matches_once_and_unsubscribe_works_without_signing_in(
    innovator_client, innovator, client
):
    save(innovator_client, frequency="daily")
    save(innovator_client, query="q=falls", name="Falls", frequency="weekly")
    make_innovation(title="Housing hub", stage="grow")
    make_innovation(title="Housing test", stage="test")
    call_command("send_alerts", "daily")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [innovator.email]
    assert "Housing hub" in email.body and "Housing test" not in email.body

    call_command("send_alerts", "daily")
    assert len(mail.outbox) == 1  # nothing new, nothing sent
    make_innovation(title="Housing lab", stage="grow")
    call_command("send_alerts", "daily")
    assert len(mail.outbox) == 2
    assert "Housing lab" in mail.outbox[1].body and "Housing hub" not in mail.outbox[1].body

    path = re.search(r"https?://[^/\s]+(/innovations/saved/unsubscribe/\S+)", mail.outbox[1].body).group(1)
    response = client.get(path)
    assert "You will not get more emails" in response.content.decode()
    assert SavedSearch.objects.get(name="Housing, growing").frequency == "none"
    make_innovation(title="Housing hall", stage="grow")
    call_command("send_alerts", "daily")
    assert len(mail.outbox) == 2
    assert client.get("/innovations/saved/unsubscribe/forged:token/").status_code == 404


def test_a_mail_server_that_is_down_does_not_stop_the_alerts_and_none_is_queued_twice(
    innovator_client, settings, monkeypatch
):
    save(innovator_client)
    other = UserFactory()
    SavedSearch.objects.create(
        user=other,
        name="Other",
        query="q=housing",
        frequency="daily",
        created_at=timezone.now() - timedelta(days=1),
    )
    make_innovation(title="Housing hub", stage="grow")
    from django.core.mail.backends import locmem

    original = locmem.EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("mail server down")
        return original(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", flaky)
    call_command("send_alerts", "daily")
    # Both alerts are queued and recorded; the one the server refused waits in the queue for its
    # retry (tests/core/test_email_queue.py) and is listed for the central team.
    assert len(mail.outbox) == 1
    assert SavedSearchAlert.objects.count() == 2
    assert "New innovations for “Housing, growing”" in EmailFailure.objects.get().subject
    call_command("send_alerts", "daily")
    assert len(mail.outbox) == 1 and SavedSearchAlert.objects.count() == 2  # nothing queued twice


def test_shortlist_star_and_unstar(innovator_client, innovator, client):
    innovation = make_innovation(title="Housing First")
    innovator_client.post(f"/innovations/{innovation.slug}/star/")
    assert ShortlistEntry.objects.filter(user=innovator, innovation=innovation).exists()
    assert "Housing First" in innovator_client.get("/innovations/shortlist/").content.decode()
    assert (
        "Remove from your shortlist" in innovator_client.get(innovation.get_absolute_url()).content.decode()
    )
    client = Client()
    client.force_login(UserFactory())
    assert "Housing First" not in client.get("/innovations/shortlist/").content.decode()
    innovator_client.post(f"/innovations/{innovation.slug}/star/")
    assert not ShortlistEntry.objects.exists()


def test_saved_search_and_shortlist_pages_need_sign_in(client):
    for path in ["/innovations/saved/", "/innovations/saved/new/", "/innovations/shortlist/"]:
        assert client.get(path)["Location"].startswith("/accounts/login/")


def test_a_user_keeps_at_most_twenty_saved_searches(innovator_client, innovator):
    for n in range(20):
        SavedSearch.objects.create(user=innovator, name=f"Search {n}", query=f"q=word{n}")
    response = save(innovator_client, name="One too many")
    assert "You have 20 saved searches, the most you can keep" in response.content.decode()
    assert SavedSearch.objects.count() == 20


def test_new_match_counts_for_many_searches_take_a_fixed_number_of_queries(
    innovator_client, innovator, django_assert_num_queries
):
    from innovations.alerts import saved_search_create
    from innovations.models import Innovation
    from innovations.services import catalogue_refresh

    old = make_innovation(title="Old housing scheme", stage="grow", themes=["skills"])
    Innovation.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=3))
    catalogue_refresh([old.pk])
    queries = {
        "Housing": "q=housing",
        "Growing skills": "stage=grow&theme=skills",
        "Only stop words": "q=the",  # treated as no text query, as on the search page
        "Unknown value left out": "stage=grow&region=atlantis",
        "Nothing new": "q=zebra",
        "Opened since": "q=housing",
    }
    for name, query in queries.items():
        saved_search_create(user=innovator, name=name, query=query, frequency="weekly")
    SavedSearch.objects.update(last_seen_at=timezone.now() - timedelta(days=1))
    make_innovation(title="Housing hub", stage="grow", themes=["skills"])
    make_innovation(title="Reading club", stage="test")
    make_innovation(title="Housing draft", stage="grow", status="draft")
    SavedSearch.objects.filter(name="Opened since").update(last_seen_at=timezone.now())

    with django_assert_num_queries(7):  # the menu asks whether they judge a round
        rows = innovator_client.get("/innovations/saved/").context["rows"]
    assert {r["search"].name: r["new"] for r in rows} == {
        "Housing": 1,
        "Growing skills": 1,
        "Only stop words": 2,
        "Unknown value left out": 1,
        "Nothing new": 0,
        "Opened since": 0,
    }
    SavedSearch.objects.exclude(name="Housing").delete()
    # the session, the user, the saved searches, the policy areas, parsing the text queries, the counts
    with django_assert_num_queries(7):
        assert innovator_client.get("/innovations/saved/").context["rows"][0]["new"] == 1


def test_new_match_counts_stop_past_the_alert_limit(innovator_client, innovator):
    from innovations.alerts import ALERT_LIMIT, saved_search_create

    saved_search_create(user=innovator, name="Everything", query="", frequency="weekly")
    SavedSearch.objects.update(last_seen_at=timezone.now() - timedelta(days=1))
    for n in range(ALERT_LIMIT + 2):
        make_innovation(title=f"Scheme {n}")
    response = innovator_client.get("/innovations/saved/")
    assert response.context["rows"][0]["new"] == ALERT_LIMIT + 1
    assert f"More than {ALERT_LIMIT}" in response.content.decode()


def test_a_search_too_long_to_save_gets_a_clear_message_not_an_error(innovator_client, innovator):
    long_query = "q=" + "housing+" * 200
    response = save(innovator_client, query=long_query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This search is too long to save" in html and "govuk-error-summary" in html
    assert 'value="Housing, growing"' in html  # the name typed is kept
    assert not SavedSearch.objects.exists()


def test_saved_searches_show_their_filters_in_words(innovator_client):
    save(innovator_client, query="q=housing&stage=grow&stage=adopt&theme=evidence")
    html = innovator_client.get("/innovations/saved/").content.decode()
    assert "“housing”; Stage of scaling: Grow it, Adopt it; Theme: Evidence" in html


def test_a_saved_searchs_emails_can_be_changed_without_deleting_it(innovator_client, innovator, client):
    save(innovator_client, frequency="daily")
    search = SavedSearch.objects.get()
    page = innovator_client.get(f"/innovations/saved/{search.pk}/edit/").content.decode()
    assert 'value="daily" checked' in page
    response = innovator_client.post(
        f"/innovations/saved/{search.pk}/edit/", {"name": "Housing ideas", "frequency": "weekly"}
    )
    assert response["Location"] == "/innovations/saved/"
    search.refresh_from_db()
    assert (search.name, search.frequency, search.query) == (
        "Housing ideas",
        "weekly",
        "q=housing&stage=grow",
    )
    # Nobody else can change it.
    other = Client()
    other.force_login(UserFactory())
    assert (
        other.post(
            f"/innovations/saved/{search.pk}/edit/", {"name": "Mine", "frequency": "daily"}
        ).status_code
        == 404
    )


def test_no_frequency_is_chosen_for_the_person(innovator_client):
    page = innovator_client.get("/innovations/saved/new/?q=housing").content.decode()
    assert "checked" not in page.split('name="frequency"', 1)[1].split("</fieldset>", 1)[0]
    response = innovator_client.post("/innovations/saved/new/", {"query": "q=housing", "name": "Housing"})
    assert "Select how often you want emails about new matches" in response.content.decode()
    assert not SavedSearch.objects.exists()
