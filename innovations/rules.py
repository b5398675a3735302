"""Who may do what with innovations, adoption stories, saved searches and the shortlist."""

import rules

from portal.rules import is_central_team, is_signed_in


@rules.predicate
def is_submitter(user, innovation) -> bool:
    """The person who shared this innovation."""
    return innovation is not None and user.is_authenticated and innovation.submitted_by_id == user.id


@rules.predicate
def is_owner(user, obj) -> bool:
    """The person a saved search or shortlist entry belongs to."""
    return obj is not None and user.is_authenticated and obj.user_id == user.id


# Anyone signed in may share an innovation, tell an adoption story, save searches and keep a shortlist.
rules.add_perm("innovations.share_innovation", is_signed_in)
rules.add_perm("innovations.tell_adoption", is_signed_in)
rules.add_perm("innovations.keep_saved_searches", is_signed_in)
# An innovation's working copy (its task list, sections, answers and preview) is its submitter's, and the
# central team's, who review it; to anyone else it does not exist (404).
rules.add_perm("innovations.edit_innovation", is_submitter | is_central_team)
rules.add_perm("innovations.manage_saved_search", is_owner)
