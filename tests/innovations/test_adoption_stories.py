"""'We adopted this' stories and problem reports."""

import pytest
from django.core import mail
from django.http import QueryDict

from innovations.models import Adoption, ProblemReport
from innovations.search import catalogue_search
from tests.factories import OrganisationFactory, make_innovation

pytestmark = pytest.mark.django_db

STORY = {
    "organisation_name": "Westshire County Council",
    "organisation_type": "local_authority",
    "region": "south_west",
    "kind": "adapted",
    "year": "2024",
    "what_changed": "Smaller caseloads.",
    "result": "90% still housed after a year.",
}


@pytest.fixture
def housing(db):
    return make_innovation(title="Housing First")


def test_story_needs_sign_in(client, housing):
    response = client.get(f"/innovations/{housing.slug}/adopted/")
    assert response["Location"].startswith("/accounts/login/")


def test_story_is_moderated_then_counts_and_is_found(
    innovator_client, innovator, staff_client, housing, django_capture_on_commit_callbacks, settings
):
    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = innovator_client.post(f"/innovations/{housing.slug}/adopted/", STORY)
    assert "Adoption story sent" in response.content.decode()
    adoption = Adoption.objects.get()
    assert (adoption.status, adoption.kind, adoption.submitted_by) == ("submitted", "adapted", innovator)
    assert mail.outbox[0].to == ["team@example.org"]
    # Not yet on the page, in counts or search.
    assert "Westshire" not in innovator_client.get(housing.get_absolute_url()).content.decode()
    assert catalogue_search(QueryDict("adopted=yes")).result.total == 0

    staff_client.post(
        "/admin/innovations/adoption/", {"action": "publish", "_selected_action": [adoption.pk]}
    )
    page = innovator_client.get(housing.get_absolute_url()).content.decode()
    assert "Westshire County Council" in page and "Smaller caseloads." in page
    assert catalogue_search(QueryDict("adopted=yes")).result.total == 1
    assert catalogue_search(QueryDict("q=westshire")).result.total == 1


def test_story_errors_keep_values_and_a_second_story_for_the_same_organisation_is_refused(
    innovator_client, housing
):
    response = innovator_client.post(
        f"/innovations/{housing.slug}/adopted/", {**STORY, "result": "", "kind": ""}
    )
    html = response.content.decode()
    assert '<a href="#id_kind_0">Select whether you adopted it as it was or adapted it</a>' in html
    assert "Smaller caseloads." in html
    from innovations.services import adoption_record

    adoption_record(
        innovation=housing,
        organisation=OrganisationFactory(name="Westshire County Council"),
        status="published",
    )
    response = innovator_client.post(f"/innovations/{housing.slug}/adopted/", STORY)
    assert "adoption of this innovation is already recorded" in response.content.decode()


def test_no_story_for_unpublished_innovations(innovator_client, db):
    draft = make_innovation(title="Draft", status="draft")
    assert innovator_client.get(f"/innovations/{draft.slug}/adopted/").status_code == 404


def test_problem_report_without_sign_in_lands_in_the_queue(client, staff_client, housing):
    response = client.post(
        f"/innovations/{housing.slug}/report/",
        {"reason": "broken_link", "details": "The website link is dead."},
    )
    assert "Report sent" in response.content.decode()
    report = ProblemReport.objects.get()
    assert (report.reason, report.innovation) == ("broken_link", housing)
    assert "Problem reported" in mail.outbox[0].subject
    queue = staff_client.get("/admin/innovations/problemreport/").content.decode()
    assert "A link does not work" in queue
    staff_client.post(
        "/admin/innovations/problemreport/", {"action": "resolve", "_selected_action": [report.pk]}
    )
    report.refresh_from_db()
    assert report.resolved_at is not None


def test_problem_report_errors_and_rate_limit(client, housing):
    response = client.post(f"/innovations/{housing.slug}/report/", {"reason": "", "email": "not-an-email"})
    html = response.content.decode()
    assert (
        "Select what is wrong with the page" in html
        and "Enter an email address in the correct format" in html
    )
    for _ in range(10):
        client.post(f"/innovations/{housing.slug}/report/", {"reason": "outdated"})
    response = client.post(
        f"/innovations/{housing.slug}/report/", {"reason": "outdated", "details": "Kept text"}
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent a lot of reports in the last hour" in html
    assert "Kept text" in html
    assert ProblemReport.objects.count() == 9  # ten posts an hour, the first of them the invalid one


def test_problem_queue_is_for_staff_only(innovator_client):
    assert innovator_client.get("/admin/innovations/problemreport/", follow=True).status_code == 403


def test_another_user_cannot_overwrite_a_pending_story_by_naming_the_organisation_differently(
    innovator_client, innovator, housing
):
    from django.test import Client

    from tests.factories import UserFactory

    innovator_client.post(f"/innovations/{housing.slug}/adopted/", STORY)
    other = Client()
    other.force_login(UserFactory(email="sam@example.org"))
    response = other.post(
        f"/innovations/{housing.slug}/adopted/",
        {**STORY, "organisation_name": "westshire county COUNCIL", "result": "Sam's own words."},
    )
    assert response.status_code == 200
    assert (
        "Someone else has already told us about Westshire County Council’s adoption"
        in response.content.decode()
    )
    adoption = Adoption.objects.get()
    assert (adoption.submitted_by, adoption.result) == (innovator, STORY["result"])


def test_the_submitter_can_correct_their_own_pending_story(innovator_client, innovator, housing):
    innovator_client.post(f"/innovations/{housing.slug}/adopted/", STORY)
    innovator_client.post(f"/innovations/{housing.slug}/adopted/", {**STORY, "result": "95% still housed."})
    adoption = Adoption.objects.get()
    assert (adoption.submitted_by, adoption.result) == (innovator, "95% still housed.")
