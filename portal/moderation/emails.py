"""Emails about a moderated contribution go out only once the change they report is committed: a
rolled-back submission never tells anyone it was received."""

from django.db import transaction

from portal.core.emails import send_templated_email


def email_on_commit(*, template: str, to: list[str], context: dict) -> None:
    """Send templates/emails/<template>.txt to `to` after the current transaction commits (at once
    outside one)."""
    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(lambda: send_templated_email(template=template, to=recipients, context=context))
