"""The nomination task list's forms, one per section. Word limits are counted on the server."""

from __future__ import annotations

from django import forms

from awards.models import STATEMENT_PARTS, SUMMARY_WORDS, NomineeKind
from innovations.forms import LinksField
from portal.core.forms import LengthMessagesMixin, OneLineFieldsMixin
from portal.core.text import NOTE_LIMIT, count_words, has_visible_text
from portal.core.vocabulary import OrganisationType


class NomineeForm(OneLineFieldsMixin, forms.Form):
    category = forms.ModelChoiceField(
        label="Which category are you nominating for?", queryset=None, widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Choose the category"},
    )  # fmt: skip
    kind = forms.ChoiceField(
        label="Are you nominating an individual or a team?", choices=NomineeKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Say whether you are nominating an individual or a team"},
    )  # fmt: skip
    team_name = forms.CharField(
        label="Team name", required=False, max_length=150, help_text="Only for a team."
    )
    team_name.needed_to_submit = True  # for a team: not "optional"

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        categories = round_.categories.all()
        if categories:
            self.fields["category"].queryset = categories
        else:
            del self.fields["category"]

    def clean(self):
        cleaned = super().clean()
        named = (cleaned.get("team_name") or "").strip() or "team_name" in self.errors
        if cleaned.get("kind") == NomineeKind.TEAM and not named:
            self.add_error("team_name", "Enter the team's name")
        category = cleaned.get("category")
        if category is not None and cleaned.get("kind") and (reason := category.refuses(cleaned["kind"])):
            self.add_error("kind", reason)
        return cleaned


class PersonForm(OneLineFieldsMixin, forms.Form):
    name = forms.CharField(label="Full name", max_length=150, required=False)
    role = forms.CharField(label="Role", max_length=150, required=False)
    organisation_name = forms.CharField(label="Organisation", max_length=200, required=False)
    organisation_type = forms.ChoiceField(
        label="Type of organisation",
        required=False,
        choices=[("", "Choose a type"), *OrganisationType.choices],
    )
    email = forms.EmailField(
        label="Email address", required=False, help_text="We email them a note that they have been nominated. "
        "It is never shown on the website.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not required of a blank block (a team's spare one), but needed of anyone named: not "optional".
        for name in ["name", "organisation_name", "organisation_type", "email"]:
            self.fields[name].needed_to_submit = True

    def has_answers(self) -> bool:
        return any(
            (self.cleaned_data.get(name) or "") for name in ["name", "role", "organisation_name", "email"]
        )

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(name) for name in ["name", "role", "organisation_name", "email"]):
            for name, message in [
                ("name", "Enter their full name"),
                ("organisation_name", "Enter their organisation"),
                ("organisation_type", "Choose the type of their organisation"),
                ("email", "Enter their email address"),
            ]:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class BasePeopleFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        people = [form.cleaned_data for form in self.forms if form.cleaned_data and form.has_answers()]
        if not people:
            if self.forms:  # the first person's name is the question left unanswered
                self.forms[0].add_error("name", "Enter their full name")
                return
            raise forms.ValidationError("Give at least one person's name, organisation and email address")
        emails = [p["email"].lower() for p in people]
        if len(set(emails)) != len(emails):
            raise forms.ValidationError("Give each person their own email address")

    def people(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data and form.has_answers()]


def people_formset(data, *, initial: list[dict], most: int, extra: int) -> BasePeopleFormSet:
    """The people of a nomination: one for an individual, up to `most` for a team, with `extra` blank
    blocks after those given. However many forms a post claims, no more than `most` are ever built, and
    a post claiming more is refused."""
    formset_class = forms.formset_factory(
        PersonForm, formset=BasePeopleFormSet, extra=extra, max_num=most, absolute_max=most, validate_max=True
    )
    too_many = f"A team can have up to {most} members" if most > 1 else "Give one person for an individual"
    # A bound formset is given no initial people: a block left as it was saved still counts (Django
    # skips the blocks of a formset's extra forms that did not change from their initial values).
    return formset_class(
        data,
        initial=initial if data is None else None,
        prefix="people",
        error_messages={"too_many_forms": too_many},
    )


class InnovationSearchForm(forms.Form):
    q = forms.CharField(label="Search the catalogue for the innovation", required=False, max_length=200)


class SummaryForm(LengthMessagesMixin, forms.Form):
    summary = forms.CharField(
        label="Summary", max_length=NOTE_LIMIT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"In {SUMMARY_WORDS} words or fewer: who they are, what they scaled and why it deserves the award.",
        error_messages={"required": "Write the summary"},
    )  # fmt: skip
    summary.max_words = SUMMARY_WORDS

    def clean_summary(self):
        summary = self.cleaned_data["summary"]
        words = count_words(summary)
        if words > SUMMARY_WORDS:
            raise forms.ValidationError(f"The summary must be {SUMMARY_WORDS} words or fewer: it has {words}")
        return summary


def _part(label: str, hint: str) -> forms.CharField:
    field = forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field.needed_to_submit = True
    field.counted_together = True  # the criterion's word limit is over the four parts together
    return field


class StatementForm(LengthMessagesMixin, forms.Form):
    situation = _part("Situation", "What was the problem, and where?")
    task = _part("Task", "What did they set out to do?")
    action = _part("Action", "What did they do?")
    result = _part("Result", "What changed, and how do you know?")

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion

    def clean(self):
        """The criterion's word limit is over the four parts together: the error goes on the part whose
        words take the running total (situation, then task, action and result) over the limit."""
        cleaned = super().clean()
        limit, total, over = self.criterion.word_limit, 0, None
        for name in STATEMENT_PARTS:
            total += count_words(cleaned.get(name) or "")
            if total > limit and over is None:
                over = name
        if over is not None:
            self.add_error(
                over,
                f"Your statement must be {limit} words or fewer in all: it has {total}. Shorten "
                f"the {self.fields[over].label.lower()} or another part",
            )
        return cleaned


class LinksForm(LengthMessagesMixin, forms.Form):
    links = LinksField(
        label="Supporting links", required=False,
        help_text="Web addresses of evaluations, articles or reports, one per line, starting https://",
    )  # fmt: skip
    relationship = forms.CharField(
        label="How do you know the nominee?", max_length=NOTE_LIMIT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: their manager, a partner organisation, someone who adopted their work.",
        error_messages={"required": "Say how you know the nominee"},
    )  # fmt: skip


class ScoreForm(LengthMessagesMixin, forms.Form):
    """A score from 1 to 5 and a comment for each criterion, with what each score means beside it."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            field = forms.TypedChoiceField(
                label=f"{criterion.name} (weight {criterion.weight})", coerce=int, widget=forms.RadioSelect,
                choices=[(score, str(score)) for score, _meaning in criterion.scale()],
                help_text=criterion.description,
                error_messages={"required": f"Score {criterion.name.lower()} from 1 to 5"},
            )  # fmt: skip
            field.choice_hints = {str(score): meaning for score, meaning in criterion.scale()}
            self.fields[f"score_{criterion.pk}"] = field
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Comment on {criterion.name.lower()}", required=False, max_length=NOTE_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data.get(f"comment_{c.pk}") or "")
            for c in self.criteria
        }


class ConflictForm(LengthMessagesMixin, forms.Form):
    reason = forms.CharField(
        label="What is the conflict of interest?", max_length=NOTE_LIMIT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: you worked with the nominee, or advised on the innovation. The central team sees this.",
        error_messages={"required": "Say what the conflict of interest is"},
    )  # fmt: skip


class DecisionForm(LengthMessagesMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Decision", required=False, widget=forms.RadioSelect,
        choices=[("winner", "Winner"), ("highly_commended", "Highly commended"), ("shortlisted", "Shortlisted"),
                 ("", "No decision")],
    )  # fmt: skip
    citation = forms.CharField(
        label="Citation", required=False, max_length=NOTE_LIMIT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why they won or were commended, for the public page. Required for a winner.",
    )  # fmt: skip
    outcome.needed_to_submit = True  # "No decision" is one of its answers
    citation.needed_to_submit = True  # needed for a winner, as its hint says

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "winner" and not has_visible_text(cleaned.get("citation") or ""):
            self.add_error("citation", "Write the citation for a winner")
        return cleaned
