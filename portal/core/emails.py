"""Plain-text emails from templates in templates/emails/, sent by the task queue.

A request never talks to the mail server: it renders the email and puts it on the queue (django-tasks,
database backend) in the same transaction as the change the email reports, so the email goes only if
that change commits, and a mail server that is down cannot fail the request. The worker
(`manage.py db_worker`) sends it, trying again later when the server refuses it, and records each
failure for the central team (portal.core.models.EmailFailure).
"""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http.request import validate_host
from django.template import engines
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django_tasks import default_task_backend, task

# How long to wait before each further attempt: about a day and a half in all, then it is given up.
RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=3), timedelta(hours=12), timedelta(hours=24)]  # fmt: skip


def send_templated_email(
    *, template: str, to: list[str], context: dict, attachments: list[tuple[str, str, str]] = ()
) -> None:
    """Queue templates/emails/<template>.txt for `to`; its first line is the subject, rendered on its own
    as plain text, so that what the data holds (a line break in a name) stays in the subject and out
    of the body. `attachments` are (file name, text, content type), such as a calendar event."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    source = get_template(f"emails/{template}.txt").template.source
    subject, _, body = source.strip().partition("\n")
    django_engine = engines["django"]
    subject = django_engine.from_string(f"{{% autoescape off %}}{subject}{{% endautoescape %}}").render(
        context
    )
    queue_email(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=django_engine.from_string(body).render(context).strip() + "\n",
        to=to,
        attachments=attachments,
    )


def queue_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str = "",
    attachments: list[tuple[str, str, str]] = (),
) -> None:
    """Queue an email with a plain-text part and an HTML part (made from the text in the portal's simple
    layout, unless one is given), and any text attachments (file name, text, content type). The subject
    is made one line whatever it holds: a line break in a header would stop the email."""
    subject = " ".join(subject.split())
    recipients = [address for address in to if address]
    if recipients and not html:
        html = render_to_string(
            "emails/layout.html",
            {"subject": subject, "body": text_as_html(body), "SITE_NAME": settings.SITE_NAME},
        )
    if recipients:
        deliver_email.enqueue(
            email_id=str(uuid.uuid4()),
            subject=subject,
            body=body,
            to=recipients,
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            html=html,
            attachments=[list(attachment) for attachment in attachments],
        )


WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")


def _portal_address(url: str) -> bool:
    """Whether `url` is on one of the portal's own host names (SITE_URL's, or ALLOWED_HOSTS' but a
    bare "*", which names no host of ours)."""
    own = [urlsplit(settings.SITE_URL).hostname or "", *(h for h in settings.ALLOWED_HOSTS if h != "*")]
    return validate_host(urlsplit(url).hostname or "", own)


def text_as_html(text: str) -> SafeString:
    """An email's text as HTML paragraphs, escaped, in which only the portal's own addresses are links:
    what people typed (a name, a comment), web addresses included, stays text."""
    pieces, start = [], 0
    for match in WEB_ADDRESS.finditer(text):
        url = match.group().rstrip(".,;:!?)")
        if not _portal_address(url):
            continue
        pieces.append(escape(text[start : match.start()]))
        pieces.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        start = match.start() + len(url)
    pieces.append(escape(text[start:]))
    return mark_safe(linebreaks("".join(pieces)))  # noqa: S308 - every piece above is escaped


@task()
def deliver_email(
    *,
    email_id: str,
    subject: str,
    body: str,
    to: list[str],
    from_email: str,
    html: str = "",
    attachments: list[list[str]] = (),
    attempt: int = 1,
) -> None:
    from portal.core.models import EmailFailure

    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except Exception as exc:
        now = timezone.now()
        retry = attempt <= len(RETRY_AFTER) and default_task_backend.supports_defer
        next_attempt_at = now + RETRY_AFTER[attempt - 1] if retry else None
        EmailFailure.objects.update_or_create(
            email_id=email_id,
            defaults={
                "subject": subject[:300],
                "recipients": ", ".join(to),
                "attempts": attempt,
                "error": f"{type(exc).__name__}: {exc}"[:2000],
                "last_failed_at": now,
                "next_attempt_at": next_attempt_at,
            },
        )
        if retry:
            deliver_email.using(run_after=next_attempt_at).enqueue(
                email_id=email_id,
                subject=subject,
                body=body,
                to=to,
                from_email=from_email,
                html=html,
                attachments=attachments,
                attempt=attempt + 1,
            )
        raise
    if attempt > 1:
        EmailFailure.objects.filter(email_id=email_id).update(
            delivered_at=timezone.now(), next_attempt_at=None
        )
