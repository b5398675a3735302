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
        section(nomination, "nominee"), {"category": round_.categories.first().pk, "kind": "individual"}
    )
    client.post(
        section(nomination, "people"), {**PERSON, "people-TOTAL_FORMS": "1", "people-MAX_NUM_FORMS": "1"}
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
    # Nothing is done yet; the innovation is optional in this round, so not one of the sections to complete.
    assert "You have completed 0 of 7 sections" in page
    # Errors on the way: a team with no name, then a member without their email; nothing typed is lost.
    html = innovator_client.post(
        section(nomination, "nominee"), {"kind": "team", "category": round_.categories.last().pk}
    ).content.decode()
    assert "Enter the team&#x27;s name" in html
    response = innovator_client.post(
        section(nomination, "nominee"),
        {"kind": "team", "team_name": "Housing First team", "category": round_.categories.last().pk},
    )
    assert response["Location"] == section(nomination, "people")
    html = innovator_client.post(
        section(nomination, "people"), {**PERSON, "people-TOTAL_FORMS": "1", "people-0-email": ""}
    ).content.decode()
    assert "Enter their email address" in html and 'value="Alex Morgan"' in html
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


def test_an_individual_is_one_person_and_a_team_adds_members_one_at_a_time(innovator_client, round_):
    nomination = start(innovator_client, round_)
    category = round_.categories.first().pk
    innovator_client.post(section(nomination, "nominee"), {"category": category, "kind": "individual"})
    html = innovator_client.get(section(nomination, "people")).content.decode()
    assert 'name="people-0-name"' in html and 'name="people-1-name"' not in html
    # Who is named is needed: only the role is optional.
    assert "Full name (optional)" not in html and "Email address (optional)" not in html
    assert "Role (optional)" in html
    team_category = round_.categories.last().pk
    innovator_client.post(
        section(nomination, "nominee"),
        {"category": team_category, "kind": "team", "team_name": "Safe and Well"},
    )
    html = innovator_client.get(section(nomination, "people")).content.decode()
    assert 'name="people-0-name"' in html and 'name="people-1-name"' not in html
    html = innovator_client.post(
        section(nomination, "people"), {**PERSON, "people-TOTAL_FORMS": "1", "action": "add"}
    ).content.decode()
    assert (
        'value="Alex Morgan"' in html
        and 'name="people-1-name"' in html
        and 'name="people-2-name"' not in html
    )
    assert [n.name for n in nomination.nominees.all()] == ["Alex Morgan"]  # saved as it goes
    response = innovator_client.post(
        section(nomination, "people"),
        {**PERSON, "people-TOTAL_FORMS": "2", "people-1-name": "Nia Hughes",
         "people-1-organisation_name": "Northby City Council", "people-1-organisation_type": "local_authority",
         "people-1-email": "nia@northby.example.org"},
    )  # fmt: skip
    assert response["Location"] == f"/awards/nominations/{nomination.pk}/"
    assert [n.name for n in nomination.nominees.all()] == ["Alex Morgan", "Nia Hughes"]
    # Tried as an individual: nothing is lost until the person is saved, and the page says what will go.
    innovator_client.post(section(nomination, "nominee"), {"category": category, "kind": "individual"})
    assert [n.name for n in nomination.nominees.all()] == ["Alex Morgan", "Nia Hughes"]
    html = innovator_client.get(section(nomination, "people")).content.decode()
    assert "Nia Hughes is taken off the nomination" in html and 'name="people-1-name"' not in html
    innovator_client.post(
        section(nomination, "nominee"), {"category": team_category, "kind": "team", "team_name": ""}
    )
    back = innovator_client.post(
        section(nomination, "nominee"),
        {"category": team_category, "kind": "team", "team_name": "Safe and Well"},
    )
    assert back.status_code == 302 and nomination.nominees.count() == 2
    innovator_client.post(section(nomination, "nominee"), {"category": category, "kind": "individual"})
    innovator_client.post(section(nomination, "people"), {**PERSON, "people-TOTAL_FORMS": "1"})
    assert [n.name for n in nomination.nominees.all()] == ["Alex Morgan"]


def test_a_category_for_individuals_refuses_a_team(innovator_client, round_):
    nomination = start(innovator_client, round_)
    individual = round_.categories.get(name="Individual")
    html = innovator_client.post(
        section(nomination, "nominee"), {"category": individual.pk, "kind": "team", "team_name": "Champs"}
    ).content.decode()
    assert "The Individual category is for individuals" in html
    assert Nomination.objects.get(pk=nomination.pk).kind == ""


def test_a_post_claiming_a_thousand_people_is_refused_without_building_them(innovator_client, round_):
    nomination = start(innovator_client, round_)
    innovator_client.post(
        section(nomination, "nominee"),
        {"category": round_.categories.last().pk, "kind": "team", "team_name": "Many"},
    )
    response = innovator_client.post(section(nomination, "people"), {**PERSON, "people-TOTAL_FORMS": "1006"})
    html = response.content.decode()
    assert "A team can have up to 6 members" in html
    assert len(response.context["formset"].forms) <= 6 and len(html) < 200_000
    assert not nomination.nominees.exists()
    innovator_client.post(
        section(nomination, "nominee"), {"category": round_.categories.first().pk, "kind": "individual"}
    )
    response = innovator_client.post(section(nomination, "people"), {**PERSON, "people-TOTAL_FORMS": "2"})
    assert "Give one person for an individual" in response.content.decode()


def test_check_your_answers_changes_each_answer_and_comes_back(innovator_client, round_):
    nomination = start(innovator_client, round_)
    complete(innovator_client, nomination, round_)
    page = innovator_client.get(f"/awards/nominations/{nomination.pk}/check/").content.decode()
    for slug in ["nominee", "people", "innovation", "summary", "links"] + [
        f"statement-{c.pk}" for c in round_.criteria.all()
    ]:
        assert f'href="{section(nomination, slug)}?from=check' in page, slug
    assert page.count(">Change<") >= 9
    response = innovator_client.post(
        section(nomination, "summary"), {"summary": "A shorter summary.", "from": "check"}
    )
    assert response["Location"] == f"/awards/nominations/{nomination.pk}/check/"
    html = innovator_client.get(section(nomination, "summary") + "?from=check").content.decode()
    assert "Back to check your answers" in html and 'name="from" value="check"' in html


def test_each_section_page_has_its_own_title_naming_the_nomination(innovator_client, round_):
    import re

    nomination = start(innovator_client, round_)
    innovator_client.post(
        section(nomination, "nominee"), {"category": round_.categories.first().pk, "kind": "individual"}
    )
    slugs = ["nominee", "people", "innovation", "summary", "links"] + [
        f"statement-{c.pk}" for c in round_.criteria.all()
    ]
    titles = []
    for slug in slugs:
        html = innovator_client.get(section(nomination, slug)).content.decode()
        titles.append(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())
    assert len(set(titles)) == len(titles)
    assert all(f"Your nomination for the {round_}" in title for title in titles)


def test_word_limits_are_counted_in_words_on_screen_with_a_total_for_a_statement(innovator_client, round_):
    nomination = start(innovator_client, round_)
    summary = innovator_client.get(section(nomination, "summary")).content.decode()
    assert 'data-maxwords="150"' in summary and "You can enter up to 150 words" in summary
    assert "characters" not in summary.split('id="main-content"')[1]
    criterion = round_.criteria.first()
    page = innovator_client.get(section(nomination, f"statement-{criterion.pk}")).content.decode()
    assert 'data-maxlength="5000"' not in page and "govuk-js-character-count" not in page
    assert f'data-app-word-total="{criterion.word_limit}"' in page
    assert f"You have {criterion.word_limit} words remaining" in page
    # The error goes on the part whose words took the total over: here the action.
    html = innovator_client.post(
        section(nomination, f"statement-{criterion.pk}"),
        {"situation": "word " * 50, "task": "word " * 50, "action": "word " * 250, "result": "done"},
    ).content.decode()
    assert 'id="id_action-error"' in html and 'id="id_situation-error"' not in html
    assert f"You have {351 - criterion.word_limit} words too many" in html


@pytest.mark.parametrize("blank", ["\u2800", "\u3164", "\u200b", "\u180e", "\ufeff", "\u2060"])
def test_words_joined_by_blank_looking_characters_count_as_words(innovator_client, round_, blank):
    from portal.core.text import count_words

    assert count_words(blank.join(["word"] * 400)) == 400
    assert count_words("one — two") == 2
    nomination = start(innovator_client, round_)
    html = innovator_client.post(section(nomination, "summary"), {"summary": blank.join(["word"] * 151)})
    assert "The summary must be 150 words or fewer: it has 151" in html.content.decode()
    criterion = round_.criteria.first()
    innovator_client.post(
        section(nomination, f"statement-{criterion.pk}"),
        {"situation": blank.join(["word"] * 400), "task": "t", "action": "a", "result": "r"},
    )
    assert not nomination.statements.exists()


def test_starting_a_nomination_twice_with_one_form_makes_one(innovator_client, round_):
    import uuid

    page = innovator_client.get(f"/awards/{round_.award.slug}/{round_.year}/nominate/").content.decode()
    assert 'name="form_token"' in page
    token = str(uuid.uuid4())
    url = f"/awards/{round_.award.slug}/{round_.year}/nominate/"
    first = innovator_client.post(url, {"form_token": token})
    second = innovator_client.post(url, {"form_token": token})
    assert first["Location"] == second["Location"]
    assert Nomination.objects.count() == 1


def test_a_missing_nominee_links_to_the_page_that_asks_for_them(innovator_client, round_):
    nomination = start(innovator_client, round_)
    innovator_client.post(
        section(nomination, "nominee"),
        {"category": round_.categories.last().pk, "kind": "team", "team_name": "T"},
    )
    page = innovator_client.get(f"/awards/nominations/{nomination.pk}/check/").content.decode()
    assert f'<a class="govuk-link" href="{section(nomination, "people")}">Give the nominee' in page
    tasks = innovator_client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    assert "Category and nominee" in tasks and "In progress" in tasks


def test_a_team_name_with_a_line_break_is_refused(innovator_client, round_):
    nomination = start(innovator_client, round_)
    html = innovator_client.post(
        section(nomination, "nominee"),
        {"category": round_.categories.last().pk, "kind": "team", "team_name": "Safe\r\nBcc: x@example.org"},
    ).content.decode()
    assert "must be on one line" in html
    assert Nomination.objects.get(pk=nomination.pk).team_name == ""


def test_someone_added_to_a_submitted_nomination_is_told_once(innovator_client, round_, mailoutbox):
    nomination = start(innovator_client, round_)
    complete(innovator_client, nomination, round_)
    innovator_client.post(f"/awards/nominations/{nomination.pk}/check/")
    mailoutbox.clear()
    data = {
        **PERSON,
        "people-TOTAL_FORMS": "1",
        "people-0-name": "Sam Other",
        "people-0-email": "sam@northby.example.org",
    }
    innovator_client.post(section(nomination, "people"), data)
    innovator_client.post(section(nomination, "people"), data)  # saved again: no second note
    assert [m.to for m in mailoutbox] == [["sam@northby.example.org"]]
    assert "You have been nominated" in mailoutbox[0].subject


def test_once_the_winners_are_announced_your_nominations_say_where_each_was_placed(innovator_client, round_):
    from awards.models import Decision
    from tests.factories import announce_results

    placed, unplaced = start(innovator_client, round_), start(innovator_client, round_)
    for nomination in (placed, unplaced):
        complete(innovator_client, nomination, round_)
        innovator_client.post(f"/awards/nominations/{nomination.pk}/check/")
    before = innovator_client.get("/awards/nominations/").content.decode()
    assert "Winner" not in before and "Not placed" not in before
    announce_results(round_, {Nomination.objects.get(pk=placed.pk): ("winner", "For scaling it.")})
    assert Decision.objects.count() == 1
    page = innovator_client.get("/awards/nominations/").content.decode()
    assert ">Winner</strong>" in page and ">Not placed</strong>" in page
    tasks = innovator_client.get(f"/awards/nominations/{placed.pk}/").content.decode()
    assert "it was named a winner in the" in tasks
    confirmation = innovator_client.get(f"/awards/nominations/{placed.pk}/submitted/")
    assert confirmation["Location"] == f"/awards/nominations/{placed.pk}/"


def test_saving_the_innovation_without_a_choice_is_an_error_on_the_question(innovator_client, round_):
    nomination = start(innovator_client, round_)
    html = innovator_client.post(section(nomination, "innovation"), {}).content.decode()
    assert "<title>Error: The innovation" in html and "govuk-error-summary" in html
    assert 'class="govuk-error-message"' in html and 'href="#innovation-none"' in html


def test_people_errors_are_on_the_field_and_say_whose_they_are(innovator_client, round_):
    nomination = start(innovator_client, round_)
    innovator_client.post(
        section(nomination, "nominee"), {"category": round_.categories.first().pk, "kind": "individual"}
    )
    empty = {key: "" for key in PERSON if key.startswith("people-0-")}
    html = innovator_client.post(
        section(nomination, "people"), {**PERSON, **empty, "people-TOTAL_FORMS": "1"}
    ).content.decode()
    assert 'id="id_people-0-name-error"' in html and "Enter their full name" in html
    innovator_client.post(
        section(nomination, "nominee"),
        {"category": round_.categories.last().pk, "kind": "team", "team_name": "T"},
    )
    second = {"people-1-name": "Nia Hughes", "people-1-organisation_name": "Northby City Council",
              "people-1-organisation_type": "local_authority"}  # fmt: skip
    html = innovator_client.post(
        section(nomination, "people"), {**PERSON, **second, "people-TOTAL_FORMS": "2"}
    ).content.decode()
    assert "Member 2: Enter their email address" in html
