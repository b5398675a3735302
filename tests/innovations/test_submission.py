"""Sharing an innovation: drafts by section, submission, review by the central team, publication."""

import pytest
from django.core import mail
from django.http import QueryDict
from django.test import Client

from innovations.models import Innovation
from innovations.search import catalogue_search
from innovations.services import WorkflowError, innovation_request_changes, innovation_submit
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ABOUT = {
    "title": "Falls visits by firefighters",
    "summary": "Crews screen older people for falls risk during home safety visits.",
    "stage": "grow",
    "organisation_name": "Valleys Fire Service",
    "organisation_type": "police_fire",
    "region": "wales",
    "themes": ["skills", "networks"],
}
SECTIONS = {
    "problem": {
        "problem": "Falls are the commonest reason for ambulance calls.",
        "solution": "Crews use a short screening tool.",
    },
    "results": {
        "outcomes": "Fewer call-outs.",
        "evidence_level": "3",
        "evidence_justification": "Comparison areas.",
        "evaluation_links": "https://example.org/report",
    },
    "cost": {
        "cost_band": "1",
        "cost_notes": "Training time.",
        "resources_needed": "A falls team to refer to.",
        "how_to_adopt": "Train crews.",
    },
    "lessons": {
        "challenges": "Data sharing.",
        "conditions_for_success": "A willing falls team.",
        "lessons": "Start small.",
    },
    "contact": {
        "contact_name": "Pat Lead",
        "contact_role": "Station manager",
        "contact_email": "pat@example.org",
    },
}


def start(client) -> Innovation:
    response = client.post("/innovations/share/about/", ABOUT)
    assert response.status_code == 302, response.context["form"].errors
    return Innovation.objects.get(title=ABOUT["title"])


def complete(client, innovation):
    for section, data in SECTIONS.items():
        response = client.post(f"/innovations/yours/{innovation.pk}/{section}/", data)
        assert response.status_code == 302, (section, response.context["form"].errors)


def test_sharing_needs_an_account(client):
    assert client.get("/innovations/share/")["Location"].startswith("/accounts/login/")
    assert client.post("/innovations/share/about/", ABOUT)["Location"].startswith("/accounts/login/")
    assert not Innovation.objects.exists()


def test_first_section_creates_a_private_draft_with_its_organisation(innovator_client, innovator, client):
    innovation = start(innovator_client)
    assert innovation.status == "draft"
    assert innovation.submitted_by == innovator
    assert (innovation.organisation.name, innovation.organisation.region) == ("Valleys Fire Service", "wales")
    assert innovation.themes == ["skills", "networks"]
    html = innovator_client.get(f"/innovations/yours/{innovation.pk}/").content.decode()
    assert "You have completed 1 of 6 sections" in html
    # Nobody else can find it.
    assert client.get(f"/innovations/{innovation.slug}/").status_code == 404
    assert catalogue_search(QueryDict("q=firefighters")).result.total == 0


def test_section_errors_keep_what_was_typed(innovator_client):
    response = innovator_client.post(
        "/innovations/share/about/", {**ABOUT, "summary": "x" * 301, "stage": ""}
    )
    html = response.content.decode()
    assert '<a href="#id_summary">Summary must be 300 characters or fewer</a>' in html
    assert '<a href="#id_stage_0">Select the stage of scaling it has reached</a>' in html
    assert 'value="Falls visits by firefighters"' in html
    assert 'value="skills" checked' in html
    assert not Innovation.objects.exists()


def test_other_users_get_404_and_staff_can_see(innovator_client, client, staff):
    innovation = start(innovator_client)
    client.force_login(UserFactory())
    for path in ["", "about/", "check/", "submitted/"]:
        assert client.get(f"/innovations/yours/{innovation.pk}/{path}").status_code == 404, path
    assert client.post(f"/innovations/yours/{innovation.pk}/problem/", SECTIONS["problem"]).status_code == 404
    assert client.post(f"/innovations/yours/{innovation.pk}/check/").status_code == 404
    assert Innovation.objects.get().status == "draft"
    assert "Falls visits" not in client.get("/innovations/yours/").content.decode()
    client.force_login(staff)
    assert client.get(f"/innovations/yours/{innovation.pk}/").status_code == 200


def test_incomplete_innovation_cannot_be_submitted(innovator_client):
    innovation = start(innovator_client)
    response = innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Complete “Results and evidence”" in html
    assert Innovation.objects.get().status == "draft"
    assert mail.outbox == []


def test_submit_review_resubmit_and_publish(
    innovator_client, innovator, django_capture_on_commit_callbacks, settings
):
    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    innovation = start(innovator_client)
    complete(innovator_client, innovation)
    with django_capture_on_commit_callbacks(execute=True):
        response = innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    assert response["Location"] == f"/innovations/yours/{innovation.pk}/submitted/"
    innovation.refresh_from_db()
    assert innovation.status == "submitted" and innovation.submitted_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted([innovator.email, "team@example.org"])
    # Submitted: no more edits by the submitter.
    innovator_client.post(f"/innovations/yours/{innovation.pk}/lessons/", {"lessons": "Changed"})
    assert Innovation.objects.get().lessons == "Start small."

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        innovation_request_changes(innovation=innovation, message="Please add the cost of training.")
    assert mail.outbox[0].to == [innovator.email]
    assert "Please add the cost of training." in mail.outbox[0].body
    page = innovator_client.get(f"/innovations/yours/{innovation.pk}/").content.decode()
    assert "Please add the cost of training." in page

    innovator_client.post(
        f"/innovations/yours/{innovation.pk}/cost/",
        {**SECTIONS["cost"], "cost_notes": "Two days of training per crew."},
    )
    innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    assert Innovation.objects.get().status == "submitted"


def test_service_refuses_transitions_the_workflow_does_not_allow(innovator_client):
    innovation = start(innovator_client)
    with pytest.raises(WorkflowError, match="Complete these sections first"):
        innovation_submit(innovation=innovation, user=innovation.submitted_by)
    with pytest.raises(WorkflowError, match="Only a submitted innovation"):
        innovation_request_changes(innovation=innovation, message="x")


def test_staff_publish_and_request_changes_from_admin(
    innovator_client, innovator, staff, django_capture_on_commit_callbacks
):
    staff_client = Client()
    staff_client.force_login(staff)
    innovation = start(innovator_client)
    assert innovation.submitted_by == innovator
    complete(innovator_client, innovation)
    innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    mail.outbox.clear()
    changelist = "/admin/innovations/innovation/"
    response = staff_client.post(
        changelist, {"action": "request_changes", "_selected_action": [innovation.pk]}
    )
    assert "What should the submitter change?" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            changelist,
            {
                "action": "request_changes",
                "_selected_action": [innovation.pk],
                "message": "Add the evaluation.",
            },
        )
    innovation.refresh_from_db()
    assert innovation.status == "changes_requested"
    assert "Add the evaluation." in mail.outbox[0].body

    innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(changelist, {"action": "publish", "_selected_action": [innovation.pk]})
    innovation.refresh_from_db()
    assert innovation.status == "published"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([innovator.email], f"[Public Service Innovation Exchange] “{ABOUT['title']}” is published")
    ]
    assert catalogue_search(QueryDict("q=firefighters")).innovations[0].title == ABOUT["title"]
    yours = innovator_client.get("/innovations/yours/").content.decode()
    assert "Nothing: it is published" in yours


def test_your_innovations_lists_only_your_own(innovator_client, db):
    start(innovator_client)
    other = UserFactory()
    Innovation.objects.create(
        title="Someone else's",
        slug="else",
        summary="x",
        stage="test",
        organisation=OrganisationFactory(),
        submitted_by=other,
    )
    html = innovator_client.get("/innovations/yours/").content.decode()
    assert "Falls visits by firefighters" in html and "Someone else" not in html


def test_edits_to_a_published_innovation_are_reviewed_while_the_published_version_stays(
    innovator_client, innovator, staff, django_capture_on_commit_callbacks, client
):
    innovation = start(innovator_client)
    complete(innovator_client, innovation)
    innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    from innovations.services import innovation_review_publish

    innovation_review_publish(innovation=Innovation.objects.get())
    innovation.refresh_from_db()
    assert innovation.status == "published"

    response = innovator_client.post(
        f"/innovations/yours/{innovation.pk}/about/",
        {**ABOUT, "title": "Falls prevention with lifeboat partners", "policy_areas": []},
    )
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.title == ABOUT["title"]  # the published row is untouched
    assert innovation.pending_changes["title"] == "Falls prevention with lifeboat partners"
    # The public sees the published version, in pages and search.
    public = Client()
    assert ABOUT["title"] in public.get(innovation.get_absolute_url()).content.decode()
    assert catalogue_search(QueryDict("q=lifeboat")).result.total == 0
    # The submitter sees their changes.
    assert (
        "Falls prevention with lifeboat partners"
        in innovator_client.get(f"/innovations/yours/{innovation.pk}/check/").content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    innovation.refresh_from_db()
    assert innovation.pending_status == "submitted"
    # Submitted changes cannot be edited further.
    innovator_client.post(f"/innovations/yours/{innovation.pk}/lessons/", {"lessons": "Sneaky edit"})
    innovation.refresh_from_db()
    assert innovation.pending_changes["lessons"] == "Start small."

    staff_client = Client()
    staff_client.force_login(staff)
    awaiting = staff_client.get("/admin/innovations/innovation/?review=awaiting").context["cl"].result_list
    assert [i.pk for i in awaiting] == [innovation.pk]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            "/admin/innovations/innovation/",
            {
                "action": "request_changes",
                "_selected_action": [innovation.pk],
                "message": "Keep the word firefighters.",
            },
        )
    innovation.refresh_from_db()
    assert (innovation.status, innovation.pending_status) == ("published", "changes_requested")
    assert "Keep the word firefighters." in mail.outbox[-1].body

    innovator_client.post(
        f"/innovations/yours/{innovation.pk}/about/",
        {**ABOUT, "title": "Falls prevention with lifeboat partners and firefighters"},
    )
    innovator_client.post(f"/innovations/yours/{innovation.pk}/check/")
    staff_client.post(
        "/admin/innovations/innovation/", {"action": "publish", "_selected_action": [innovation.pk]}
    )
    innovation.refresh_from_db()
    assert innovation.title == "Falls prevention with lifeboat partners and firefighters"
    assert (innovation.pending_changes, innovation.pending_status) == (None, "")
    assert catalogue_search(QueryDict("q=lifeboat")).result.total == 1
    assert innovation.slug == Innovation.objects.get().slug  # the address does not change


def test_session_expiring_mid_form_keeps_the_saved_draft(innovator_client, innovator):
    innovation = start(innovator_client)
    innovator_client.post(f"/innovations/yours/{innovation.pk}/problem/", SECTIONS["problem"])
    innovator_client.logout()  # as when the session expires
    response = innovator_client.post(f"/innovations/yours/{innovation.pk}/results/", SECTIONS["results"])
    assert response["Location"].startswith("/accounts/login/?next=/innovations/yours/")
    innovator_client.force_login(innovator)
    innovation.refresh_from_db()
    assert (innovation.status, innovation.problem) == ("draft", SECTIONS["problem"]["problem"])
    assert (
        "You have completed 2 of 6 sections"
        in innovator_client.get(f"/innovations/yours/{innovation.pk}/").content.decode()
    )


def test_an_innovation_called_like_a_page_gets_a_page_of_its_own(innovator_client):
    from innovations.models import Innovation
    from tests.factories import make_innovation

    for title in ("Share", "Yours", "Feed"):
        innovation = make_innovation(title=title)
        assert innovation.slug == f"{title.lower()}-2"
        page = innovator_client.get(innovation.get_absolute_url()).content.decode()
        assert f'<h1 class="govuk-heading-xl">{title}</h1>' in page
    assert Innovation.objects.filter(slug="share").count() == 0
    assert "Share an innovation" in innovator_client.get("/innovations/share/").content.decode()


def test_every_section_writes_content_fields_each_in_one_place():
    """What a section writes is kept aside while a published innovation's changes await review, so it
    must be in CONTENT_FIELDS (tags and further links are the central team's, set in admin or import)."""
    from innovations.forms import SECTIONS
    from innovations.models import CONTENT_FIELDS

    written = [
        name for section in SECTIONS for name in section.form_class._meta.fields if name != "policy_areas"
    ]
    assert len(written) == len(set(written))
    assert set(CONTENT_FIELDS) - set(written) == {"tags", "further_links"}


def test_your_innovations_filter_by_status_and_when_changed(innovator_client, innovator):
    from datetime import timedelta

    from django.utils import timezone

    from innovations.models import Innovation
    from tests.factories import make_innovation

    make_innovation(title="Old draft", status="draft", submitted_by=innovator)
    make_innovation(title="Sent one", status="submitted", submitted_by=innovator)
    make_innovation(title="Live one", status="published", submitted_by=innovator)
    make_innovation(title="Someone else's", status="draft")
    Innovation.objects.filter(title="Old draft").update(updated_at=timezone.now() - timedelta(days=90))

    def titles(query):
        return [
            r["innovation"].title
            for r in innovator_client.get(f"/innovations/yours/?{query}").context["rows"]
        ]

    assert sorted(titles("")) == ["Live one", "Old draft", "Sent one"]
    assert sorted(titles("status=draft&status=submitted")) == ["Old draft", "Sent one"]
    assert sorted(titles("changed=31")) == ["Live one", "Sent one"]
    assert titles("status=draft&changed=31") == []
    html = innovator_client.get("/innovations/yours/?status=draft&changed=31").content.decode()
    assert "None of your innovations match these filters" in html
    assert 'value="draft" checked' in html  # the choices made are kept
    bad = innovator_client.get("/innovations/yours/?changed=9").content.decode()
    assert "There is a problem" in bad and "Select when it last changed from the list" in bad


def test_sections_mark_only_the_truly_optional_questions_optional(innovator_client):
    innovation = start(innovator_client)
    html = innovator_client.get(f"/innovations/yours/{innovation.pk}/results/").content.decode()
    # Needed to submit: the results and the evidence level. Optional: why that level, the links.
    assert "What results did it achieve, and how were they measured?" in html
    assert "What results did it achieve, and how were they measured? (optional)" not in html
    assert "Why have you chosen this level? (optional)" in html
    tasks = innovator_client.get(f"/innovations/yours/{innovation.pk}/").content.decode()
    assert "Needed to submit: results and how they were measured, evidence level" in tasks


def test_a_section_saved_half_done_stays_in_progress_and_says_what_is_missing(innovator_client):
    innovation = start(innovator_client)
    innovator_client.get(f"/innovations/yours/{innovation.pk}/")  # shows (and clears) the About message
    response = innovator_client.post(
        f"/innovations/yours/{innovation.pk}/problem/",
        {"problem": "Falls are common.", "solution": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "govuk-notification-banner--success" not in html
    assert "“The problem and what you did” is saved as a draft, but it is not finished" in html
    assert "“What did you do, and what makes it innovative?”" in html
    assert 'id="problem-status"><strong class="govuk-tag govuk-tag--blue">In progress</strong>' in html


def test_check_your_answers_names_every_missing_answer_and_offers_submit_only_when_none(innovator_client):
    innovation = start(innovator_client)
    html = innovator_client.get(f"/innovations/yours/{innovation.pk}/check/").content.decode()
    assert "Answer 9 more questions:" in html
    assert (
        f'href="/innovations/yours/{innovation.pk}/results/#id_evidence_level_0">How strong is the evidence that it works?</a>'
        in html
    )
    assert (
        f'href="/innovations/yours/{innovation.pk}/contact/#id_contact_email">Their email address</a>' in html
    )
    assert "Submit for review" not in html
    complete(innovator_client, innovation)
    html = innovator_client.get(f"/innovations/yours/{innovation.pk}/check/").content.decode()
    assert "Before you can submit" not in html and "Submit for review" in html
