"""The portal's allauth adapter."""

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
