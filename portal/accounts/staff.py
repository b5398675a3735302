"""The central team's sessions: no "keep me signed in", and an end 12 hours after signing in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "portal_signed_in_at"


def on_sign_in(sender, request, user, **kwargs) -> None:
    """Django's user_logged_in (every way of signing in): note when this session began."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class StaffSessionMiddleware:
    """A central-team session lasts until the browser closes, and never more than STAFF_SESSION_HOURS
    after signing in, whatever "keep me signed in" said; then they sign in again (with their code)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            limit = settings.STAFF_SESSION_HOURS * 3600
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None or time.time() - signed_in_at > limit:
                logout(request)
                messages.info(
                    request, "For the central team’s safety you have been signed out. Sign in again."
                )
                return redirect_to_login(request.get_full_path())
            if not request.session.get_expire_at_browser_close():
                request.session.set_expiry(0)
        return self.get_response(request)
