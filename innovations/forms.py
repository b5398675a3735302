"""The "Share an innovation" forms: one per section of the task list. Each can be saved as a draft on its
own; what a section needs before the innovation can be submitted is listed in `SECTIONS`."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator

from innovations.models import (
    Adoption,
    AdoptionKind,
    AlertFrequency,
    Innovation,
    PolicyArea,
    ProblemReason,
    ProblemReport,
    SavedSearch,
)
from portal.core.forms import LengthMessagesMixin, OneLineFieldsMixin
from portal.core.vocabulary import EVIDENCE_DESCRIPTIONS, THEME_DESCRIPTIONS, CostBand, Stage, Theme
from portal.forms import OrganisationFieldsMixin
from portal.moderation.tasklist import Section


def _required(label: str) -> dict:
    return {"required": f"Enter {label}"}


class LinksField(forms.CharField):
    """Web addresses, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"“{line}” is not a web address: start it with https://"
                ) from None
        return lines

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class AboutForm(OrganisationFieldsMixin, forms.ModelForm):
    organisation_required = True
    themes = forms.MultipleChoiceField(
        label="Which conditions for scaling up does it show?",
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    policy_areas = forms.ModelMultipleChoiceField(
        label="Policy areas",
        required=False,
        queryset=PolicyArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    class Meta:
        model = Innovation
        fields = ["title", "summary", "stage", "themes", "policy_areas", "year_started", "website"]
        labels = {
            "title": "Name of the innovation",
            "summary": "Summary",
            "stage": "What stage of scaling has it reached?",
            "year_started": "Year it started",
            "website": "Website",
        }
        help_texts = {
            "title": "A short name that says what it is, for example “Falls prevention visits by firefighters”.",
            "summary": "Explain in plain language what it does and for whom, as you would to a colleague in another organisation.",
            "website": "Where people can read more, starting https://",
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "stage": forms.RadioSelect}
        error_messages = {
            "title": {
                **_required("the name of the innovation"),
                "max_length": "Name must be 200 characters or fewer",
            },
            "summary": {**_required("a summary"), "max_length": "Summary must be 300 characters or fewer"},
            "stage": {"required": "Select the stage of scaling it has reached"},
            "year_started": {"invalid": "Year must be a number, like 2019"},
            "website": {"invalid": "Enter a web address, starting https://"},
        }

    field_order = [
        "title",
        "summary",
        "stage",
        "organisation_name",
        "organisation_type",
        "region",
        "themes",
        "policy_areas",
        "year_started",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, f"{s.label}") for s in Stage]
        # Each of the report's eight conditions for scaling up, in a line, under its box.
        self.fields["themes"].choice_hints = {str(code): text for code, text in THEME_DESCRIPTIONS.items()}
        self.fields["organisation_name"].help_text = "The organisation that owns the innovation."
        self.fields["organisation_name"].label = "Organisation that owns it"
        self.fields["region"].label = "Where the organisation is based"
        if self.instance.pk and not self.is_bound:
            owner = self.instance.organisation
            self.initial.update(
                {
                    "organisation_name": owner.name,
                    "organisation_type": owner.organisation_type,
                    "region": owner.region,
                }
            )


class ProblemForm(LengthMessagesMixin, forms.ModelForm):
    class Meta:
        model = Innovation
        fields = ["problem", "solution"]
        labels = {
            "problem": "What problem were you trying to solve?",
            "solution": "What did you do, and what makes it innovative?",
        }
        help_texts = {
            "problem": "Who was affected, how much, and why the usual approach was not working.",
            "solution": "Describe what you changed so that another organisation could picture doing it.",
        }


class ResultsForm(LengthMessagesMixin, forms.ModelForm):
    evaluation_links = LinksField(
        label="Links to evaluations or reports", required=False, help_text="One web address per line."
    )

    class Meta:
        model = Innovation
        fields = ["outcomes", "evidence_level", "evidence_justification", "evaluation_links"]
        labels = {
            "outcomes": "What results did it achieve, and how were they measured?",
            "evidence_level": "How strong is the evidence that it works?",
            "evidence_justification": "Why have you chosen this level?",
        }
        widgets = {"evidence_level": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_level"].choices = [
            (n, f"Level {n}: {text}") for n, text in EVIDENCE_DESCRIPTIONS.items()
        ]


class CostForm(LengthMessagesMixin, forms.ModelForm):
    class Meta:
        model = Innovation
        fields = ["cost_band", "cost_notes", "resources_needed", "how_to_adopt"]
        labels = {
            "cost_band": "About how much a year would it cost another organisation to adopt?",
            "cost_notes": "What does that cost cover?",
            "resources_needed": "What resources and skills does an adopting organisation need?",
            "how_to_adopt": "How could another organisation adopt it?",
        }
        widgets = {"cost_band": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost_band"].choices = list(CostBand.choices)


class LessonsForm(LengthMessagesMixin, forms.ModelForm):
    class Meta:
        model = Innovation
        fields = ["challenges", "conditions_for_success", "lessons"]
        labels = {
            "challenges": "What challenges or failures did you meet?",
            "conditions_for_success": "What conditions does it need to succeed?",
            "lessons": "What would you tell someone starting out?",
        }
        help_texts = {"challenges": "Others learn as much from what went wrong as from what went right."}


class ContactForm(OneLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = Innovation
        fields = ["contact_name", "contact_role", "contact_email"]
        labels = {
            "contact_name": "Contact name",
            "contact_role": "Their role",
            "contact_email": "Their email address",
        }
        help_texts = {"contact_email": "Shown only to people signed in to this service."}
        error_messages = {
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like name@example.org"
            }
        }


SECTIONS = [
    Section(
        "about",
        "About the innovation",
        AboutForm,
        ("title", "summary", "stage"),
        not_stored=("policy_areas",),
    ),
    Section("problem", "The problem and what you did", ProblemForm, ("problem", "solution")),
    Section("results", "Results and evidence", ResultsForm, ("outcomes", "evidence_level")),
    Section("cost", "Cost and what it takes to adopt", CostForm, ("cost_band", "resources_needed")),
    Section("lessons", "Challenges and lessons", LessonsForm, ("lessons",)),
    Section("contact", "Contact details", ContactForm, ("contact_name", "contact_email")),
]
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}


class AdoptionForm(LengthMessagesMixin, OrganisationFieldsMixin, forms.ModelForm):
    """ "We adopted this" or "We adapted this": the story of one organisation's adoption."""

    organisation_required = True

    class Meta:
        model = Adoption
        fields = ["kind", "year", "what_changed", "result"]
        labels = {
            "kind": "Did you adopt it as it was, or adapt it?",
            "year": "Year you started",
            "what_changed": "What did you change, if anything?",
            "result": "What was the result?",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Select whether you adopted it as it was or adapted it"},
            "year": {"invalid": "Year must be a number, like 2022"},
        }

    field_order = [
        "organisation_name",
        "organisation_type",
        "region",
        "kind",
        "year",
        "what_changed",
        "result",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].label = "Your organisation"
        self.fields["kind"].choices = list(AdoptionKind.choices)
        self.fields["result"].required = True
        self.fields["result"].error_messages["required"] = (
            "Say what the result was, even if it is too early to tell"
        )


class ProblemReportForm(LengthMessagesMixin, forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["reason", "details", "email"]
        labels = {
            "reason": "What is wrong with this page?",
            "details": "Tell us more",
            "email": "Your email address",
        }
        help_texts = {
            "details": "For example, which link does not work or what has changed. Do not include personal information.",
            "email": "Only if you would like a reply.",
        }
        widgets = {"reason": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "reason": {"required": "Select what is wrong with the page"},
            "email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = list(ProblemReason.choices)


class SavedSearchForm(OneLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {"name": "Name this search", "frequency": "Email me new matches"}
        help_texts = {"name": "So you can find it in your saved searches, for example “Housing, North East”."}
        widgets = {"frequency": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": "Enter a name for the search",
                "max_length": "Name must be 100 characters or fewer",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = list(AlertFrequency.choices)
        self.fields["frequency"].error_messages["required"] = (
            "Select how often you want emails about new matches"
        )
        if self.instance.pk is None:
            self.fields["frequency"].initial = None  # a choice the person makes, not one made for them
