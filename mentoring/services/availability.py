"""An approved mentor pausing, resuming, or changing how many mentees they take at once."""

from __future__ import annotations

from django.db import transaction

from mentoring.models import MAX_CAPACITY, MIN_CAPACITY, Mentor
from mentoring.services.offers_to_mentor import mentor_save
from portal.moderation.models import WorkflowError


@transaction.atomic
def mentor_set_availability(*, mentor: Mentor, taking_mentees: bool, capacity: int) -> Mentor:
    """A mentor pauses or resumes taking mentees, or changes how many they take at once: applied at
    once, without review. The row is locked, so it cannot race a mentorship starting."""
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise WorkflowError(f"Choose from {MIN_CAPACITY} to {MAX_CAPACITY} mentees at once.")
    if capacity < mentor.active_mentees:
        raise WorkflowError(
            f"You mentor {mentor.active_mentees} people now: the number at once cannot be fewer than that."
        )
    mentor.taking_mentees, mentor.capacity = taking_mentees, capacity
    return mentor_save(mentor=mentor)
