"""Asking for a mentor: recording a request, choosing mentors, the offers to them (accepting, declining,
expiry) and withdrawing a request.

Row locks are taken in one order everywhere, so that two writes at once queue rather than each wait for
a row the other holds (a deadlock): first the mentor's row, then the request's rows (by id), then each
request's offers (by id, after their request), then the mentorship. A write takes only the locks it
needs, but never one earlier in the order after a later one: accepting, declining (`_offer_locked`),
ending a mentorship (`mentorships.py`) and a mentor's own changes lock the mentor first; withdrawing,
expiring, choosing (`_request_locked`) and a batch of offers (`batch_offers.py`, its requests by id)
start at the request. Locks are on the row itself (`of=("self",)`), never on rows joined to read, and
`no_key` so that adding an offer or a mentorship that points at a locked row does not wait for it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from innovations.models import PolicyArea
from mentoring.matching import suggest_mentors
from mentoring.models import (
    MAX_CHOICES,
    Mentor,
    MentorOffer,
    MentorRequest,
    Mentorship,
    OfferStatus,
    RequestStatus,
)
from mentoring.services.directory import mentor_refresh
from portal.core.emails import send_templated_email
from portal.moderation.models import AlreadyDone, WorkflowError


@transaction.atomic
def mentor_request_create(*, requester, policy_areas: Iterable[PolicyArea] = (), **fields) -> MentorRequest:
    """Record someone's request for a mentor; they then choose from the mentors suggested for it."""
    request = MentorRequest(requester=requester, **fields)
    request.full_clean(exclude=["requester", "policy_areas", "innovation"])
    request.save()
    request.policy_areas.set(policy_areas)
    return request


@transaction.atomic
def mentor_request_choose(*, request: MentorRequest, mentor_ids: list[int]) -> MentorRequest:
    """The requester's choice of up to three of the mentors suggested now (or asked for by name, when
    the hard rules allow them), in order. The first is asked at once; the next only if one before
    declines or does not answer in time."""
    _request_locked(request.pk)
    request = MentorRequest.objects.select_related("requester__organisation").get(pk=request.pk)
    if request.status not in {RequestStatus.CHOOSING, RequestStatus.NO_MATCH}:
        raise AlreadyDone("You have already chosen mentors for this request.")
    if not 1 <= len(mentor_ids) <= MAX_CHOICES or len(set(mentor_ids)) != len(mentor_ids):
        raise WorkflowError(f"Choose from 1 to {MAX_CHOICES} different mentors.")
    suggested = {s.mentor.pk: s for s in suggest_mentors(request, including=mentor_ids)}
    if any(mentor_id not in suggested for mentor_id in mentor_ids):
        raise WorkflowError(
            "One of the mentors you chose is no longer available: choose again from the list."
        )
    start = request.offers.count()
    for place, mentor_id in enumerate(mentor_ids, start=1):
        suggestion = suggested[mentor_id]
        MentorOffer.objects.create(
            request=request, mentor=suggestion.mentor, rank=start + place, score=suggestion.score,
            reasons=suggestion.reasons,
        )  # fmt: skip
    _offer_next(request)
    return request


def _offer_next(request: MentorRequest, *, after: MentorOffer | None = None) -> MentorOffer | None:
    """Ask the requester's next chosen mentor and tell the requester who (and, `after` a decline or an
    expiry, that the one before could not); with none left, tell them no mentor accepted."""
    offer = (
        request.offers.filter(status=OfferStatus.QUEUED)
        .select_related("mentor__user")
        .order_by("rank")
        .first()
    )
    if offer is None:
        request.status = RequestStatus.NO_MATCH
        request.save(update_fields=["status", "updated_at"])
        send_templated_email(
            template="mentor_request_no_match", to=[request.requester.email], context={"request": request}
        )
        return None
    now = timezone.now()
    offer.status, offer.sent_at = OfferStatus.PENDING, now
    offer.due_at = now + timedelta(days=settings.MENTOR_OFFER_DAYS)
    offer.save(update_fields=["status", "sent_at", "due_at"])
    request.status = RequestStatus.WAITING
    request.save(update_fields=["status", "updated_at"])
    context = {"offer": offer, "request": request, "previous": after}
    send_templated_email(template="mentor_offer_sent", to=[offer.mentor.user.email], context=context)
    send_templated_email(template="mentor_request_asked", to=[request.requester.email], context=context)
    return offer


def _request_locked(request_id: int, *, skip_locked: bool = False) -> MentorRequest | None:
    """The request, read after locking its row and then its offers' rows (the module's order); None if
    there is no such request, or, with `skip_locked`, if another write holds it."""
    request = (
        MentorRequest.objects.select_for_update(of=("self",), no_key=True, skip_locked=skip_locked)
        .select_related("requester")
        .filter(pk=request_id)
        .first()
    )
    if request is not None:
        list(
            MentorOffer.objects.select_for_update(no_key=True)
            .filter(request_id=request_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return request


def _offer_locked(offer: MentorOffer) -> MentorOffer:
    """The offer, read after locking its mentor's row, its request's and the request's offers (the
    module's order). Every path that changes a mentor's load locks the mentor first, so two accepts for
    one mentor queue rather than both seeing room."""
    Mentor.objects.select_for_update(no_key=True).filter(pk=offer.mentor_id).values_list("pk").first()
    _request_locked(offer.request_id)
    return MentorOffer.objects.select_related("request__requester", "mentor__user").get(pk=offer.pk)


@transaction.atomic
def mentor_offer_accept(*, offer: MentorOffer) -> Mentorship:
    """The mentor accepts: the mentorship starts, the rest of the requester's choices are withdrawn, and
    both are emailed. Refused when the mentor has no room left (the database refuses it too)."""
    offer = _offer_locked(offer)
    if offer.status == OfferStatus.ACCEPTED:
        raise AlreadyDone("You have already accepted this request.")
    if offer.status != OfferStatus.PENDING:
        raise WorkflowError("This request is no longer waiting for your answer.")
    mentor = Mentor.objects.get(pk=offer.mentor_id)
    if mentor.active_mentees >= mentor.capacity:
        raise WorkflowError(
            f"You already mentor {mentor.active_mentees} of the {mentor.capacity} people you said you could "
            "support at once. Change how many you take, or decline this request."
        )
    now = timezone.now()
    offer.status, offer.answered_at = OfferStatus.ACCEPTED, now
    offer.save(update_fields=["status", "answered_at"])
    request = offer.request
    request.offers.filter(status=OfferStatus.QUEUED).update(status=OfferStatus.WITHDRAWN)
    request.status, request.matched_at = RequestStatus.MATCHED, now
    request.save(update_fields=["status", "matched_at", "updated_at"])
    mentorship = Mentorship.objects.create(
        request=request, mentor=mentor, mentee=request.requester, started_at=now
    )
    Mentor.objects.filter(pk=mentor.pk).update(active_mentees=F("active_mentees") + 1)
    mentor_refresh([mentor.pk])
    context = {"offer": offer, "request": request, "mentorship": mentorship, "mentor": mentor}
    send_templated_email(template="mentorship_started_mentee", to=[request.requester.email], context=context)
    send_templated_email(template="mentorship_started_mentor", to=[offer.mentor.user.email], context=context)
    return mentorship


@transaction.atomic
def mentor_offer_decline(*, offer: MentorOffer, reason: str) -> MentorOffer:
    """The mentor declines, saying why (the requester is not shown the reason); the next choice is asked."""
    if not reason.strip():
        raise WorkflowError("Say why you are declining: it helps the central team match people well.")
    offer = _offer_locked(offer)
    if offer.status == OfferStatus.DECLINED:
        raise AlreadyDone("You have already declined this request.")
    if offer.status != OfferStatus.PENDING:
        raise WorkflowError("This request is no longer waiting for your answer.")
    offer.status, offer.answered_at, offer.decline_reason = (
        OfferStatus.DECLINED,
        timezone.now(),
        reason.strip(),
    )
    offer.save(update_fields=["status", "answered_at", "decline_reason"])
    _offer_next(offer.request, after=offer)
    return offer


def mentor_offers_expire(*, now=None) -> int:
    """Move every offer past its answer-by date on to the requester's next choice. Safe to rerun, and to
    run beside people answering: each offer is handled in its own transaction, skipping one in use."""
    moved = 0
    overdue = MentorOffer.objects.overdue(now)
    for offer_id, request_id in list(overdue.values_list("pk", "request_id")):
        with transaction.atomic():
            request = _request_locked(request_id, skip_locked=True)
            offer = (
                overdue.select_related("mentor__user", "request__requester").filter(pk=offer_id).first()
                if request is not None
                else None
            )
            if offer is None:  # in use (the next run takes it), or answered meanwhile
                continue
            offer.status, offer.answered_at = OfferStatus.EXPIRED, now or timezone.now()
            offer.save(update_fields=["status", "answered_at"])
            send_templated_email(
                template="mentor_offer_expired", to=[offer.mentor.user.email], context={"offer": offer}
            )
            _offer_next(request, after=offer)
            moved += 1
    return moved


@transaction.atomic
def mentor_request_withdraw(*, request: MentorRequest) -> MentorRequest:
    """The requester withdraws a request not yet matched; a mentor asked is told."""
    request = _request_locked(request.pk)
    if request.status == RequestStatus.WITHDRAWN:
        raise AlreadyDone("This request has already been withdrawn.")
    if request.status == RequestStatus.MATCHED:
        raise WorkflowError("This request has a mentor: end the mentorship instead.")
    for offer in request.offers.pending().select_related("mentor__user"):
        send_templated_email(
            template="mentor_offer_withdrawn", to=[offer.mentor.user.email], context={"offer": offer}
        )
    request.offers.filter(status__in=[OfferStatus.PENDING, OfferStatus.QUEUED]).update(
        status=OfferStatus.WITHDRAWN
    )
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    return request
