"""Something for the demo's mentor to do: a request waiting for their answer, from the demo innovator,
and a mentorship under way with goals, a session and an assessment. Created once; running again leaves
them as they are."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from innovations.models import PolicyArea
from mentoring.models import Mentor, Mentorship
from mentoring.services import (
    assessment_record,
    goal_add,
    goal_set_done,
    mentor_offer_accept,
    mentor_request_choose,
    mentor_request_create,
    session_record,
)


@transaction.atomic
def load_demo_mentoring(*, mentor_email: str, innovator_email: str, mentee_email: str) -> None:
    mentor = Mentor.objects.select_related("user").get(user__email=mentor_email)
    if mentor.offers.exists():
        return
    innovator = mentor.user.__class__.objects.get(email=innovator_email)
    mentee = mentor.user.__class__.objects.get(email=mentee_email)
    housing = PolicyArea.objects.filter(name="Housing and homelessness")
    waiting = mentor_request_create(
        requester=innovator,
        idea="A housing officer based in the emergency department, who sees people at risk of leaving "
        "hospital with nowhere to live. Tested for six months at one hospital: 140 people housed.",
        stage="prove",
        themes=["evidence", "networks"],
        policy_areas=housing,
        region="north_east",
        formats=["remote", "in_person"],
        wants="To build a business case the health partners will fund, and to find a second hospital.",
    )
    mentor_request_choose(request=waiting, mentor_ids=[mentor.pk])

    under_way = mentor_request_create(
        requester=mentee,
        idea="A shorter council tax support form, designed with residents. Decision times fell from 31 "
        "days to 9; we want other councils to adopt it.",
        stage="grow",
        themes=["evidence", "processes"],
        region="london",
        formats=["remote"],
        wants="Help to make the case to other councils and to measure take-up properly.",
    )
    mentor_request_choose(request=under_way, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=under_way.offers.get())
    Mentorship.objects.filter(pk=mentorship.pk).update(started_at=timezone.now() - timedelta(weeks=5))
    first = goal_add(
        mentorship=mentorship, user=mentor.user, text="A one-page business case for other councils"
    )
    goal_add(mentorship=mentorship, user=mentee, text="Two councils agree to try the form")
    goal_set_done(goal=first, user=mentor.user, done=True)
    session_record(
        mentorship=mentorship,
        user=mentor.user,
        held_on=timezone.localdate() - timedelta(weeks=3),
        summary="Went through the evidence so far and what a finance director would ask.",
        actions="Leah drafts the one-page case; Marcus introduces two councils in his network.",
    )
    assessment_record(
        mentorship=mentorship,
        user=mentee,
        standings={
            "evidence": {"standing": "needs_work", "note": "Take-up is not yet measured against a baseline."},
            "processes": {"standing": "ready", "note": "The form and the guidance are done."},
            "networks": {"standing": "blocker", "note": "No contacts in other councils' benefits teams."},
        },
        support_agreed="Marcus helps with the business case and with introductions.",
    )
