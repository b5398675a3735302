"""The GOV.UK task list every multi-part submission uses: sections saved one at a time as a draft, each
with what it needs before the whole can be submitted."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.text import capfirst

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
        return not self.missing(obj)

    def missing(self, obj) -> list[str]:
        """The fields of this section still needed before the whole can be submitted."""
        return [name for name in self.needed if not _filled(getattr(obj, name))]

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
        return any(_filled(getattr(obj, name)) for name in fields)

    def status(self, obj) -> str:
        if self.is_complete(obj):
            return COMPLETED
        return IN_PROGRESS if self.is_started(obj) else NOT_STARTED


def section_statuses(sections: list[Section], obj) -> list[dict]:
    """Each section with its status and the questions it needs answered, for the task-list page."""
    return [
        {
            "section": section,
            "status": section.status(obj),
            "needed": [
                str(section.form_class._meta.model._meta.get_field(name).verbose_name)
                for name in section.needed
            ],
        }
        for section in sections
    ]


def missing_answers(sections: list[Section], obj) -> list[dict]:
    """Every answer still needed before submitting, in order: its section, field and question."""
    return [
        {"section": section, "field": name, "label": section.label(name)}
        for section in sections
        for name in section.missing(obj)
    ]


def missing_sections(sections: list[Section], obj) -> list[Section]:
    """The sections still lacking what submission needs."""
    return [section for section in sections if not section.is_complete(obj)]
