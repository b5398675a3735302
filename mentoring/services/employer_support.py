"""Support from the employing organisation: either side of a mentorship asks their line manager to
confirm time for it, and the manager answers through a signed link, without an account."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import EmployerSupport, Mentorship, SupportStatus
from mentoring.selectors import is_member_email
from mentoring.services.mentorships import _check_active, _member_role
from portal.core.emails import send_templated_email
from portal.moderation.models import AlreadyDone, WorkflowError

SUPPORT_SALT = "mentoring.employer-support"
MANAGER_IS_A_MEMBER = (
    "Enter your line manager's email address: it cannot be yours or the other person's in the mentorship"
)


def support_token(support: EmployerSupport) -> str:
    """The signed link's token: the request's row and when it was sent, since the row is used again
    when the request is sent again (to another manager, or after an answer)."""
    return signing.dumps({"id": support.pk, "asked": support.asked_at.isoformat()}, salt=SUPPORT_SALT)


def support_for_token(token: str) -> EmployerSupport | None:
    """The request a signed link answers, or None for a link that is not ours, older than 60 days, or
    sent for a request that has been sent again since (only the latest email's link answers)."""
    try:
        data = signing.loads(token, salt=SUPPORT_SALT, max_age=timedelta(days=60))
    except signing.BadSignature:
        return None
    support = (
        EmployerSupport.objects.select_related("mentorship__mentor__user", "mentorship__mentee", "person")
        .filter(pk=data.get("id"))
        .first()
    )
    if support is None or support.asked_at.isoformat() != data.get("asked"):
        return None
    return support


@transaction.atomic
def employer_support_ask(
    *, mentorship: Mentorship, user, manager_name: str, manager_email: str
) -> EmployerSupport:
    """Ask a line manager to confirm time for the mentorship, by email with a signed link (no account).
    Asking again (another manager, or the same one later) makes the earlier email's link stop working.
    Neither person in the mentorship can be named, or they could confirm their own time."""
    _member_role(mentorship, user)
    _check_active(mentorship)
    if is_member_email(mentorship=mentorship, email=manager_email):
        raise WorkflowError(MANAGER_IS_A_MEMBER)
    support, _created = EmployerSupport.objects.update_or_create(
        mentorship=mentorship,
        person=user,
        defaults={
            "manager_name": manager_name.strip(), "manager_email": manager_email.strip(),
            "status": SupportStatus.ASKED, "asked_at": timezone.now(), "answered_at": None, "comment": "",
        },
    )  # fmt: skip
    send_templated_email(
        template="employer_support_asked",
        to=[support.manager_email],
        context={
            "support": support,
            "person": user,
            "role": _member_role(mentorship, user),
            "answer_url": f"{settings.SITE_URL}{reverse('mentoring:employer_support', args=[support_token(support)])}",
        },
    )
    return support


@transaction.atomic
def employer_support_answer(
    *, support: EmployerSupport, confirmed: bool, comment: str = ""
) -> EmployerSupport:
    """The manager's answer through the link to `support` as it was sent; refused if the request has
    been sent again since (the link was read before the row was locked), or the mentorship has ended."""
    sent_at = support.asked_at
    support = EmployerSupport.objects.select_for_update().select_related("person").get(pk=support.pk)
    if support.asked_at != sent_at:
        raise WorkflowError("This link has been replaced by a newer one.")
    if support.status != SupportStatus.ASKED:
        raise AlreadyDone("You have already answered. Thank you.")
    _check_active(Mentorship.objects.get(pk=support.mentorship_id))
    support.status = SupportStatus.CONFIRMED if confirmed else SupportStatus.DECLINED
    support.answered_at, support.comment = timezone.now(), comment.strip()
    support.save(update_fields=["status", "answered_at", "comment"])
    send_templated_email(
        template="employer_support_answered", to=[support.person.email], context={"support": support}
    )
    return support
