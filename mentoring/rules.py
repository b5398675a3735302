"""Who may do what in the mentor scheme."""

import rules

from portal.rules import is_central_team_with_two_factors, is_signed_in

# Anyone signed in may offer to mentor; their offer is theirs alone to change (looked up by the signed-in
# user, never by an id in the address), and the central team reviews it in the admin.
rules.add_perm("mentoring.offer_to_mentor", is_signed_in)

# The central team runs batch matching and reads the programme report, once signed in with two factors
# (as for the admin).
rules.add_perm("mentoring.manage_scheme", is_central_team_with_two_factors)
