"""The project's one form renderer: every Django form renders as GOV.UK Frontend components.

A form rendered with `{{ form }}` lays out each field as a GOV.UK form group: label (or legend for a
group of checkboxes or radios), hint, error message, then the control with the GOV.UK classes and the
error modifier. `templates/includes/error_summary.html` links each error to its field's first control.
"""

import contextlib

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import RegexValidator
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.text import capfirst

from portal.core.text import LINE_BREAKS, has_visible_text

# Widget types (BoundField.widget_type) grouped by the GOV.UK component that renders them.
_CHOICE_GROUP_TYPES = {"checkboxselectmultiple", "radioselect"}


class GovUKBoundField(BoundField):
    """Adds GOV.UK classes and ARIA links to the widget, and tells the template what to draw."""

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def govuk_component(self) -> str:
        widget_type = self.widget_type
        if widget_type in _CHOICE_GROUP_TYPES:
            return "checkboxes" if widget_type == "checkboxselectmultiple" else "radios"
        if widget_type == "checkbox":
            return "checkbox"
        if widget_type == "textarea":
            return "textarea"
        if widget_type in {"select", "selectmultiple"}:
            return "select"
        if widget_type in {"clearablefile", "file"}:
            return "file"
        return "input"

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first box of a group, or the control itself."""
        if self.govuk_component in {"checkboxes", "radios"}:
            return f"{self.auto_id}_0"
        return self.auto_id

    @property
    def choice_items(self) -> list[tuple]:
        """Each box of a group with its own hint, from the field's optional `choice_hints` by value."""
        hints = getattr(self.field, "choice_hints", {})
        return [(option, hints.get(str(option.data["value"]), "")) for option in self.subwidgets]

    @property
    def described_by(self) -> str:
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        if self.counter:
            ids.append(f"{self.auto_id}-info")
        return " ".join(ids)

    @property
    def counter(self) -> tuple[str, int] | None:
        """What GOV.UK's character count keeps under a text area, as (unit, limit): words where the field
        has a word limit (`max_words`), characters where it has only a length limit, and nothing where
        its words count towards a limit shared with other fields (`counted_together`)."""
        if self.govuk_component != "textarea" or getattr(self.field, "counted_together", False):
            return None
        if words := getattr(self.field, "max_words", None):
            return ("words", words)
        return ("characters", self.max_length) if self.max_length else None

    @property
    def is_page_heading(self) -> bool:
        """A question page with one question: its legend is the page's heading (field.page_heading)."""
        return getattr(self.field, "page_heading", False)

    @property
    def is_optional(self) -> bool:
        """Shown as "(optional)": a field neither required now nor needed later (a draft's section may be
        saved half done, but a field marked `needed_to_submit` is not optional)."""
        needed_later = getattr(self.field, "needed_to_submit", False)
        return not self.field.required and not needed_later and self.govuk_component != "checkbox"

    @property
    def max_length(self):
        return getattr(self.field, "max_length", None)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        component = self.govuk_component
        base_class = {
            "input": "govuk-input",
            "textarea": "govuk-textarea",
            "select": "govuk-select",
            "file": "govuk-file-upload",
            "checkbox": "govuk-checkboxes__input",
        }.get(component)
        if base_class:
            classes = [base_class, widget.attrs.get("class", "")]
            if self.errors and component != "checkbox":
                classes.append(f"{base_class}--error")
            attrs["class"] = " ".join(c for c in classes if c)
        if self.counter:
            attrs["class"] += " govuk-js-character-count"
        # GOV.UK forms use server-side validation only; browser validation bubbles are inconsistent.
        attrs.pop("required", None)
        # Placeholders vanish as you type and fail contrast; GOV.UK uses labels and hints instead.
        if widget.attrs.get("placeholder"):
            attrs["placeholder"] = False
        if self.described_by and component not in {"checkboxes", "radios"}:
            attrs["aria-describedby"] = self.described_by
        else:
            attrs.pop("aria-describedby", None)
        if self.widget_type in {"email", "password", "url"} and "spellcheck" not in attrs:
            attrs["spellcheck"] = "false"
        return attrs


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovUKBoundField


def _what_it_holds(form, name: str, field) -> str:
    """What a field holds, to name it in a message: the model field's name when there is one (a label
    may be a question), or the label."""
    subject = field.label or name.replace("_", " ")
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None:
        with contextlib.suppress(FieldDoesNotExist):
            subject = model._meta.get_field(name).verbose_name
    return capfirst(subject)


class LengthMessagesMixin:
    """Gives every field with a length limit and no message of its own the GOV.UK message, naming what
    the field holds (the model field's name when the label is a question): "The problem must be 10,000
    characters or fewer"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            limit = getattr(field, "max_length", None)
            if not limit or "max_length" in field.error_messages:
                continue
            field.error_messages["max_length"] = (
                f"{_what_it_holds(self, name, field)} must be {limit:,} characters or fewer"
            )


def _visible_validator(message: str):
    def validate(value):
        if value and not has_visible_text(value):
            raise forms.ValidationError(message, code="not_visible")

    return validate


class OneLineFieldsMixin:
    """Every one-line text box of the form refuses a line break, with the GOV.UK message "Full name must
    be on one line". A browser cannot type one there, but a post can hold one, and a name or a title
    goes into email headers and CSV rows, where a line break breaks them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and getattr(field.widget, "input_type", "") == "text":
                what = _what_it_holds(self, name, field)
                field.validators.append(
                    RegexValidator(
                        LINE_BREAKS,
                        message=f"{what} must be on one line",
                        code="line_break",
                        inverse_match=True,
                    )
                )
                field.validators.append(_visible_validator(f"{what} must include letters or numbers"))
