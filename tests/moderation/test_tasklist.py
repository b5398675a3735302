"""The task list every multi-part submission shares: statuses in one place, optional sections left out
of what is to complete, and what is missing gathered across the sections in order."""

from dataclasses import dataclass

from portal.moderation.tasklist import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    OPTIONAL,
    Missing,
    missing,
    progress,
    started_status,
    tasks,
)


@dataclass
class Part:
    slug: str
    title: str
    field: str
    optional: bool = False

    def missing(self, obj):
        return [] if obj.get(self.field) or self.optional else [Missing(self.slug, f"Give the {self.field}")]

    def status(self, obj):
        return started_status(
            complete=not self.missing(obj), started=bool(obj.get(self.field)), optional=self.optional
        )


SECTIONS = [
    Part("who", "Who", "name"),
    Part("what", "What", "idea"),
    Part("links", "Links", "url", optional=True),
]


def test_statuses_follow_what_is_filled_and_optional_sections_do_not_count():
    empty = {}
    assert [t.status for t in tasks(SECTIONS, empty)] == [NOT_STARTED, NOT_STARTED, OPTIONAL]
    assert progress(SECTIONS, empty) == (0, 2)
    assert [m.message for m in missing(SECTIONS, empty)] == ["Give the name", "Give the idea"]
    full = {"name": "Ann", "idea": "A hub", "url": "https://example.org"}
    assert [t.status for t in tasks(SECTIONS, full)] == [COMPLETED, COMPLETED, COMPLETED]
    assert progress(SECTIONS, full) == (2, 2) and missing(SECTIONS, full) == []


def test_a_started_section_that_is_not_finished_is_in_progress():
    assert started_status(complete=False, started=True) == IN_PROGRESS
    assert IN_PROGRESS.tag and NOT_STARTED.tag and not COMPLETED.tag and not OPTIONAL.tag
