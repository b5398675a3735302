"""Who may do what in the awards, as named predicates (django-rules): the lookups in selectors.py ask
these, answering 404 to anyone they refuse. States of a round (open, being judged, results public) are
its own predicates (`Round.is_open` and the rest, each with its QuerySet filter); the rules combine them
with who someone is."""

import rules

from portal.rules import is_central_team_with_two_factors


@rules.predicate
def is_nominator(user, nomination) -> bool:
    """The person writing or who made a nomination."""
    return nomination is not None and user.is_authenticated and nomination.nominator_id == user.pk


@rules.predicate
def can_be_withdrawn(user, nomination) -> bool:
    return nomination is not None and nomination.can_be_withdrawn()


@rules.predicate
def is_its_judge(user, assignment) -> bool:
    """The judge a nomination was given to, while they have not stepped aside from it (a conflicted
    judge never sees it again)."""
    from awards.models import AssignmentStatus

    return (
        assignment is not None
        and user.is_authenticated
        and assignment.judge_id == user.pk
        and assignment.status == AssignmentStatus.ACTIVE
    )


# A nomination is its nominator's (to anyone else it does not exist), withdrawn only while its round is
# open; an assignment is its judge's to score.
rules.add_perm("awards.write_nomination", is_nominator)
rules.add_perm("awards.withdraw_nomination", is_nominator & can_be_withdrawn)
rules.add_perm("awards.judge_nomination", is_its_judge)
# The central team reads the leaderboard and records decisions, signed in with two factors.
rules.add_perm("awards.run_round", is_central_team_with_two_factors)
