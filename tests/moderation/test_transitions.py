"""The one moderation transition, for every moderated model: each move from each status is allowed
(the status changes), a repeat (AlreadyDone, nothing changes), or refused (WorkflowError, nothing
changes), exactly as the one table of allowed moves says."""

import pytest

from innovations.models import Adoption, Innovation
from innovations.services import (
    adoption_archive,
    adoption_publish,
    innovation_archive,
    innovation_request_changes,
    innovation_review_publish,
    innovation_submit,
)
from mentoring.models import Mentor
from mentoring.services import mentor_approve, mentor_archive, mentor_send_back, mentor_submit
from portal.moderation.models import TRANSITIONS, AlreadyDone, Status, WorkflowError
from tests.factories import OrganisationFactory, UserFactory, make_innovation, make_mentor

pytestmark = pytest.mark.django_db

COMPLETE = {
    "summary": "Homes first.", "problem": "Rough sleeping.", "solution": "Housing First.", "outcomes": "Kept homes.",
    "cost_band": 2, "resources_needed": "A team.", "lessons": "Start small.", "contact_name": "Ann",
    "contact_email": "ann@example.org",
}  # fmt: skip


def an_innovation(status):
    return make_innovation(status=status, submitted_by=UserFactory(), **COMPLETE)


def an_adoption(status):
    innovation = make_innovation()
    return Adoption.objects.create(innovation=innovation, organisation=OrganisationFactory(), status=status)


def a_mentor(status):
    return make_mentor(status=status)


# model, how to make one in a status, its moves: (the status it goes to, the service)
MODERATED = {
    "innovation": (
        Innovation,
        an_innovation,
        [
            (Status.SUBMITTED, lambda i: innovation_submit(innovation=i, user=i.submitted_by)),
            (Status.PUBLISHED, lambda i: innovation_review_publish(innovation=i)),
            (
                Status.CHANGES_REQUESTED,
                lambda i: innovation_request_changes(innovation=i, message="Add costs."),
            ),
            (Status.ARCHIVED, lambda i: innovation_archive(innovation=i)),
        ],
    ),
    "adoption": (
        Adoption,
        an_adoption,
        [
            (Status.PUBLISHED, lambda a: adoption_publish(adoption=a)),
            (Status.ARCHIVED, lambda a: adoption_archive(adoption=a)),
        ],
    ),
    "mentor": (
        Mentor,
        a_mentor,
        [
            (Status.SUBMITTED, lambda m: mentor_submit(mentor=m)),
            (Status.PUBLISHED, lambda m: mentor_approve(mentor=m)),
            (Status.CHANGES_REQUESTED, lambda m: mentor_send_back(mentor=m, message="Say more.")),
            (Status.ARCHIVED, lambda m: mentor_archive(mentor=m)),
        ],
    ),
}
CASES = [
    (kind, start, index)
    for kind, (_model, _make, moves) in MODERATED.items()
    for start in Status.values
    for index in range(len(moves))
]


@pytest.mark.parametrize(("kind", "start", "index"), CASES, ids=[f"{k}-{s}-{i}" for k, s, i in CASES])
def test_each_move_from_each_status_is_allowed_repeated_or_refused_as_the_table_says(kind, start, index):
    model, make, moves = MODERATED[kind]
    target, service = moves[index]
    obj = make(start)
    if start == target:
        with pytest.raises(AlreadyDone):
            service(obj)
    elif target in TRANSITIONS[start]:
        service(obj)
        assert model.objects.get(pk=obj.pk).status == target
        return
    else:
        with pytest.raises(WorkflowError) as refused:
            service(obj)
        assert not isinstance(refused.value, AlreadyDone)
    assert model.objects.get(pk=obj.pk).status == start


@pytest.mark.parametrize("kind", ["innovation", "mentor"])
def test_sending_back_needs_a_message_and_keeps_it(kind):
    model, make, _moves = MODERATED[kind]
    obj = make(Status.SUBMITTED)
    send_back = innovation_request_changes if kind == "innovation" else mentor_send_back
    with pytest.raises(WorkflowError, match="Say what needs to change"):
        send_back(**{kind: obj, "message": "  "})
    assert model.objects.get(pk=obj.pk).status == Status.SUBMITTED
    send_back(**{kind: obj, "message": "Add the costs."})
    assert model.objects.get(pk=obj.pk).review_message == "Add the costs."
