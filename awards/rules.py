"""Who may do what in the awards."""

import rules

from portal.rules import is_central_team_with_two_factors

# The central team reads the leaderboard and records decisions, signed in with two factors.
rules.add_perm("awards.run_round", is_central_team_with_two_factors)
