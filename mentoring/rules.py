"""Who may do what in the mentor scheme, as named predicates (django-rules): the lookups in selectors.py
ask these, answering 404 to anyone they refuse."""

import rules

from portal.rules import is_central_team_with_two_factors, is_signed_in


@rules.predicate
def is_requester(user, request) -> bool:
    """The person who asked for a mentor."""
    return request is not None and user.is_authenticated and request.requester_id == user.pk


@rules.predicate
def is_mentor_asked(user, offer) -> bool:
    """The mentor a request was sent to (an offer still queued, or withdrawn before its turn, was never
    sent: nobody has been asked)."""
    return (
        offer is not None
        and user.is_authenticated
        and offer.sent_at is not None
        and offer.mentor.user_id == user.pk
    )


@rules.predicate
def is_member(user, mentorship) -> bool:
    """The mentor or the mentee of a mentorship."""
    return (
        mentorship is not None
        and user.is_authenticated
        and user.pk in {mentorship.mentor.user_id, mentorship.mentee_id}
    )


# Anyone signed in may offer to mentor; their offer is theirs alone to change (looked up by the signed-in
# user, never by an id in the address), and the central team reviews it in the admin.
rules.add_perm("mentoring.offer_to_mentor", is_signed_in)
# A request is its requester's; an offer sent to a mentor is that mentor's to answer; a mentorship is
# its two members'. To anyone else none of them exists (404).
rules.add_perm("mentoring.follow_request", is_requester)
rules.add_perm("mentoring.answer_offer", is_mentor_asked)
rules.add_perm("mentoring.take_part", is_member)

# The central team runs batch matching and reads the programme report, once signed in with two factors
# (as for the admin).
rules.add_perm("mentoring.manage_scheme", is_central_team_with_two_factors)
