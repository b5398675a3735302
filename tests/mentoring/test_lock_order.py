"""Answers to one request at the same moment, on their own database connections, never deadlock: every
path takes its row locks in the order `mentoring.services.requests` states (mentor, request, the request's
offers, mentorship). Each test makes the worst interleaving happen every time: a third connection holds
the rows the paths meet on, each path is started only once the one before is waiting for them, then
the rows are released together."""

import threading
import time

import pytest
from django.db import connection, transaction

from mentoring.models import MentorOffer, MentorRequest, Mentorship
from mentoring.services import (
    batch_offers_send,
    mentor_offer_accept,
    mentor_offer_decline,
    mentor_request_choose,
    mentor_request_create,
    mentor_request_withdraw,
)
from portal.moderation.models import AlreadyDone, WorkflowError
from tests.factories import UserFactory, make_mentor
from tests.mentoring.test_requests import ASK

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def until(condition, what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def queued_behind(rows, *calls) -> list:
    """Run `calls` in threads, each started once the ones before wait on `rows` (held meanwhile by
    another connection), then release the rows. Returns each call's result or the error it raised."""
    held, release = threading.Event(), threading.Event()
    results: list = [None] * len(calls)

    def hold():
        try:
            with transaction.atomic():
                for model, pk in rows:
                    model.objects.select_for_update().filter(pk=pk).values_list("pk").get()
                held.set()
                release.wait(30)
        finally:
            connection.close()

    def run(index, call):
        try:
            results[index] = call()
        except Exception as exc:  # the outcome under test, a refusal or a deadlock
            results[index] = exc
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    until(held.is_set, "the rows to be held")
    threads = []
    for index, call in enumerate(calls):
        threads.append(threading.Thread(target=run, args=(index, call)))
        threads[-1].start()
        until(lambda n=index + 1: waiting_for_locks() >= n, f"call {index + 1} to wait")
    release.set()
    for thread in [holder, *threads]:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a call never finished"
    return results


def request_offered_to(mentor, *, requester=None):
    mentor_request = mentor_request_create(requester=requester or UserFactory(), **ASK)
    mentor_request_choose(request=mentor_request, mentor_ids=[mentor.pk])
    return mentor_request, MentorOffer.objects.get(request=mentor_request)


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_answer_and_a_withdrawal_at_once_never_deadlock(answer):
    """The requester withdraws while the mentor answers: the withdrawal stands and the answer is
    refused with the reason, as when they come one after the other."""
    mentor = make_mentor(capacity=2)
    mentor_request, offer = request_offered_to(mentor)
    answers = {
        "accept": lambda: mentor_offer_accept(offer=offer),
        "decline": lambda: mentor_offer_decline(offer=offer, reason="No time."),
    }
    withdrawn, answered = queued_behind(
        [(MentorRequest, mentor_request.pk)],
        lambda: mentor_request_withdraw(request=mentor_request),
        answers[answer],
    )
    assert isinstance(withdrawn, MentorRequest), withdrawn
    assert isinstance(answered, WorkflowError) and "no longer waiting" in str(answered), answered
    assert MentorRequest.objects.get().status == "withdrawn" and not Mentorship.objects.exists()
    assert MentorOffer.objects.get().status == "withdrawn"


def test_two_batches_sending_the_same_requests_in_opposite_orders_never_deadlock():
    """Two of the central team send overlapping proposals at once: one sends the offers, the other
    skips them as already asked."""
    mentor = make_mentor(capacity=5)
    first = mentor_request_create(requester=UserFactory(), **ASK)
    second = mentor_request_create(requester=UserFactory(), **ASK)
    pairs = [(first.pk, mentor.pk), (second.pk, mentor.pk)]
    one, other = queued_behind(
        [(MentorRequest, first.pk), (MentorRequest, second.pk)],
        lambda: batch_offers_send(pairs=pairs),
        lambda: batch_offers_send(pairs=pairs[::-1]),
    )
    assert not isinstance(one, Exception) and not isinstance(other, Exception), (one, other)
    assert sorted([one[0], other[0]]) == [0, 2]
    assert MentorOffer.objects.filter(status="pending").count() == 2


def test_an_accept_and_the_requester_choosing_again_at_once_never_deadlock():
    """A request with no match yet is chosen for again while the last mentor asked accepts late: one
    of them wins, the other is refused or finds it done."""
    mentor, other_mentor = make_mentor(capacity=2), make_mentor(capacity=2)
    mentor_request, offer = request_offered_to(mentor)
    results = queued_behind(
        [(MentorRequest, mentor_request.pk)],
        lambda: mentor_request_choose(request=mentor_request, mentor_ids=[other_mentor.pk]),
        lambda: mentor_offer_accept(offer=offer),
    )
    assert all(
        not isinstance(result, Exception) or isinstance(result, AlreadyDone | WorkflowError)
        for result in results
    ), results
    assert Mentorship.objects.count() == 1
