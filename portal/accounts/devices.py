"""Device cookies (OWASP's answer to account lock-out): a browser that has signed in to an account
before carries a signed cookie saying so. Failed sign-ins from it count against that browser alone, so
a stranger's guesses, which lock the account for unknown browsers, never lock out its owner's own."""

import secrets

from django.conf import settings
from django.core import signing

COOKIE = "portal_device"
SALT = "portal.accounts.devices"
MAX_AGE = 365 * 24 * 60 * 60  # seconds


def known_device(request, login: str) -> str | None:
    """The id of this browser if it has signed in to the account `login` before, else None."""
    value = request.COOKIES.get(COOKIE)
    if not value or not login:
        return None
    try:
        payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("login") != login.strip().lower():
        return None
    return payload.get("device")


def remember_device(response, login: str) -> None:
    value = signing.dumps({"login": login.strip().lower(), "device": secrets.token_urlsafe(12)}, salt=SALT)
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def on_sign_in(sender, request, response, user, **kwargs) -> None:
    """allauth's user_logged_in: the browser that signed in is now a known device for the account."""
    if response is not None and user.email:
        remember_device(response, user.email)
