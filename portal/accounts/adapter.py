"""The portal's allauth adapter."""

import time
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from portal.accounts.devices import known_device
from portal.core.emails import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (verification, password reset, notices) go through the task queue like the
        portal's own, so a mail server that is down cannot fail sign-up or a password reset. They are
        rendered exactly as allauth renders them."""
        request = self.request
        # Every link in an email starts with the portal's configured address, as the portal's own
        # emails do, never with the host a request happened to name.
        context = {key: on_site(value) if key.endswith("_url") else value for key, value in context.items()}
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "SITE_NAME": settings.SITE_NAME,
            "SITE_URL": settings.SITE_URL,
            "CENTRAL_TEAM_EMAIL": settings.CENTRAL_TEAM_EMAIL,
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        body = message.body
        if message.content_subtype == "html":
            html, body = body, strip_tags(body)
        queue_email(
            subject=message.subject, body=body, to=message.to, from_email=message.from_email, html=html
        )

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Changing how someone signs in asks for their password again, unless they signed in with it in
        the last few minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT): setting up two-factor authentication
        straight after signing in does not ask twice."""
        if self.request is not None and signed_in_recently(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _shared_login_attempts_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed sign-ins count per account, except from a browser that has signed in to that account
        before: those count per browser (see devices.py), so no one else can lock its owner out."""
        key = self._shared_login_attempts_key(request, **credentials)
        device = known_device(request, credentials.get("email", ""))
        return f"{key}:device:{device}" if device else key

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        """After a password reset by emailed link the account's failures are forgotten for unknown
        browsers too, whichever browser the reset was made in."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request,
            app="allauth.account",
            action="login_failed",
            key=self._shared_login_attempts_key(request, **credentials),
        )


def on_site(url):
    """An absolute web address moved onto SITE_URL (its path, query and fragment kept)."""
    if not isinstance(url, str):
        return url
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return url
    return (
        settings.SITE_URL
        + parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def signed_in_recently(request) -> bool:
    """Whether the person signed in to this session with their password (or password and code) within
    the reauthentication timeout: allauth records each way they authenticated in the session."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None:
        return False
    if session.get("account_authentication_methods_user") != str(user.pk):
        return False
    times = [
        record.get("at", 0)
        for record in session.get("account_authentication_methods", [])
        if record.get("method") in {"password", "mfa"}
    ]
    return bool(times) and time.time() - max(times) < account_settings.REAUTHENTICATION_TIMEOUT
