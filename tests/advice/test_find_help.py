"""The "find help" journey: four questions with answers kept in the URL, then fitting advice with reasons."""

import pytest

from tests.factories import make_innovation

pytestmark = pytest.mark.django_db


def test_questions_lead_to_results_with_answers_in_the_url(client, directory):
    response = client.get("/find-help/stage/?stage=prove&continue=1")
    assert response["Location"] == "/find-help/need/?stage=prove"
    response = client.get("/find-help/need/?stage=prove&need=evaluation&need=commissioning&continue=1")
    assert response["Location"] == "/find-help/organisation/?stage=prove&need=evaluation&need=commissioning"
    response = client.get(response["Location"].replace("?", "?audience=local_authority&continue=1&"))
    assert response["Location"].startswith("/find-help/where/?")
    results = client.get(
        "/find-help/results/?stage=prove&need=evaluation&need=commissioning&audience=local_authority&where=wales"
    )
    html = results.content.decode()
    matches = results.context["matches"]
    # Both help at this stage for councils; the procurement source also serves Wales itself.
    assert [m.source.name for m in matches] == ["Procurement help", "What Works Network"]
    assert (
        "helps with commissioning and procurement at the Prove it stage, for local authority organisations, paid, in Wales"
        in html
    )
    assert (
        "helps with evaluation and evidence at the Prove it stage, for local authority organisations, free, UK-wide"
        in html
    )


def test_missing_answer_shows_an_error_and_keeps_earlier_answers(client, directory):
    response = client.get("/find-help/need/?stage=grow&continue=1")
    html = response.content.decode()
    assert '<a href="#id_need_0">Select at least one kind of help</a>' in html
    assert '<input type="hidden" name="stage" value="grow">' in html
    assert 'href="/find-help/stage/?stage=grow"' in html  # the back link keeps the answers


def test_results_without_all_answers_go_back_to_the_first_missing_question(client, directory):
    response = client.get("/find-help/results/?stage=grow&need=funding")
    assert response["Location"].startswith("/find-help/organisation/?")


def test_results_suggest_innovations_at_the_next_stage(client, directory):
    make_innovation(title="Evaluation fund", stage="grow", themes=["evidence"])
    make_innovation(title="Early pilot", stage="test", themes=["evidence"])
    results = client.get("/find-help/results/?stage=prove&need=evaluation&audience=nhs&where=london")
    titles = [i.title for i in results.context["innovations"]]
    assert titles == ["Evaluation fund"]


@pytest.mark.parametrize("extra", [0, 10])
def test_results_query_count_does_not_grow(client, django_assert_num_queries, directory, extra):
    from tests.factories import make_advice, make_mentor

    make_innovation(title="Evaluation fund", stage="grow", themes=["evidence"])
    make_mentor(stages=["prove"], themes=["evidence"])
    for n in range(extra):
        make_advice(name=f"Evaluation help {n}", support_types=["evaluation", "guidance"])
        make_innovation(title=f"Evaluation study {n}", stage="grow", themes=["evidence"])
        make_mentor(stages=["prove"], themes=["evidence"])
    url = "/find-help/results/?stage=prove&need=evaluation&audience=nhs&where=london"
    # the support types (to check the answer, with their names and themes), the fitting advice with their
    # support types, then each catalogue's search (innovations, mentors: savepoint, count, ids, release,
    # cards; no curated options, as no facet is counted; before each, the generations that key the cache)
    with django_assert_num_queries(15):
        response = client.get(url)
    assert len(response.context["matches"]) == min(1 + extra, 10)  # the ten that fit best


ANSWERS = "stage=prove&need=evaluation&audience=nhs&where=london"


def test_each_question_is_the_page_heading_once_and_stages_say_what_they_mean(client, directory):
    html = client.get("/find-help/stage/").content.decode()
    assert html.count("<h1") == 1
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l"><h1 class="govuk-fieldset__heading">What stage is your idea at?</h1></legend>'
        in html
    )
    assert "Evidence gathered that it works." in html


def test_changing_an_answer_from_the_results_returns_to_the_results(client, directory):
    results = client.get(f"/find-help/results/?{ANSWERS}").content.decode()
    change = f'href="/find-help/organisation/?{ANSWERS.replace("&", "&amp;")}&amp;return=results"'
    assert change in results
    question = client.get(f"/find-help/organisation/?{ANSWERS}&return=results").content.decode()
    assert '<input type="hidden" name="return" value="results">' in question
    assert f'href="/find-help/results/?{ANSWERS.replace("&", "&amp;")}" class="govuk-back-link"' in question
    response = client.get(
        "/find-help/organisation/?stage=prove&need=evaluation&where=london&return=results&audience=local_authority&continue=1"
    )
    assert (
        response["Location"]
        == "/find-help/results/?stage=prove&need=evaluation&where=london&audience=local_authority"
    )


def test_the_results_link_to_all_matching_advice(client, directory):
    results = client.get(f"/find-help/results/?{ANSWERS}").content.decode()
    assert (
        'href="/advice/?stage=prove&amp;support_type=evaluation&amp;audience=nhs&amp;region=london&amp;region=uk_wide">'
        "Search all sources of advice for these answers</a>"
    ) in results
