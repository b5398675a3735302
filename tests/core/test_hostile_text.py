"""Text no one should be able to send, and text no one should be able to store: control characters,
Markdown built to be slow, sections of any length. None of it may stall or break a page."""

import time

import pytest
from django.db import IntegrityError, transaction

from innovations.importer import import_innovations
from innovations.models import Innovation, ProblemReport
from portal.advice.services import import_advice
from portal.core.markdown import render_markdown
from portal.core.text import SECTION_LIMIT, without_control_characters
from tests.factories import advice_csv, advice_row, innovation_csv, innovation_row, make_innovation

HOSTILE_MARKDOWN = {
    "images": "![" * 20_000,
    "links": "[" * 40_000,
    "link openers": "[a](" * 10_000,
    "emphasis": "*[" * 20_000,
    "nested emphasis": "**_" * 13_000,
    "html": "<a " * 13_000,
    "lines": "a\n" * 20_000,
    "quotes": "> " * 20_000 + "a",
}


@pytest.mark.parametrize("name", HOSTILE_MARKDOWN)
def test_hostile_markdown_of_40_kb_renders_without_stalling(name):
    """Each renders in tens of milliseconds here; a parser that backtracks takes minutes on them. The
    bound is wide so that a busy machine (the browser tests run beside these) cannot fail it."""
    text = HOSTILE_MARKDOWN[name]
    assert len(text) >= 39_000
    started = time.perf_counter()
    html = render_markdown(text)
    assert time.perf_counter() - started < 2.0, name
    assert "<script" not in html


def test_markdown_still_renders_what_contributors_write():
    html = render_markdown(
        "Intro with **bold** and a [link](https://example.org).\n\n- one\n- two\n\n"
        "<script>alert(1)</script>\n\n[bad](javascript:alert(1))"
    )
    assert '<p class="govuk-body">Intro with <strong>bold</strong>' in html
    assert (
        '<a class="govuk-link" href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    )
    assert '<ul class="govuk-list govuk-list--bullet">' in html and "<li>two</li>" in html
    assert "<script" not in html and "javascript:" not in html


def test_without_control_characters_keeps_ordinary_whitespace():
    assert without_control_characters("a\x00b\x02c\x1fd\x7fe\x85f\tg\nh\r\n") == "abcdef\tg\nh\r\n"


# Control characters at the door -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/search/?q=%00", "/innovations/?q=%01", "/innovations/feed/?q=%01", "/advice/?q=a%02", "/x%00/"],
)
def test_an_address_with_a_control_character_gets_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"control characters" in response.content
    assert b"Sorry, there is a problem with your request" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/innovations/%00/", "/api/innovations/?q=%03", "/api/advice/?q=%00"])
def test_the_api_answers_a_control_character_with_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "control characters" in response.json()["detail"]


@pytest.mark.django_db
def test_control_characters_are_removed_from_what_forms_send(client):
    innovation = make_innovation(title="Falls visits")
    response = client.post(
        f"/innovations/{innovation.slug}/report/",
        {"reason": "wrong", "details": "The \x02phone\x03 number\x00 is wrong.\nCall\x1b us.", "email": ""},
    )
    assert response.status_code == 200
    assert ProblemReport.objects.get().details == "The phone number is wrong.\nCall us."


@pytest.mark.django_db
def test_a_control_character_already_stored_cannot_break_the_feed(client):
    innovation = make_innovation(title="Falls visits", summary="Crews\x01 screen \x0bolder people.")
    Innovation.objects.filter(pk=innovation.pk).update(title="Falls\x02 visits\x1f")
    response = client.get("/innovations/feed/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Falls visits</title>" in body
    assert "Crews screen older people." in body


@pytest.mark.django_db
def test_content_cannot_forge_search_highlighting(client):
    make_innovation(title="Kettle checks", summary="Checks on \x02every\x03 kettle in the home.")
    make_innovation(title="Unrelated", summary="Nothing \x02matching\x03 here.")
    html = client.get("/innovations/?q=kettle").content.decode()
    assert "<mark>kettle</mark>" in html
    assert "<mark>every</mark>" not in html
    html = client.get("/innovations/?stage=prove").content.decode()  # no query: no headline at all
    assert "<mark>" not in html


@pytest.mark.django_db
def test_imports_refuse_control_characters_with_the_line():
    plan, saved = import_innovations(
        innovation_csv(innovation_row(), innovation_row(title="Falls\x02 visits"))
    )
    assert not saved and not Innovation.objects.exists()
    assert "Line 3: title contains a control character (U+0002)" in "\n".join(map(str, plan.errors))
    plan, saved = import_advice(advice_csv(advice_row(description="Evidence\x07 centres")))
    assert not saved
    assert "description contains a control character (U+0007)" in str(plan.errors[0])


# Long text is held to a length everywhere --------------------------------------------------------


@pytest.mark.django_db
def test_a_section_over_the_limit_gets_a_govuk_message_and_keeps_the_text(innovator_client, innovator):
    innovation = make_innovation(status="draft", submitted_by=innovator)
    too_long = "Falls. " * (SECTION_LIMIT // 7 + 1)
    response = innovator_client.post(
        f"/innovations/yours/{innovation.pk}/problem/", {"problem": too_long, "solution": "Screening."}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_problem">The problem must be 10,000 characters or fewer</a>' in html
    assert too_long.strip() in html  # nothing typed is lost
    assert 'data-maxlength="10000"' in html  # the GOV.UK character count
    innovation.refresh_from_db()
    assert innovation.problem == ""


@pytest.mark.django_db
def test_the_database_refuses_long_text_whatever_the_path():
    innovation = make_innovation()
    with pytest.raises(IntegrityError), transaction.atomic():
        Innovation.objects.filter(pk=innovation.pk).update(lessons="x" * (SECTION_LIMIT + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemReport.objects.create(innovation=innovation, reason="wrong", details="x" * 2001)


@pytest.mark.django_db
def test_imports_refuse_long_text_with_the_line():
    plan, saved = import_innovations(innovation_csv(innovation_row(outcomes="x" * (SECTION_LIMIT + 1))))
    assert not saved
    assert str(plan.errors[0]).startswith(
        "Line 2: outcomes must be 10,000 characters or fewer (it has 10,001)"
    )
    plan, saved = import_advice(advice_csv(advice_row(description="x" * 5001)))
    assert not saved
    assert "description must be 5,000 characters or fewer (it has 5,001)" in str(plan.errors[0])
