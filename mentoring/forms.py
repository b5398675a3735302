"""The mentor scheme's forms: offering to mentor, availability, asking for a mentor, and everything inside a
mentorship (goals, sessions, notes, the assessment, feedback, ending it, employer support)."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from innovations.models import Innovation, PolicyArea
from mentoring.models import (
    BIO_LIMIT,
    IDEA_LIMIT,
    MAX_CAPACITY,
    MIN_CAPACITY,
    NEXT_SESSION_WITHIN,
    Format,
    Mentor,
    Standing,
)
from mentoring.selectors import is_member_email
from mentoring.services import MANAGER_IS_A_MEMBER
from portal.core.forms import LengthMessagesMixin, OneLineFieldsMixin
from portal.core.text import SHORT_NOTE_LIMIT, govuk_date
from portal.core.vocabulary import (
    STAGE_DESCRIPTIONS,
    THEME_DESCRIPTIONS,
    OrganisationType,
    Region,
    Stage,
    Theme,
)
from portal.forms import OrganisationFieldsMixin

CAPACITY_CHOICES = [(n, f"{n} mentee{'s' if n > 1 else ''}") for n in range(MIN_CAPACITY, MAX_CAPACITY + 1)]


# What a mentor must say they help with, with how a missing answer is asked for.
HELPS_WITH_NEEDED = {
    "themes": "Select at least one condition for scaling up you can help with",
    "stages": "Select at least one stage you can help at",
}


class HelpsWithFields(forms.Form):
    """What a mentor helps with: the conditions for scaling up, policy areas and stages. The offer to
    mentor asks them; a Scaling Up Champion confirms them before joining."""

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

    field_order = ["themes", "stages", "policy_areas"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choice_hints = THEME_DESCRIPTIONS
        self.fields["stages"].choice_hints = STAGE_DESCRIPTIONS


class ChampionHelpsWithForm(HelpsWithFields):
    """A Scaling Up Champion says what they help with before their profile is listed: prefilled with
    what their nomination shows, which may be nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in HELPS_WITH_NEEDED.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message


class OfferForm(LengthMessagesMixin, OrganisationFieldsMixin, HelpsWithFields):
    """Everything an offer to mentor asks. Any of it may be saved as a draft; what submitting needs is
    marked `needed_to_submit` (so it is not shown as optional) and checked when `sending` and by
    `mentor_submit`. A new organisation is based where its mentor is: the region is asked once."""

    region = None  # the organisation's own question, left out: "Where are you based?" answers it

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
        help_text="Mentees who meet in person look for someone near them. If your organisation is new to the "
        "portal, it is recorded as based here too.",
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
        "full_name", "job_title", "organisation_name", "organisation_type",
        "themes", "stages", "policy_areas", "knows_organisation_types", "based_in", "formats", "capacity",
        "bio", "taking_mentees",
    ]  # fmt: skip

    def __init__(self, *args, sending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_organisation_checked = sending  # a draft keeps a new organisation without its type
        self.fields["organisation_type"].help_text = (
            "Needed to send your offer if your organisation is new to the portal. A change to a listed "
            "organisation goes to the central team to check."
        )
        for name in [
            "full_name",
            "job_title",
            "organisation_name",
            "organisation_type",
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
            **HELPS_WITH_NEEDED,
            "based_in": "Select where you are based",
            "formats": "Select whether you can mentor remotely, in person or both",
            "bio": "Write a few words about you as a mentor",
        }
        for name, message in messages.items():
            value = data.get(name)
            if not (value.strip() if isinstance(value, str) else value) and name not in self.errors:
                self.add_error(name, message)

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = cleaned.get("based_in") or ""  # where a new organisation is recorded as based
        return cleaned

    @classmethod
    def initial_for(cls, user, mentor: Mentor | None) -> dict:
        """The form's answers as saved: the account's details and the offer so far."""
        organisation = user.organisation
        initial = {
            "full_name": user.full_name,
            "job_title": user.job_title,
            "organisation_name": organisation.name if organisation else "",
            "organisation_type": organisation.organisation_type if organisation else "",
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
        label="Only suggest mentors who work for other organisations than mine", required=False
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


class AcceptForm(forms.Form):
    """Accepting a request asks nothing; the form carries a refusal (no room left, a request withdrawn
    meanwhile) to the page's error summary."""


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


DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class GoalForm(OneLineFieldsMixin, forms.Form):
    goal = forms.CharField(
        label="Add a goal",
        max_length=300,
        help_text="Something the mentee means to achieve, for example “a business case the board can approve”.",
        error_messages={
            "required": "Enter the goal",
            "max_length": "Keep the goal to 300 characters or fewer",
        },
    )


class SessionForm(LengthMessagesMixin, forms.Form):
    held_on = forms.DateField(
        label="Date of the session",
        input_formats=DATE_FORMATS,
        help_text="For example, 27 3 2026",
        error_messages={
            "required": "Enter the date of the session",
            "invalid": "Enter the date as day, month and year, for example 27 3 2026",
        },
    )
    summary = forms.CharField(
        label="What did you talk about?",
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what you talked about"},
    )
    actions = forms.CharField(
        label="Actions agreed",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who will do what before you next meet.",
    )

    def __init__(self, *args, began_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.began_on = began_on

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("The date of the session must be today or in the past")
        if held_on < self.began_on:
            raise forms.ValidationError(
                f"The date of the session must be on or after {govuk_date(self.began_on)}, when the mentorship began"
            )
        return held_on


class NextSessionForm(OneLineFieldsMixin, forms.Form):
    date = forms.DateField(
        label="Date",
        input_formats=DATE_FORMATS,
        help_text="For example, 14 1 2027",
        error_messages={
            "required": "Enter the date of the next session",
            "invalid": "Enter the date as day, month and year, for example 14 1 2027",
        },
    )
    time = forms.TimeField(
        label="Time",
        input_formats=["%H:%M", "%H.%M", "%I:%M%p", "%I%p", "%I.%M%p"],
        help_text="UK time, for example 14:30",
        error_messages={
            "required": "Enter the time of the next session",
            "invalid": "Enter the time like 14:30",
        },
    )
    place = forms.CharField(
        label="Where",
        max_length=300,
        required=False,
        help_text="A video call link, or the place you will meet.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            at = timezone.make_aware(datetime.combine(cleaned["date"], cleaned["time"]))
            latest = timezone.localdate() + NEXT_SESSION_WITHIN
            if at < timezone.now():
                self.add_error("date", "The next session must be in the future")
            elif cleaned["date"] > latest:
                self.add_error(
                    "date", f"The next session must be within a year, on or before {govuk_date(latest)}"
                )
            cleaned["at"] = at
        return cleaned


class NoteForm(LengthMessagesMixin, forms.Form):
    note = forms.CharField(
        label="Add a private note",
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you will ever see your notes: not the other person, not the central team.",
        error_messages={"required": "Enter your note"},
    )


class AssessmentForm(forms.Form):
    """For each of the eight conditions for scaling up: where the idea stands, with a note."""

    support_agreed = forms.CharField(
        label="Support agreed",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the mentorship will focus on, and any other help you will look for.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        support = self.fields.pop("support_agreed")
        for code, label in Theme.choices:
            self.fields[f"{code}_standing"] = forms.ChoiceField(
                label=f"{label}: where does the idea stand?",
                required=False,
                choices=Standing.choices,
                widget=forms.RadioSelect,
                help_text=THEME_DESCRIPTIONS[code],
            )
            self.fields[f"{code}_note"] = forms.CharField(
                label=f"{label}: note",
                required=False,
                max_length=500,
                error_messages={"max_length": f"Keep the note on {label.lower()} to 500 characters or fewer"},
            )
        self.fields["support_agreed"] = support

    @staticmethod
    def initial_from(assessment) -> dict:
        if assessment is None:
            return {}
        initial = {"support_agreed": assessment.support_agreed}
        for code, entry in assessment.standings.items():
            initial[f"{code}_standing"] = entry.get("standing", "")
            initial[f"{code}_note"] = entry.get("note", "")
        return initial

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"{code}_standing") for code in Theme.values):
            self.add_error(
                f"{Theme.values[0]}_standing", "Say where the idea stands on at least one condition"
            )
        # A note is kept with where the idea stands: one written without it would be lost.
        for code, label in Theme.choices:
            if (cleaned.get(f"{code}_note") or "").strip() and not cleaned.get(f"{code}_standing"):
                self.add_error(
                    f"{code}_standing", f"Say where the idea stands on {label.lower()}, or clear its note"
                )
        return cleaned

    def standings(self) -> dict:
        data = self.cleaned_data
        return {
            code: {"standing": data[f"{code}_standing"], "note": data[f"{code}_note"]}
            for code in Theme.values
            if data.get(f"{code}_standing")
        }


class FeedbackForm(LengthMessagesMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful has the mentoring been?",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, "Very useful"),
            (4, "Useful"),
            (3, "Somewhat useful"),
            (2, "Not very useful"),
            (1, "Not useful"),
        ],
        error_messages={"required": "Select how useful the mentoring has been"},
    )
    comments = forms.CharField(
        label="Anything you would like the central team to know?",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the central team reads this, never the other person in the mentorship.",
    )


class EndForm(LengthMessagesMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="How is the mentorship ending?",
        widget=forms.RadioSelect,
        choices=[
            ("completed", "It is complete: we did what we set out to do"),
            ("early", "It is ending early"),
        ],
        error_messages={"required": "Select how the mentorship is ending"},
    )
    reason = forms.CharField(
        label="Why is it ending early?",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if it is ending early. Both of you will see this.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "early" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why the mentorship is ending early")
        return cleaned


class EmployerSupportForm(OneLineFieldsMixin, forms.Form):
    """Who to ask to confirm time for `mentorship`: never someone in it."""

    manager_name = forms.CharField(
        label="Your line manager's name",
        max_length=150,
        error_messages={"required": "Enter your line manager's name"},
    )
    manager_email = forms.EmailField(
        label="Their email address",
        max_length=254,
        error_messages={
            "required": "Enter your line manager's email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship

    def clean_manager_email(self):
        email = self.cleaned_data["manager_email"]
        if is_member_email(mentorship=self.mentorship, email=email):
            raise forms.ValidationError(MANAGER_IS_A_MEMBER)
        return email


class EmployerAnswerForm(LengthMessagesMixin, forms.Form):
    answer = forms.ChoiceField(
        label="Can they have time for the mentorship?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes, I confirm they can have time for it"), ("no", "No, not at the moment")],
        error_messages={"required": "Select whether they can have time for the mentorship"},
    )
    comment = forms.CharField(
        label="Anything to add?",
        required=False,
        max_length=SHORT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
