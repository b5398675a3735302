"""Sending the offers of a batch proposal (mentoring.batch) the central team kept."""

from __future__ import annotations

from django.db import transaction

from mentoring.matching import suggest_mentors
from mentoring.models import Mentor, MentorOffer, MentorRequest, RequestStatus
from mentoring.services.requests import _offer_next


@transaction.atomic
def batch_offers_send(*, pairs: list[tuple[int, int]]) -> tuple[int, list[str]]:
    """Send the offers of a batch proposal the central team kept: each request's mentor is asked, as if
    the requester had chosen them. A pair whose request is no longer open, or whose mentor has no room
    left or is already asked for it, is skipped with the reason."""
    sent, skipped = 0, []
    asked: dict[int, int] = {}
    requests = {  # locked in id order, whatever the order of the pairs (the lock order in requests.py)
        request.pk: request
        for request in MentorRequest.objects.select_for_update(of=("self",), no_key=True)
        .select_related("requester")
        .filter(pk__in=[request_id for request_id, _mentor_id in pairs])
        .order_by("pk")
    }
    for request_id, mentor_id in pairs:
        request = requests.get(request_id)
        mentor = Mentor.objects.findable().select_related("user").filter(pk=mentor_id).first()
        if request is None or request.status not in {RequestStatus.CHOOSING, RequestStatus.NO_MATCH}:
            skipped.append(f"Request {request_id} is no longer open.")
            continue
        if mentor is None or mentor.room - asked.get(mentor_id, 0) <= 0:
            skipped.append(f"The mentor for request {request_id} has no room left.")
            continue
        if request.offers.filter(mentor=mentor).exists():
            skipped.append(f"{mentor.name} has already been asked about request {request_id}.")
            continue
        suggestion = next(iter(suggest_mentors(request, only=mentor_id)), None)
        MentorOffer.objects.create(
            request=request, mentor=mentor, rank=request.offers.count() + 1,
            score=suggestion.score if suggestion else 0, reasons=suggestion.reasons if suggestion else [],
        )  # fmt: skip
        _offer_next(request)
        asked[mentor_id] = asked.get(mentor_id, 0) + 1
        sent += 1
    return sent, skipped
