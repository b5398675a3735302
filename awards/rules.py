"""Who may do what in the awards."""

import rules

from portal.rules import has_two_factor, is_central_team

# The central team reads the leaderboard and records decisions, signed in with two factors.
rules.add_perm("awards.run_round", is_central_team & has_two_factor)
