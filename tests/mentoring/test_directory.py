"""The mentor directory: only approved mentors taking mentees are found; profiles never show an email
address; the one search box and find help include mentors."""

import re

import pytest

from tests.factories import UserFactory, load_demo_advice, make_mentor

pytestmark = pytest.mark.django_db


def test_only_approved_mentors_taking_mentees_are_listed(client):
    listed = make_mentor(user=UserFactory(full_name="Listed Person"))
    make_mentor(user=UserFactory(full_name="Draft Person"), status="draft")
    make_mentor(user=UserFactory(full_name="Submitted Person"), status="submitted")
    make_mentor(user=UserFactory(full_name="Paused Person"), taking_mentees=False)
    make_mentor(user=UserFactory(full_name="Archived Person"), status="archived")
    html = client.get("/mentors/").content.decode()
    assert "1 mentor" in html and "Listed Person" in html
    for hidden in ["Draft Person", "Submitted Person", "Paused Person", "Archived Person"]:
        assert hidden not in html
    assert client.get(listed.get_absolute_url()).status_code == 200


def test_a_profile_exists_for_approved_mentors_only_and_never_shows_their_email(client):
    person = UserFactory(
        full_name="Rachel Haworth", email="rachel.private@lakeshire.example.org", job_title="Inspector"
    )
    mentor = make_mentor(user=person, themes=["culture", "skills"], stages=["grow"], policy_areas=["Health"])
    html = client.get(mentor.get_absolute_url()).content.decode()
    assert "Rachel Haworth" in html and "Inspector" in html and "Culture" in html and "Grow it" in html
    assert "Health" in html and "Room for" not in html and "room for 2 more now" in html
    assert "rachel.private" not in html and "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    draft = make_mentor(user=UserFactory(full_name="Not Yet"), status="draft")
    assert client.get(f"/mentors/{draft.slug}/").status_code == 404


def hidden_inputs(html: str) -> dict:
    """A form's hidden answers, as a browser would send them back."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_ask_this_mentor_starts_a_request_with_them_chosen_first(client, innovator_client, innovator):
    from mentoring.models import MentorOffer, MentorRequest

    for n in range(6):
        make_mentor(user=UserFactory(full_name=f"Closer Fit {n}"), themes=["evidence"], stages=["prove"])
    mentor = make_mentor(user=UserFactory(full_name="Mina Mentor"), themes=["culture"], stages=["adopt"])
    profile = client.get(mentor.get_absolute_url()).content.decode()
    ask_url = f"/mentoring/ask/?mentor={mentor.slug}"
    assert f'href="{ask_url}"' in profile and ">Ask this mentor</a>" in profile
    form = innovator_client.get(ask_url).content.decode()
    assert "Mina Mentor will be your first choice" in form
    answers = {
        "idea": "A hub.", "stage": "prove", "themes": ["evidence"], "region": "london", "formats": ["remote"],
        "wants": "Help.",
    }  # fmt: skip
    response = innovator_client.post(ask_url, {**hidden_inputs(form), **answers})
    request = MentorRequest.objects.get(requester=innovator)
    choose_url = f"/mentoring/requests/{request.pk}/choose/?mentor={mentor.slug}"
    assert response["Location"] == choose_url
    page = innovator_client.get(choose_url).content.decode()
    cards = re.findall(r'<h2 class="govuk-heading-m app-card__heading"><a [^>]+>([^<]+)</a>', page)
    assert cards[0] == "Mina Mentor" and len(cards) == 5  # ahead of closer fits, and in the list at all
    assert "Mina Mentor, whom you asked for, is first and chosen as your first choice." in page
    assert f'<option value="{mentor.pk}" selected>Mina Mentor</option>' in page
    innovator_client.post(choose_url, {**hidden_inputs(page), "first": mentor.pk})
    offer = MentorOffer.objects.get(request=request)
    assert (offer.mentor, offer.rank, offer.status) == (mentor, 1, "pending")


def test_ask_this_mentor_is_offered_only_when_they_can_take_someone(client, innovator_client, innovator):
    paused = make_mentor(user=UserFactory(full_name="Paused Person"), taking_mentees=False)
    own = make_mentor(user=innovator)
    assert "Ask this mentor" not in client.get(paused.get_absolute_url()).content.decode()
    assert "Ask this mentor" not in innovator_client.get(own.get_absolute_url()).content.decode()
    form = innovator_client.get(f"/mentoring/ask/?mentor={paused.slug}").content.decode()
    assert "first choice" not in form  # a mentor who cannot be asked is not promised


def test_filters_narrow_the_list_and_count_what_each_would_give(client):
    make_mentor(
        user=UserFactory(full_name="Remote Evidence"),
        themes=["evidence"],
        formats=["remote"],
        region="london",
    )
    make_mentor(
        user=UserFactory(full_name="Local Culture"), themes=["culture"], formats=["in_person"], region="wales",
        knows_organisation_types=["nhs"],
    )  # fmt: skip
    html = client.get("/mentors/?format=in_person").content.decode()
    assert "Local Culture" in html and "Remote Evidence" not in html
    html = client.get("/mentors/?knows=nhs&region=wales").content.decode()
    assert "1 mentor" in html and "Local Culture" in html
    html = client.get("/mentors/?theme=evidence").content.decode()
    assert "Remote Evidence" in html and "Local Culture" not in html
    html = client.get("/mentors/?format=by-pigeon").content.decode()
    assert "is not a known format" in html


def test_has_room_now_leaves_out_mentors_who_are_full(client):
    from mentoring.models import Mentor
    from mentoring.services import mentor_refresh

    full = make_mentor(user=UserFactory(full_name="Full Mentor"), capacity=1)
    make_mentor(user=UserFactory(full_name="Roomy Mentor"), capacity=3)
    Mentor.objects.filter(pk=full.pk).update(active_mentees=1)
    mentor_refresh([full.pk])
    html = client.get("/mentors/?room=yes").content.decode()
    assert "Roomy Mentor" in html and "Full Mentor" not in html
    assert "No room for a new mentee just now" in client.get("/mentors/").content.decode()


def test_the_one_search_box_finds_mentors(client):
    make_mentor(
        user=UserFactory(full_name="Procurement Expert"), bio="Shared procurement for small councils."
    )
    html = client.get("/search/?q=procurement").content.decode()
    assert "Mentors" in html and "Procurement Expert" in html
    html = client.get("/search/?q=procurement&kind=mentors").content.decode()
    assert "Procurement Expert" in html


def test_find_help_suggests_mentors_at_the_askers_stage_with_room(client):
    load_demo_advice()
    make_mentor(user=UserFactory(full_name="Prove Evidence"), stages=["prove"], themes=["evidence"])
    make_mentor(user=UserFactory(full_name="Adopt Only"), stages=["adopt"], themes=["evidence"])
    html = client.get(
        "/find-help/results/?stage=prove&need=evaluation&audience=nhs&where=london"
    ).content.decode()
    assert "Mentors who could help" in html
    assert "Prove Evidence" in html and "Adopt Only" not in html


def test_a_changed_name_reaches_the_directory(innovator_client, innovator):
    make_mentor(user=innovator)
    innovator_client.post("/account/", {"full_name": "Ivy Renamed", "job_title": "Lead"})
    assert "Ivy Renamed" in innovator_client.get("/mentors/?q=renamed").content.decode()
