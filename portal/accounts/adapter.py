"""The portal's allauth adapter."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit

from portal.accounts.devices import known_device


class AccountAdapter(DefaultAccountAdapter):
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
