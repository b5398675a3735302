"""The GOV.UK task list every multi-part submission uses (sharing an innovation, nominating, offering to
mentor): sections saved one at a time as a draft, each saying its status and what it still lacks before
the whole can be submitted.

A section is anything with a `slug`, a `title`, `optional` (true when the whole can be submitted
without it), `status(obj)` and `missing(obj)`: see `TaskSection`. A form-based section, whose
completeness is a list of fields to fill, is `Section`; an app with other rules writes its own class.
The words of each status ("Completed", "In progress", "Not yet started", "Optional") are written here
only, and `templates/includes/task_status.html` draws them.

    sections = nomination_sections(nomination)
    tasks(sections, nomination)      # each section with its status, for the task-list page
    missing(sections, nomination)    # what stops submitting, in order, each linking to its page
    progress(sections, nomination)   # (sections completed, sections to complete)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.utils.text import capfirst


@dataclass(frozen=True)
class TaskStatus:
    label: str
    tag: str = ""  # the GOV.UK tag's modifier; none for a finished or optional section (plain text)
    done: bool = False


COMPLETED = TaskStatus("Completed", done=True)
IN_PROGRESS = TaskStatus("In progress", tag="govuk-tag--blue")
NOT_STARTED = TaskStatus("Not yet started", tag="govuk-tag--blue")
OPTIONAL = TaskStatus("Optional", done=True)


@dataclass(frozen=True)
class Missing:
    """Something a submission still lacks: the slug of the page that asks for it, what to do in words
    ("Write the summary"), and the id of the field to go to, if there is one."""

    section: str
    message: str
    anchor: str = ""


class TaskSection(Protocol):
    slug: str
    title: str
    optional: bool

    def status(self, obj) -> TaskStatus: ...

    def missing(self, obj) -> list[Missing]: ...


@dataclass(frozen=True)
class Task:
    section: Any
    status: TaskStatus


def tasks(sections, obj) -> list[Task]:
    return [Task(section, section.status(obj)) for section in sections]


def missing(sections, obj) -> list[Missing]:
    """Everything that stops `obj` being submitted, in the sections' order."""
    return [item for section in sections for item in section.missing(obj)]


def progress(sections, obj) -> tuple[int, int]:
    """How many of the sections to complete (not optional ones) are completed, and how many there are."""
    needed = [section for section in sections if not section.optional]
    return sum(1 for section in needed if section.status(obj) == COMPLETED), len(needed)


def filled(value) -> bool:
    return value not in (None, "", [])


def started_status(*, complete: bool, started: bool, optional: bool = False) -> TaskStatus:
    """A section's status from whether it is complete and whether anything is in it yet."""
    if complete:
        return COMPLETED if started or not optional else OPTIONAL
    return IN_PROGRESS if started else NOT_STARTED


@dataclass(frozen=True)
class Section:
    """A section that is one form, complete when its `needed` fields are filled."""

    slug: str
    title: str
    form_class: type[forms.ModelForm]
    needed: tuple[str, ...]  # fields that must be filled before the whole can be submitted
    not_stored: tuple[str, ...] = ()  # form fields kept elsewhere than on the object (many-to-many)
    optional: bool = False

    def missing_fields(self, obj) -> list[str]:
        """The fields of this section still needed before the whole can be submitted."""
        return [name for name in self.needed if not filled(getattr(obj, name))]

    def missing(self, obj) -> list[Missing]:
        return [Missing(self.slug, self.label(name), self.anchor(name)) for name in self.missing_fields(obj)]

    def is_complete(self, obj) -> bool:
        return not self.missing_fields(obj)

    def anchor(self, name: str) -> str:
        """The id of the field's first control on the section's page (the first box of a group)."""
        field = self.form_class.base_fields.get(name)
        grouped = field is not None and isinstance(
            field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        )
        return f"id_{name}_0" if grouped else f"id_{name}"

    def label(self, name: str) -> str:
        """What the section's form asks for `name` (its label, else the model field's name)."""
        field = self.form_class.base_fields.get(name)
        if field is not None and field.label:
            return str(field.label)
        return capfirst(self.form_class._meta.model._meta.get_field(name).verbose_name)

    def is_started(self, obj) -> bool:
        fields = [f for f in self.form_class._meta.fields if f not in self.not_stored]
        return any(filled(getattr(obj, name)) for name in fields)

    def status(self, obj) -> TaskStatus:
        return started_status(complete=self.is_complete(obj), started=self.is_started(obj))

    def needed_labels(self) -> list[str]:
        """What the section asks that submitting needs, in words, for its hint on the task list."""
        return [str(self.form_class._meta.model._meta.get_field(name).verbose_name) for name in self.needed]


def missing_sections(sections, obj) -> list:
    """The sections still lacking what submission needs."""
    return [section for section in sections if section.missing(obj)]
