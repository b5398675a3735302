"""Nominating through the task list: drafts, word limits counted on the server, eligibility with a
reason, the deadline enforced on the server, emails, and nobody else's nominations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from awards.demo_content import load_demo_awards
from awards.models import Nomination
from tests.factories import OrganisationFactory, UserFactory, make_innovation

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return load_demo_awards()


def start(client, round_) -> Nomination:
    response = client.post(f"/awards/{round_.award.slug}/{round_.year}/nominate/")
    nomination = Nomination.objects.latest("pk")
    assert response["Location"] == f"/awards/nominations/{nomination.pk}/"
    return nomination


def section(nomination, slug):
    return f"/awards/nominations/{nomination.pk}/{slug}/"


PERSON = {
    "people-TOTAL_FORMS": "6", "people-INITIAL_FORMS": "0", "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "6",
    "people-0-name": "Alex Morgan", "people-0-role": "Head of housing options",
    "people-0-organisation_name": "Northby City Council", "people-0-organisation_type": "local_authority",
    "people-0-email": "alex.private@northby.example.org",
}  # fmt: skip


def complete(client, nomination, round_):
    client.post(
        section(nomination, "nominee"),
        {**PERSON, "category": round_.categories.first().pk, "kind": "individual"},
    )
    client.post(
        section(nomination, "summary"),
        {"summary": "Led Housing First from ten homes to a city-wide service."},
    )
    for criterion in round_.criteria.all():
        client.post(
            section(nomination, f"statement-{criterion.pk}"),
            {
                "situation": "Rough sleeping rose.",
                "task": "Find homes.",
                "action": "Housing First.",
                "result": "82% kept homes.",
            },
        )
    client.post(
        section(nomination, "links"),
        {"links": "https://example.org/eval", "relationship": "I commissioned it."},
    )


def test_a_nomination_is_written_section_by_section_checked_and_submitted(innovator_client, round_):
    nomination = start(innovator_client, round_)
    page = innovator_client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    assert "You have completed 1 of 8 sections" in page  # the innovation is optional in this round
    # An error on the way: a team with no name, and a person without their email; nothing typed is lost.
    html = innovator_client.post(
        section(nomination, "nominee"),
        {**PERSON, "kind": "team", "people-0-email": "", "category": round_.categories.first().pk},
    ).content.decode()
    assert "Enter the team&#x27;s name" in html and "Enter their email address" in html
    assert 'value="Alex Morgan"' in html
    complete(innovator_client, nomination, round_)
    page = innovator_client.get(f"/awards/nominations/{nomination.pk}/check/").content.decode()
    assert "Before you can submit" not in page and "Submit nomination" in page
    mail.outbox.clear()
    response = innovator_client.post(f"/awards/nominations/{nomination.pk}/check/")
    assert response["Location"] == f"/awards/nominations/{nomination.pk}/submitted/"
    nomination.refresh_from_db()
    assert nomination.status == "submitted" and nomination.submitted_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["alex.private@northby.example.org", nomination.nominator.email]
    )
    note = next(m for m in mail.outbox if m.to == ["alex.private@northby.example.org"])
    assert "Hello Alex Morgan" in note.body and "has nominated you for the Scaling Up Award" in note.body
    yours = innovator_client.get("/awards/nominations/").content.decode()
    assert "Alex Morgan" in yours and "Submitted" in yours
    # The nominee's email never appears on the public pages.
    for path in ["/awards/", round_.get_absolute_url()]:
        assert "alex.private" not in Client().get(path).content.decode()


def test_an_over_long_statement_is_refused_with_the_count_and_kept(innovator_client, round_):
    nomination = start(innovator_client, round_)
    criterion = round_.criteria.first()
    long = "word " * (criterion.word_limit - 10)
    html = innovator_client.post(
        section(nomination, f"statement-{criterion.pk}"),
        {
            "situation": long,
            "task": "one two three four five six seven eight nine ten eleven",
            "action": "a",
            "result": "b",
        },
    ).content.decode()
    assert (
        f"Your statement must be {criterion.word_limit} words or fewer in all: it has {criterion.word_limit + 3}"
        in html
    )
    assert "one two three four five" in html
    assert not nomination.statements.exists()
    html = innovator_client.post(section(nomination, "summary"), {"summary": "word " * 151}).content.decode()
    assert "The summary must be 150 words or fewer: it has 151" in html


def test_eligibility_is_checked_on_submission_with_a_clear_reason(innovator_client, round_):
    round_.eligible_organisation_types = ["nhs"]
    round_.innovation_required = True
    round_.nominees = "teams"
    round_.save()
    nomination = start(innovator_client, round_)
    complete(innovator_client, nomination, round_)
    page = innovator_client.get(f"/awards/nominations/{nomination.pk}/check/").content.decode()
    assert "This round is for teams only, not individuals" in page
    assert "Choose the innovation: this round needs one from the catalogue" in page
    assert (
        "Alex Morgan works for Northby City Council, which is not one of the kinds of organisation this round is open to (NHS)"
        in page
    )
    assert "Submit nomination" not in page
    innovator_client.post(f"/awards/nominations/{nomination.pk}/check/")
    nomination.refresh_from_db()
    assert nomination.status == "draft"


def test_the_innovation_is_found_in_the_catalogue_and_chosen(innovator_client, round_):
    innovation = make_innovation(title="Housing First for people sleeping rough")
    nomination = start(innovator_client, round_)
    html = innovator_client.get(section(nomination, "innovation") + "?q=housing").content.decode()
    assert "1 innovation found" in html and "Housing First for people sleeping rough" in html
    innovator_client.post(section(nomination, "innovation"), {"innovation": innovation.pk})
    nomination.refresh_from_db()
    assert nomination.innovation == innovation


def test_after_the_close_nothing_can_be_started_changed_or_withdrawn(innovator_client, round_):
    nomination = start(innovator_client, round_)
    complete(innovator_client, nomination, round_)
    innovator_client.post(f"/awards/nominations/{nomination.pk}/check/")
    round_.closes_at = timezone.now() - timedelta(minutes=1)
    round_.opens_at = timezone.now() - timedelta(days=10)
    round_.save()
    response = innovator_client.post(
        section(nomination, "summary"), {"summary": "Changed after the close."}, follow=True
    )
    assert "closed at" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.summary != "Changed after the close."
    innovator_client.post(f"/awards/nominations/{nomination.pk}/withdraw/")
    nomination.refresh_from_db()
    assert nomination.status == "submitted"
    before = Nomination.objects.count()
    innovator_client.post(f"/awards/{round_.award.slug}/{round_.year}/nominate/")
    assert Nomination.objects.count() == before


def test_withdrawing_before_the_close(innovator_client, round_):
    nomination = start(innovator_client, round_)
    complete(innovator_client, nomination, round_)
    innovator_client.post(f"/awards/nominations/{nomination.pk}/check/")
    mail.outbox.clear()
    assert (
        "Are you sure"
        in innovator_client.get(f"/awards/nominations/{nomination.pk}/withdraw/").content.decode()
    )
    innovator_client.post(f"/awards/nominations/{nomination.pk}/withdraw/")
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"
    assert [m.to for m in mail.outbox] == [[nomination.nominator.email]]


def test_nobody_else_sees_or_changes_a_nomination(innovator_client, round_):
    nomination = start(innovator_client, round_)
    other = Client()
    other.force_login(UserFactory(organisation=OrganisationFactory()))
    for path in [
        f"/awards/nominations/{nomination.pk}/", section(nomination, "summary"),
        f"/awards/nominations/{nomination.pk}/check/", f"/awards/nominations/{nomination.pk}/withdraw/",
        f"/awards/nominations/{nomination.pk}/submitted/",
    ]:  # fmt: skip
        assert other.get(path).status_code == 404, path
    assert other.post(section(nomination, "summary"), {"summary": "Hijacked."}).status_code == 404
    assert Client().get(f"/awards/nominations/{nomination.pk}/").status_code == 302
    nomination.refresh_from_db()
    assert nomination.summary == ""
