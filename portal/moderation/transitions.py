"""The one way a moderated contribution changes status (an innovation, an adoption story, an offer to
mentor, and whatever is moderated next):

1. its row is locked, so of two requests at once the second sees what the first did;
2. a repeat is refused with `AlreadyDone` (a form sent twice shows its result, not an error);
3. the move is checked against the one table of allowed moves (`TRANSITIONS`);
4. a move that needs a message (sending back: the submitter is told what to change) refuses none;
5. the contribution's own rule is checked (what a submission still lacks);
6. the status and the review message are set, and the contribution saved by the app's own save (which
   stamps dates, records history and reindexes search);
7. the app's emails are queued, in the same transaction, so they go only if the change commits.

    transition(Mentor.objects.select_related("user"), mentor.pk, SEND_BACK.but(...), message=message,
               save=lambda m: mentor_save(mentor=m), notify=lambda m: send_templated_email(...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import models, transaction

from portal.moderation.models import AlreadyDone, Status, WorkflowError, check_transition

# The moves whose submitter must be told why: sending back is refused without a message.
NEEDS_MESSAGE = {Status.CHANGES_REQUESTED}


@dataclass(frozen=True)
class Move:
    """A move to `to`, with what to say when it has been made already (`done`), when the workflow does
    not allow it from where the contribution is (`refused`), and when a message it needs is missing."""

    to: str
    done: str
    refused: str = ""
    needs_message: str = "Say what needs to change."

    def but(self, **words) -> Move:
        """The same move, said in a contribution's own words."""
        return replace(self, **words)


SUBMIT = Move(Status.SUBMITTED, done="This has already been sent to the central team.")
PUBLISH = Move(Status.PUBLISHED, done="This has already been published.")
SEND_BACK = Move(Status.CHANGES_REQUESTED, done="This has already been sent back.")
ARCHIVE = Move(Status.ARCHIVED, done="This has already been archived.")


@transaction.atomic
def transition(
    queryset: models.QuerySet,
    pk,
    move: Move,
    *,
    save: Callable,
    message: str = "",
    check: Callable | None = None,
    notify: Callable | None = None,
):
    """Move the contribution `pk` of `queryset` as `move` says (see the module's docstring for the
    steps); `check(obj)` raises WorkflowError for the contribution's own rule, `save(obj)` saves it and
    returns it, `notify(obj)` queues its emails. Returns the contribution as saved."""
    obj = queryset.select_for_update(of=("self",)).get(pk=pk)
    if obj.status == move.to:
        raise AlreadyDone(move.done)
    check_transition(obj.status, move.to, message=move.refused)
    if move.to in NEEDS_MESSAGE and not message.strip():
        raise WorkflowError(move.needs_message)
    if check is not None:
        check(obj)
    obj.status = move.to
    if hasattr(obj, "review_message"):
        obj.review_message = message.strip() if move.to in NEEDS_MESSAGE else ""
    obj = save(obj) or obj
    if notify is not None:
        notify(obj)
    return obj
