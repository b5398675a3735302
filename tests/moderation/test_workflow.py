"""The moderation workflow every contribution shares."""

import pytest

from portal.moderation.models import TRANSITIONS, Status, WorkflowError, check_transition


def test_every_status_says_where_it_can_go():
    assert set(TRANSITIONS) == set(Status.values)


@pytest.mark.parametrize(
    ("current", "target"),
    [("published", "submitted"), ("archived", "changes_requested"), ("draft", "changes_requested")],
)
def test_moves_the_workflow_does_not_allow_are_refused_with_a_message(current, target):
    with pytest.raises(WorkflowError, match="cannot become"):
        check_transition(current, target)


def test_a_refusal_can_carry_the_callers_own_words():
    with pytest.raises(WorkflowError, match="^Already sent$"):
        check_transition("published", "submitted", message="Already sent")


def test_allowed_moves_pass():
    for current, targets in TRANSITIONS.items():
        for target in targets:
            check_transition(current, target)
