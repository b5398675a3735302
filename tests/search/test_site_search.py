"""One search box across innovations and advice."""

import pytest

from tests.factories import make_innovation

pytestmark = pytest.mark.django_db


def test_results_grouped_by_kind_with_counts_and_links_into_each_search(client, directory):
    make_innovation(title="Evidence review panel", summary="Independent evidence reviews.")
    make_innovation(title="Evidence draft", summary="Not published.", status="draft")
    html = client.get("/search/?q=evidence").content.decode()
    assert 'Innovations <span class="app-count">(1)</span>' in html
    assert 'Sources of advice <span class="app-count">(1)</span>' in html
    assert "Evidence review panel" in html and "What Works Network" in html
    assert "Evidence draft" not in html


def test_kind_filter_and_empty_query(client, directory):
    html = client.get("/search/?q=evidence&kind=advice").content.decode()
    assert "Sources of advice" in html and 'id="group-innovations"' not in html
    assert "Type what you are looking for" in client.get("/search/").content.decode()


def test_header_has_the_search_box(client, db):
    html = client.get("/").content.decode()
    assert 'action="/search/" role="search"' in html


def test_matches_are_highlighted_in_both_kinds_and_text_is_escaped(client, directory):
    from tests.factories import make_advice

    make_innovation(title="Evidence review panel", summary="Independent evidence reviews.")
    make_advice(
        name="Evidence <b>clinic</b>", slug="clinic", description="Drop-in help with evidence & <i>proof</i>."
    )
    html = client.get("/search/?q=evidence").content.decode()
    assert "Independent <mark>evidence</mark> reviews." in html
    assert "Drop-in help with <mark>evidence</mark> &amp; &lt;i&gt;proof&lt;/i&gt;." in html
    assert "Evidence &lt;b&gt;clinic&lt;/b&gt;" in html
    # The directory's own search highlights the same way; without a query nothing is marked.
    assert "Drop-in help with <mark>evidence</mark>" in client.get("/advice/?q=evidence").content.decode()
    assert "<mark>" not in client.get("/advice/").content.decode()


@pytest.mark.parametrize("extra", [0, 12])
def test_query_count_does_not_grow_with_matches(client, django_assert_num_queries, directory, extra):
    from tests.factories import make_advice, make_mentor

    make_innovation(title="Evidence review panel", summary="Independent evidence reviews.")
    make_mentor(bio="Evidence for business cases.")
    for n in range(extra):
        make_innovation(title=f"Evidence study {n}", summary="Evidence gathered.")
        make_advice(name=f"Evidence help {n}", description="Evidence support.")
        make_mentor(bio="Evidence reviews.")
    # Each of the four kinds: its search (parsing the words, the total, a page of ids, savepoint and
    # release; no facet options, as none are counted) and one query for the cards with their highlights
    # where there are any. Then the portal's own pages the words may name: the rounds open for
    # nominations, and the statement matching the words against every page's.
    with django_assert_num_queries(29):
        html = client.get("/search/?q=evidence").content.decode()
    assert html.count('<li class="app-card">') == (3 if not extra else 9)


def test_the_search_box_offers_the_portals_own_services_when_the_words_name_them(client, db):
    """People search for "award" or "mentor" meaning the service: the one search box offers it first,
    whatever entries happen to hold the word."""
    from awards.demo_content import load_demo_awards
    from tests.factories import UserFactory, make_mentor

    round_ = load_demo_awards()
    make_mentor(user=UserFactory(full_name="Maria Mentor"), themes=["evidence"])
    make_innovation(title="An award-winning scheme", summary="It won an award.")
    for q in ["award", "Scaling Up Award", "nominate", "nominating someone"]:
        html = client.get("/search/", {"q": q}).content.decode()
        services = html[html.index('id="group-signposts"') : html.index('id="group-innovations"')]
        assert 'href="/awards/"' in services and f'href="{round_.get_absolute_url()}"' in services, q
        assert f"Nominate someone for the {round_}" in services
    html = client.get("/search/", {"q": "mentor"}).content.decode()
    services = html[html.index('id="group-signposts"') : html.index('id="group-innovations"')]
    assert services.index('href="/mentors/"') < services.index('href="/mentoring/ask/"')
    assert 'href="/mentoring/offer/"' in services
    html = client.get("/search/", {"q": "ask for a mentor"}).content.decode()
    services = html[html.index('id="group-signposts"') :]
    assert services.index('href="/mentoring/ask/"') < services.index('href="/mentors/"')
    for q in ["housing", "the"]:
        assert 'id="group-signposts"' not in client.get("/search/", {"q": q}).content.decode()
    # A closed round is not offered for nominations.
    round_.closes_at = round_.opens_at + (round_.closes_at - round_.opens_at) / 1000
    round_.save()
    html = client.get("/search/", {"q": "award"}).content.decode()
    assert 'href="/awards/"' in html and "Nominate someone for the" not in html


def test_help_and_award_offer_every_service_they_name(client, db):
    from awards.demo_content import load_demo_awards

    load_demo_awards()
    services = client.get("/search/", {"q": "award"}).content.decode().split('id="group-signposts"')[1]
    assert 'href="/awards/champions/"' in services
    services = client.get("/search/", {"q": "help"}).content.decode().split('id="group-signposts"')[1]
    assert (
        'href="/find-help/"' in services
        and 'href="/advice/"' in services
        and 'href="/mentoring/ask/"' in services
    )
