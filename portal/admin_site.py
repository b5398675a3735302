import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from portal.rules import has_two_factor, is_central_team


def admin_permission(request) -> bool:
    """The admin site's own check: the central team, with two-factor sign-in set up."""
    return rules.has_perm("portal.use_admin", request.user)


def staff_login(request, extra_context=None):
    """Admin sign-in goes through the portal's own sign-in (with its rate limits); a signed-in user who is
    not in the central team is refused rather than shown a second sign-in form."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
    if is_central_team.test(request.user) and not has_two_factor.test(request.user):
        messages.warning(
            request,
            "Set up two-factor authentication before you use the admin: the central team can change "
            "everything on the portal, so signing in takes your password and a code.",
        )
        return redirect("mfa_index")
    if not rules.has_perm("portal.use_admin", request.user):
        raise PermissionDenied("Only the central team can use the admin site.")
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("admin:index")
