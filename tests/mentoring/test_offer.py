"""Offering to mentor: drafts kept, nothing typed lost, the central team's review, pausing."""

import pytest
from django.core import mail

from mentoring.models import Mentor, MentorEntry
from tests.factories import OrganisationFactory, make_mentor, policy_area

pytestmark = pytest.mark.django_db

COMPLETE = {
    "full_name": "Ivy Innovator",
    "job_title": "Service design lead",
    "organisation_name": "Northby City Council",
    "organisation_type": "local_authority",
    "region": "north_east",
    "themes": ["evidence", "networks"],
    "stages": ["prove", "grow"],
    "knows_organisation_types": ["local_authority"],
    "based_in": "north_east",
    "formats": ["remote"],
    "capacity": "2",
    "bio": "Scaled a falls service across three councils.",
    "taking_mentees": "on",
}


def test_a_half_done_offer_is_kept_as_a_draft_and_shown_again(innovator_client, innovator):
    area = policy_area("Health")
    response = innovator_client.post(
        "/mentoring/offer/",
        {"action": "save", "themes": ["culture"], "policy_areas": [area.pk], "capacity": "3"},
    )
    assert response.status_code == 302
    mentor = Mentor.objects.get(user=innovator)
    assert (mentor.status, mentor.themes, mentor.capacity) == ("draft", ["culture"], 3)
    assert not MentorEntry.objects.exists()
    home = innovator_client.get("/mentoring/").content.decode()
    assert "Draft" in home and "Still to add before you can send it:" in home and "your job title" in home
    form = innovator_client.get("/mentoring/offer/").content.decode()
    assert 'id="id_themes_0" name="themes" type="checkbox" value="culture" checked' in form
    assert 'id="id_capacity_2" name="capacity" type="radio" value="3" checked' in form


def test_sending_an_incomplete_offer_names_each_missing_answer_and_keeps_what_was_typed(innovator_client):
    response = innovator_client.post(
        "/mentoring/offer/",
        {"action": "submit", "bio": "I ran a hub.", "themes": ["evidence"], "capacity": "2"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    for message, anchor in [
        ("Enter your job title", "id_job_title"),
        ("Select at least one stage you can help at", "id_stages_0"),
        ("Select where you are based", "id_based_in"),
        ("Select whether you can mentor remotely, in person or both", "id_formats_0"),
    ]:
        assert f'<a href="#{anchor}">{message}</a>' in html
    assert "I ran a hub.</textarea>" in html
    assert "Select at least one condition" not in html  # the theme was given
    assert not Mentor.objects.exists()


def test_a_draft_naming_a_new_organisation_is_saved_without_its_type(innovator_client, innovator):
    response = innovator_client.post(
        "/mentoring/offer/",
        {
            "action": "save", "job_title": "Falls lead", "organisation_name": "Valleys Fire Service",
            "themes": ["evidence"], "based_in": "wales", "capacity": "2",
        },
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/mentoring/"
    mentor = Mentor.objects.get(user=innovator)
    assert (mentor.status, mentor.themes, mentor.region) == ("draft", ["evidence"], "wales")
    innovator.refresh_from_db()
    assert innovator.job_title == "Falls lead"
    # The new organisation is kept, based where its mentor is; its type is left for later.
    organisation = innovator.organisation
    assert (organisation.name, organisation.region, organisation.organisation_type) == (
        "Valleys Fire Service", "wales", "",
    )  # fmt: skip


def test_the_offer_asks_where_you_are_once_and_marks_nothing_optional_that_sending_needs(innovator_client):
    html = innovator_client.get("/mentoring/offer/").content.decode()
    assert html.count("Where are you based?") == 1 and "Where your organisation is based" not in html
    assert 'name="region"' not in html
    label = html[
        html.index('for="id_organisation_type"') : html.index(
            "</label>", html.index('for="id_organisation_type"')
        )
    ]
    assert "(optional)" not in label
    assert "Needed to send your offer if your organisation is new to the portal" in html


def test_sending_an_offer_naming_a_new_organisation_needs_its_type(innovator_client, innovator):
    answers = {k: v for k, v in COMPLETE.items() if k not in {"organisation_type", "region"}}
    html = innovator_client.post("/mentoring/offer/", {**answers, "action": "submit"}).content.decode()
    assert (
        '<a href="#id_organisation_type">Select the type of organisation, as it is new to the portal</a>'
        in html
    )
    assert "Select where the organisation is based" not in html
    assert "Scaled a falls service across three councils.</textarea>" in html
    assert not Mentor.objects.exists()
    innovator_client.post(
        "/mentoring/offer/", {**answers, "organisation_type": "local_authority", "action": "submit"}
    )
    innovator.refresh_from_db()
    assert Mentor.objects.get(user=innovator).status == "submitted"
    organisation = innovator.organisation
    assert (organisation.organisation_type, organisation.region) == ("local_authority", "north_east")


def test_a_complete_offer_goes_to_the_central_team_and_both_are_told(innovator_client, innovator):
    response = innovator_client.post("/mentoring/offer/", {**COMPLETE, "action": "submit"})
    assert response["Location"] == "/mentoring/offer/sent/"
    mentor = Mentor.objects.get(user=innovator)
    assert mentor.status == "submitted" and mentor.region == "north_east"
    innovator.refresh_from_db()
    assert (
        innovator.job_title == "Service design lead" and innovator.organisation.name == "Northby City Council"
    )
    assert "Offer sent" in innovator_client.get("/mentoring/offer/sent/").content.decode()
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("We have received your offer to mentor" in s for s in subjects)
    assert any("New mentor offer to review: Ivy Innovator" in s for s in subjects)
    # While it is with the central team it is not in the directory, and cannot be changed.
    assert not MentorEntry.objects.exists()
    assert innovator_client.get("/mentoring/offer/")["Location"] == "/mentoring/"


def test_the_central_team_approves_or_sends_back_from_the_admin(staff_client, innovator_client, innovator):
    innovator_client.post("/mentoring/offer/", {**COMPLETE, "action": "submit"})
    mentor = Mentor.objects.get(user=innovator)
    mail.outbox.clear()
    response = staff_client.post(
        "/admin/mentoring/mentor/", {"action": "request_changes", "_selected_action": [mentor.pk]}
    )
    assert "What should the mentor change?" in response.content.decode()
    staff_client.post(
        "/admin/mentoring/mentor/",
        {"action": "request_changes", "_selected_action": [mentor.pk], "message": "Say which councils."},
    )
    mentor.refresh_from_db()
    assert mentor.status == "changes_requested" and mentor.review_message == "Say which councils."
    assert "Say which councils." in mail.outbox[0].body and mail.outbox[0].to == [innovator.email]
    assert "Say which councils." in innovator_client.get("/mentoring/offer/").content.decode()

    innovator_client.post(
        "/mentoring/offer/", {**COMPLETE, "bio": "Northby, Westshire, Kingsbridge.", "action": "submit"}
    )
    page = staff_client.get(f"/admin/mentoring/mentor/{mentor.pk}/change/").content.decode()
    assert '<button type="submit" class="button">Approve</button>' in page
    staff_client.post("/admin/mentoring/mentor/", {"action": "approve", "_selected_action": [mentor.pk]})
    mentor.refresh_from_db()
    assert mentor.status == "published" and mentor.published_at is not None
    assert any("You are now a mentor" in m.subject for m in mail.outbox)
    assert "Ivy Innovator" in innovator_client.get("/mentors/?q=Westshire").content.decode()


def test_an_approved_mentors_changed_offer_is_reviewed_again_and_leaves_the_directory(
    innovator_client, innovator
):
    make_mentor(user=innovator)
    assert MentorEntry.objects.count() == 1
    innovator_client.post("/mentoring/offer/", {**COMPLETE, "bio": "Something new.", "action": "submit"})
    mentor = Mentor.objects.get(user=innovator)
    assert mentor.status == "submitted" and mentor.bio == "Something new."
    assert not MentorEntry.objects.exists()
    assert any("Changed mentor offer to review" in m.subject for m in mail.outbox)


def test_pausing_takes_a_mentor_out_of_the_directory_at_once_and_resuming_brings_them_back(
    innovator_client, innovator
):
    mentor = make_mentor(user=innovator)
    response = innovator_client.post("/mentoring/availability/", {"taking_mentees": "no", "capacity": "2"})
    assert response.status_code == 302
    assert not MentorEntry.objects.exists()
    profile = innovator_client.get(mentor.get_absolute_url()).content.decode()
    assert "is not taking new mentees at the moment" in profile
    innovator_client.post("/mentoring/availability/", {"taking_mentees": "yes", "capacity": "4"})
    mentor.refresh_from_db()
    assert mentor.taking_mentees and mentor.capacity == 4
    assert MentorEntry.objects.get().room == 4


def test_capacity_cannot_fall_below_the_mentees_a_mentor_has_now(innovator_client, innovator):
    mentor = make_mentor(user=innovator, capacity=3)
    Mentor.objects.filter(pk=mentor.pk).update(active_mentees=3)
    response = innovator_client.post("/mentoring/availability/", {"taking_mentees": "yes", "capacity": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "You mentor 3 people now: the number at once cannot be fewer than that." in html
    mentor.refresh_from_db()
    assert mentor.capacity == 3


def test_the_database_refuses_a_mentor_over_capacity():
    from django.db import IntegrityError, transaction

    mentor = make_mentor(capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentor.objects.filter(pk=mentor.pk).update(active_mentees=3)


def test_availability_is_for_approved_mentors_only(innovator_client, innovator):
    assert innovator_client.get("/mentoring/availability/").status_code == 404
    make_mentor(user=innovator, status="draft")
    assert innovator_client.get("/mentoring/availability/").status_code == 404


def test_an_organisation_new_to_the_portal_needs_its_type_and_region(innovator_client):
    OrganisationFactory(name="Known Council")
    response = innovator_client.post(
        "/mentoring/offer/",
        {
            **COMPLETE,
            "organisation_name": "Brand New Trust",
            "organisation_type": "",
            "region": "",
            "action": "submit",
        },
    )
    html = response.content.decode()
    assert "Select the type of organisation, as it is new to the portal" in html
    assert 'value="Brand New Trust"' in html
