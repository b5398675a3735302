"""Who may do what across the portal, as named predicates (django-rules). Each app keeps its own in its
`rules.py`, built from these; views, templates and the API ask `rules.has_perm(name, user, obj)`, never
`is_staff` directly. (They ask the rules, not `user.has_perm`: Django grants a superuser every permission,
and a central-team member must not read someone's saved searches because of it.)"""

from functools import wraps

import rules
from django.core.exceptions import PermissionDenied

is_signed_in = rules.is_authenticated
is_central_team = rules.is_active & rules.is_staff


@rules.predicate
def has_two_factor(user) -> bool:
    """The user has an authenticator app or a security key (allauth.mfa), so signing in takes both."""
    from allauth.mfa.utils import is_mfa_enabled

    if not (user and user.is_authenticated):
        return False
    if not hasattr(user, "_has_two_factor"):  # asked several times a page: once per request's user
        user._has_two_factor = is_mfa_enabled(user)
    return user._has_two_factor


# The central team, signed in with two factors: the admin and their own pages outside it need this.
is_central_team_with_two_factors = is_central_team & has_two_factor
rules.add_perm("portal.use_admin", is_central_team_with_two_factors)
# Anyone signed in keeps their own details.
rules.add_perm("portal.edit_own_account", is_signed_in)


def rule_required(name: str):
    """A view decorator refusing (403) anyone the named rule does not allow. It asks the rules, not
    `user.has_perm`, for the reason at the top of this module (a superuser is not thereby allowed)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rules.has_perm(name, request.user):
                raise PermissionDenied("You are not allowed to use this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
