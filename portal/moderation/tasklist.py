"""The GOV.UK task list every multi-part submission uses: sections saved one at a time as a draft, each
with what it needs before the whole can be submitted."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

COMPLETED, IN_PROGRESS, NOT_STARTED = "Completed", "In progress", "Not yet started"


def _filled(value) -> bool:
    return value not in (None, "", [])


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form_class: type[forms.ModelForm]
    needed: tuple[str, ...]  # fields that must be filled before the whole can be submitted
    not_stored: tuple[str, ...] = ()  # form fields kept elsewhere than on the object (many-to-many)

    def is_complete(self, obj) -> bool:
        return all(_filled(getattr(obj, name)) for name in self.needed)

    def is_started(self, obj) -> bool:
        fields = [f for f in self.form_class._meta.fields if f not in self.not_stored]
        return any(_filled(getattr(obj, name)) for name in fields)

    def status(self, obj) -> str:
        if self.is_complete(obj):
            return COMPLETED
        return IN_PROGRESS if self.is_started(obj) else NOT_STARTED


def section_statuses(sections: list[Section], obj) -> list[dict]:
    """Each section with its status, for the task-list page."""
    return [{"section": section, "status": section.status(obj)} for section in sections]


def missing_sections(sections: list[Section], obj) -> list[Section]:
    """The sections still lacking what submission needs."""
    return [section for section in sections if not section.is_complete(obj)]
