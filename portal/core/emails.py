"""Plain-text emails from templates in templates/emails/."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_templated_email(*, template: str, to: list[str], context: dict) -> None:
    """Send templates/emails/<template>.txt; its first line is the subject."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    subject, _, body = render_to_string(f"emails/{template}.txt", context).strip().partition("\n")
    send_mail(f"[{settings.SITE_NAME}] {subject.strip()}", body.strip() + "\n", None, to)
