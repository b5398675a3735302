"""The mentor scheme's forms: the offer to mentor and a mentor's availability."""

from __future__ import annotations

from django import forms

from innovations.models import Innovation, PolicyArea
from mentoring.models import BIO_LIMIT, IDEA_LIMIT, MAX_CAPACITY, MIN_CAPACITY, Format, Mentor
from portal.core.forms import LengthMessagesMixin, OrganisationFieldsMixin
from portal.core.vocabulary import (
    STAGE_DESCRIPTIONS,
    THEME_DESCRIPTIONS,
    OrganisationType,
    Region,
    Stage,
    Theme,
)

CAPACITY_CHOICES = [(n, f"{n} mentee{'s' if n > 1 else ''}") for n in range(MIN_CAPACITY, MAX_CAPACITY + 1)]


class OfferForm(LengthMessagesMixin, OrganisationFieldsMixin, forms.Form):
    """Everything an offer to mentor asks. Any of it may be saved as a draft; what submitting needs is
    marked `needed_to_submit` (so it is not shown as optional) and checked by `mentor_submit`."""

    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        help_text="As mentees will see it.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    themes = forms.MultipleChoiceField(
        label="Which conditions for scaling up can you help with?",
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    policy_areas = forms.ModelMultipleChoiceField(
        label="Policy areas you know",
        required=False,
        queryset=PolicyArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    stages = forms.MultipleChoiceField(
        label="Which stages of scaling can you help at?",
        required=False,
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    knows_organisation_types = forms.MultipleChoiceField(
        label="Which kinds of organisation do you know well?",
        required=False,
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Where you have worked, or worked closely with. Select all that apply.",
    )
    based_in = forms.ChoiceField(
        label="Where are you based?",
        required=False,
        choices=[("", "Choose a region")] + list(Region.choices),
        help_text="Mentees who meet in person look for someone near them.",
    )
    formats = forms.MultipleChoiceField(
        label="How can you mentor?",
        required=False,
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    capacity = forms.TypedChoiceField(
        label="How many mentees could you support at once?",
        choices=CAPACITY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        initial=2,
        error_messages={"required": "Select how many mentees you could support at once"},
    )
    taking_mentees = forms.BooleanField(
        label="I am taking new mentees",
        required=False,
        initial=True,
        help_text="Untick this to pause: your profile leaves the list of mentors until you tick it again.",
    )

    bio = forms.CharField(
        label="About you as a mentor",
        required=False,
        max_length=BIO_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences mentees will read: what you have scaled or helped to scale, and what you "
        "like to help with.",
    )

    field_order = [
        "full_name", "job_title", "organisation_name", "organisation_type", "region",
        "themes", "stages", "policy_areas", "knows_organisation_types", "based_in", "formats", "capacity",
        "bio", "taking_mentees",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choice_hints = THEME_DESCRIPTIONS
        self.fields["stages"].choice_hints = STAGE_DESCRIPTIONS
        for name in [
            "full_name",
            "job_title",
            "organisation_name",
            "themes",
            "stages",
            "based_in",
            "formats",
            "bio",
        ]:
            self.fields[name].needed_to_submit = True
        self.order_fields(self.field_order)

    def check_complete(self) -> None:
        """Sending the offer needs these answers: each missing one gets its error next to it."""
        data = self.cleaned_data
        messages = {
            "full_name": "Enter your name",
            "job_title": "Enter your job title",
            "organisation_name": "Enter the name of your organisation",
            "themes": "Select at least one condition for scaling up you can help with",
            "stages": "Select at least one stage you can help at",
            "based_in": "Select where you are based",
            "formats": "Select whether you can mentor remotely, in person or both",
            "bio": "Write a few words about you as a mentor",
        }
        for name, message in messages.items():
            value = data.get(name)
            if not (value.strip() if isinstance(value, str) else value) and name not in self.errors:
                self.add_error(name, message)

    @classmethod
    def initial_for(cls, user, mentor: Mentor | None) -> dict:
        """The form's answers as saved: the account's details and the offer so far."""
        organisation = user.organisation
        initial = {
            "full_name": user.full_name,
            "job_title": user.job_title,
            "organisation_name": organisation.name if organisation else "",
            "organisation_type": organisation.organisation_type if organisation else "",
            "region": organisation.region if organisation else "",
        }
        if mentor is not None:
            initial.update(
                themes=mentor.themes, stages=mentor.stages, knows_organisation_types=mentor.knows_organisation_types,
                based_in=mentor.region, formats=mentor.formats, capacity=mentor.capacity, bio=mentor.bio,
                taking_mentees=mentor.taking_mentees, policy_areas=list(mentor.policy_areas.all()),
            )  # fmt: skip
        return initial

    def offer(self) -> dict:
        """The cleaned answers as the offer's fields (`mentoring.services.OFFER_FIELDS`)."""
        data = self.cleaned_data
        return {
            "themes": data["themes"], "stages": data["stages"],
            "knows_organisation_types": data["knows_organisation_types"], "region": data["based_in"],
            "formats": data["formats"], "capacity": data["capacity"], "bio": data["bio"].strip(),
            "taking_mentees": data["taking_mentees"],
        }  # fmt: skip


class AvailabilityForm(forms.Form):
    taking_mentees = forms.TypedChoiceField(
        label="Are you taking new mentees?",
        choices=[("yes", "Yes"), ("no", "No, pause for now")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are taking new mentees"},
    )
    capacity = forms.TypedChoiceField(
        label="How many mentees could you support at once?",
        choices=CAPACITY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how many mentees you could support at once"},
    )


class AskForm(LengthMessagesMixin, forms.Form):
    """Asking for a mentor. An innovation of the asker's own fills in the stage, themes and policy areas
    left blank."""

    idea = forms.CharField(
        label="What is your idea?",
        max_length=IDEA_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In a few sentences: what it does, for whom, and what has happened so far.",
        error_messages={"required": "Describe your idea in a few sentences"},
    )
    innovation = forms.ModelChoiceField(
        label="Is it an innovation you have shared here?",
        required=False,
        queryset=Innovation.objects.none(),
        empty_label="No, or not yet",
        help_text="If you choose one, its stage, themes and policy areas fill any you leave blank below.",
    )
    stage = forms.ChoiceField(
        label="What stage is your idea at?",
        required=False,
        choices=Stage.choices,
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label="Which conditions for scaling up do you want help with?",
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
    region = forms.ChoiceField(
        label="Where are you based?",
        choices=[("", "Choose a region")] + list(Region.choices),
        error_messages={"required": "Select where you are based"},
    )
    formats = forms.MultipleChoiceField(
        label="How could you meet a mentor?",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select whether you could meet remotely, in person or both"},
    )
    wants = forms.CharField(
        label="What do you want from mentoring?",
        max_length=IDEA_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: to find out whether the idea can be scaled, to build a business case, or to "
        "find organisations to adopt it.",
        error_messages={"required": "Say what you want from mentoring"},
    )
    not_own_organisation = forms.BooleanField(
        label="Only suggest mentors from other organisations than mine", required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = Innovation.objects.filter(submitted_by=user).order_by("title")
        self.fields["themes"].choice_hints = THEME_DESCRIPTIONS
        self.fields["stage"].choice_hints = STAGE_DESCRIPTIONS
        for name in ["stage", "themes"]:
            self.fields[name].needed_to_submit = True

    def clean(self):
        cleaned = super().clean()
        innovation = cleaned.get("innovation")
        if innovation is not None:
            cleaned["stage"] = cleaned.get("stage") or innovation.stage
            cleaned["themes"] = cleaned.get("themes") or list(innovation.themes)
            if not cleaned.get("policy_areas"):
                cleaned["policy_areas"] = list(innovation.policy_areas.all())
        if not cleaned.get("stage") and "stage" not in self.errors:
            self.add_error("stage", "Select the stage your idea is at")
        if not cleaned.get("themes") and "themes" not in self.errors:
            self.add_error("themes", "Select at least one condition for scaling up you want help with")
        return cleaned


class ChooseForm(forms.Form):
    """Up to three of the suggested mentors, in order."""

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a mentor")] + [(str(s.mentor.pk), s.mentor.name) for s in suggestions]
        for place, (name, label) in enumerate(
            [("first", "Your first choice"), ("second", "Your second choice"), ("third", "Your third choice")]
        ):
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                required=place == 0,
                empty_value=None,
                help_text="Asked first."
                if place == 0
                else "Asked only if the one before cannot take you on.",
                error_messages={"required": "Choose your first choice of mentor"},
            )

    def clean(self):
        cleaned = super().clean()
        chosen = []
        for name in ["first", "second", "third"]:
            value = cleaned.get(name)
            if value is None:
                continue
            if value in chosen:
                self.add_error(name, "Choose a different mentor for each place")
            elif name == "third" and cleaned.get("second") is None and "second" not in self.errors:
                self.add_error("second", "Choose your second choice before your third")
            chosen.append(value)
        cleaned["chosen"] = chosen
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The central team sees this, not the person who asked. For example: no time at the moment, "
        "or the idea needs someone who knows another field.",
        error_messages={
            "required": "Say why you are declining",
            "max_length": "Keep your reason to 2,000 characters or fewer",
        },
    )
