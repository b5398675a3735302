"""The moderation workflow every contribution follows: drafted, submitted to the central team, sent back
for changes or published, and perhaps archived later."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


# Where a contribution can go from each status. The central team may publish without a submission (an
# import, an entry they wrote) and may archive anything.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.PUBLISHED, Status.ARCHIVED},
    Status.SUBMITTED: {Status.PUBLISHED, Status.CHANGES_REQUESTED, Status.ARCHIVED},
    Status.CHANGES_REQUESTED: {Status.SUBMITTED, Status.PUBLISHED, Status.ARCHIVED},
    Status.PUBLISHED: {Status.PUBLISHED, Status.ARCHIVED},
    Status.ARCHIVED: {Status.PUBLISHED, Status.ARCHIVED},
}
# The statuses in which the person who wrote a contribution may still change it.
EDITABLE_BY_SUBMITTER = {Status.DRAFT, Status.CHANGES_REQUESTED}


class WorkflowError(Exception):
    """A status change that the workflow does not allow, with a message for the user."""


class AlreadyDone(WorkflowError):  # noqa: N818 - reads as what happened
    """The change asked for has already been made (a form sent twice): show its result, not an error."""


def check_transition(current: str, target: str, *, message: str = "") -> None:
    """Refuse a move the workflow does not allow, with `message` (or a plain one) for the user."""
    if target not in TRANSITIONS.get(current, set()):
        raise WorkflowError(
            message
            or f"Something {Status(current).label.lower()} cannot become {Status(target).label.lower()}."
        )


class ModeratedQuerySet(models.QuerySet):
    def published(self):
        """What the public may see."""
        return self.filter(status=Status.PUBLISHED)

    def awaiting_review(self):
        """What the central team has still to review."""
        return self.filter(status=Status.SUBMITTED)


class ModeratedModel(models.Model):
    """A contribution that the central team reviews before the public sees it."""

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="%(class)s_status_valid"
            ),
        ]
