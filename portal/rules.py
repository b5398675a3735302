"""Who may do what across the portal, as named predicates (django-rules). Each app keeps its own in its
`rules.py`, built from these; views, templates and the API ask `rules.has_perm(name, user, obj)`, never
`is_staff` directly. (They ask the rules, not `user.has_perm`: Django grants a superuser every permission,
and a central-team member must not read someone's saved searches because of it.)"""

import rules

is_signed_in = rules.is_authenticated
is_central_team = rules.is_active & rules.is_staff

# The central team curates the portal in the Django admin.
rules.add_perm("portal.use_admin", is_central_team)
# Anyone signed in keeps their own details.
rules.add_perm("portal.edit_own_account", is_signed_in)
