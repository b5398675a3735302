"""The "find help" journey: four questions, then the advice that fits best with the reasons it fits, and
innovations to learn from. Answers travel in the URL, so every page can be bookmarked and shared."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.db.models.expressions import RawSQL

from portal.advice.models import AdviceSource, SupportType
from portal.core.vocabulary import STAGE_DESCRIPTIONS, Fees, OrganisationType, Region, Stage, Theme

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
        # A source for named kinds of organisation is for those alone.
        .filter(Q(audiences=[]) | Q(audiences__contains=[audience]))
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


def advice_for_innovation(innovation, *, limit: int = 3) -> list[Match]:
    """The active advice sources that best fit an innovation, with why each fits. A source for named
    kinds of organisation is offered only to those (a fund for councils is not suggested to an NHS
    trust), and one for named stages only at those stages. Among the rest, a source scores for the
    words it shares with the case (its title, summary, problem and policy areas, matched by PostgreSQL
    full-text search against the source's search entry), its stage, its audience and its themes."""
    organisation_type = innovation.organisation.organisation_type
    words = " ".join(
        [
            innovation.title,
            innovation.summary,
            innovation.problem,
            *(p.name for p in innovation.policy_areas.all()),
        ]
    )
    candidates = (
        AdviceSource.objects.active()
        .filter(Q(stages=[]) | Q(stages__contains=[innovation.stage]))
        .annotate(
            # Any of the case's words (OR, not AND): how much of the source's text is about this case.
            word_rank=RawSQL(
                "SELECT ts_rank(e.search_vector, "
                "replace(plainto_tsquery('english', %s)::text, ' & ', ' | ')::tsquery) "
                "FROM advice_adviceentry e WHERE e.source_id = portal_advicesource.id",
                [words],
            )
        )
    )
    if organisation_type:
        candidates = candidates.filter(Q(audiences=[]) | Q(audiences__contains=[organisation_type]))
    matches = []
    for source in candidates:
        shared_themes = [Theme(t).label.lower() for t in source.themes if t in innovation.themes]
        relevance = source.word_rank or 0
        if not relevance and not shared_themes:
            continue  # nothing in common with the case but its stage: not worth suggesting
        for_this_audience = bool(organisation_type) and organisation_type in source.audiences
        at_this_stage = innovation.stage in source.stages
        reasons = []
        if for_this_audience:
            reasons.append(f"for {OrganisationType(organisation_type).label.lower()} organisations")
        if at_this_stage:
            reasons.append(f"at the {Stage(innovation.stage).label} stage")
        if shared_themes:
            reasons.append(f"on {' and '.join(shared_themes)}")
        score = 10 * relevance + 2 * for_this_audience + at_this_stage + len(shared_themes)
        matches.append(Match(source, reasons or ["about the same kind of work"], score))
    matches.sort(key=lambda m: (-m.score, m.source.name))
    return matches[:limit]
