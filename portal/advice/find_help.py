"""The "find help" journey: four questions, then the advice that fits best with the reasons it fits, and
innovations to learn from. Answers travel in the URL, so every page can be bookmarked and shared."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q

from portal.advice.models import AdviceSource, SupportType
from portal.core.vocabulary import STAGE_DESCRIPTIONS, Fees, OrganisationType, Region, Stage

NEXT_STAGE = {"test": "prove", "prove": "grow", "grow": "adopt", "adopt": "adopt"}


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label="What stage is your idea at?",
        choices=[(s.value, f"{s.label}") for s in Stage],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the stage your idea is at",
            "invalid_choice": "Select the stage your idea is at",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choice_hints = {str(stage): text for stage, text in STAGE_DESCRIPTIONS.items()}


class NeedForm(forms.Form):
    need = forms.MultipleChoiceField(
        label="What do you need help with?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one kind of help",
            "invalid_choice": "Select at least one kind of help",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds of help are curated in admin, each with a line saying what it covers.
        self.support_types = list(SupportType.objects.all())
        self.fields["need"].choices = [(t.slug, t.name) for t in self.support_types]
        self.fields["need"].choice_hints = {t.slug: t.description for t in self.support_types}


class AudienceForm(forms.Form):
    audience = forms.ChoiceField(
        label="What kind of organisation are you in?",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of organisation you are in",
            "invalid_choice": "Select the kind of organisation you are in",
        },
    )


class WhereForm(forms.Form):
    where = forms.ChoiceField(
        label="Where are you?",
        choices=[(r.value, r.label) for r in Region if r.value != "uk_wide"],
        widget=forms.RadioSelect,
        error_messages={"required": "Select where you are", "invalid_choice": "Select where you are"},
    )


@dataclass(frozen=True)
class Question:
    slug: str
    form_class: type[forms.Form]
    field: str


QUESTIONS = [
    Question("stage", StageForm, "stage"),
    Question("need", NeedForm, "need"),
    Question("organisation", AudienceForm, "audience"),
    Question("where", WhereForm, "where"),
]
ANSWER_FIELDS = [q.field for q in QUESTIONS]


@dataclass
class Match:
    source: AdviceSource
    reasons: list[str]
    score: int


def fitting_advice(
    *, stage: str, needs: list[str], audience: str, where: str, limit: int = 10
) -> list[Match]:
    """Active advice sources offering at least one kind of help asked for, best first, with why each fits."""
    candidates = (
        AdviceSource.objects.active()
        .filter(support_types__slug__in=needs)
        .filter(Q(service_areas__contains=[where]) | Q(service_areas__overlap=["uk_wide", "international"]))
        .distinct()
        .select_related("provider")
        .prefetch_related("support_types")
    )
    matches = []
    for source in candidates:
        helps = [t.name.lower() for t in source.support_types.all() if t.slug in needs]
        score = 3 * len(helps)
        reason = f"helps with {', '.join(helps)}"
        if stage in source.stages:
            score += 2
            reason += f" at the {Stage(stage).label} stage"
        reasons = [reason]
        if audience in source.audiences:
            score += 1
            reasons.append(
                f"for {OrganisationType(audience).label.lower()} organisations"
                if audience != "nhs"
                else "for the NHS"
            )
        reasons.append(Fees(source.fees).label.lower())
        if where in source.service_areas:
            score += 1
            reasons.append(f"in {Region(where).label}")
        else:
            reasons.append("UK-wide" if "uk_wide" in source.service_areas else "international")
        matches.append(Match(source, reasons, score))
    matches.sort(key=lambda m: (-m.score, m.source.name))
    return matches[:limit]


def advice_for_innovation(innovation, *, limit: int = 3) -> list[AdviceSource]:
    """The active advice sources that best fit an innovation: sharing its themes, at its stage."""
    candidates = AdviceSource.objects.active().filter(
        Q(themes__overlap=innovation.themes or ["-"]) | Q(stages__contains=[innovation.stage])
    )
    scored = sorted(
        candidates,
        key=lambda s: (
            -(2 * len(set(s.themes) & set(innovation.themes)) + (innovation.stage in s.stages)),
            s.name,
        ),
    )
    return scored[:limit]
