"""The mentor scheme's forms: the offer to mentor and a mentor's availability."""

from __future__ import annotations

from django import forms

from innovations.models import PolicyArea
from mentoring.models import BIO_LIMIT, MAX_CAPACITY, MIN_CAPACITY, Format, Mentor
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
