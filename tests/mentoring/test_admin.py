"""The central team's admin for the mentor scheme: exports, filters, feedback to read, notes never."""

import io

import pytest

from mentoring.models import Mentor
from mentoring.services import (
    feedback_give,
    import_mentors,
    mentor_offer_accept,
    mentor_request_choose,
    mentor_request_create,
    note_add,
)
from tests.factories import OrganisationFactory, UserFactory, make_mentor

pytestmark = pytest.mark.django_db


def test_the_mentor_export_imports_back_unchanged(staff_client):
    make_mentor(
        user=UserFactory(
            full_name="Alex Morgan", email="alex@example.org", job_title="Head of housing", organisation=OrganisationFactory()
        ),
        themes=["evidence", "networks"], stages=["prove"], formats=["remote", "in_person"], capacity=3,
        policy_areas=["Health"], bio="=SUM(A1) is not a formula here.",
    )  # fmt: skip
    mentor = Mentor.objects.get()
    response = staff_client.post(
        "/admin/mentoring/mentor/", {"action": "export_csv", "_selected_action": [mentor.pk]}
    )
    exported = response.content
    assert b"'=SUM(A1)" in exported  # neutralised for spreadsheets
    plan, saved = import_mentors(io.BytesIO(exported))
    assert plan.is_valid, plan.errors
    mentor.refresh_from_db()
    assert (mentor.bio, mentor.capacity, mentor.themes) == (
        "=SUM(A1) is not a formula here.",
        3,
        ["evidence", "networks"],
    )
    assert Mentor.objects.count() == 1


def test_mentorships_export_and_feedback_is_read_by_the_central_team_but_notes_never(staff_client):
    mentor = make_mentor(capacity=2)
    request = mentor_request_create(
        requester=UserFactory(full_name="Ed Mentee"), idea="x", stage="prove", themes=["evidence"],
        region="london", formats=["remote"], wants="y",
    )  # fmt: skip
    mentor_request_choose(request=request, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=request.offers.get())
    feedback_give(
        mentorship=mentorship, user=mentorship.mentee, moment="first_session", rating=4, comments="Helpful."
    )
    note_add(mentorship=mentorship, user=mentorship.mentee, text="Secret worry.")
    response = staff_client.post(
        "/admin/mentoring/mentorship/", {"action": "export_csv", "_selected_action": [mentorship.pk]}
    )
    assert "Ed Mentee,active" in response.content.decode()
    page = staff_client.get("/admin/mentoring/feedback/").content.decode()
    assert "first_session" in page or "After the first session" in page
    detail = staff_client.get(
        f"/admin/mentoring/feedback/{mentorship.feedback.get().pk}/change/"
    ).content.decode()
    assert "Helpful." in detail
    assert staff_client.get("/admin/mentoring/privatenote/").status_code == 404
    for url in ["/admin/mentoring/mentorship/", f"/admin/mentoring/mentorship/{mentorship.pk}/change/"]:
        assert "Secret worry." not in staff_client.get(url).content.decode()
