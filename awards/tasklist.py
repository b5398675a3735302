"""A nomination's task list (the kernel's protocol, portal.moderation.tasklist): the category and who is
nominated, the innovation, the summary, a statement per criterion, and the supporting links. Each section
says its status and what it still lacks, eligibility included, with the reason; what the nomination
lacks as a whole is theirs together (`nomination_problems`).

Each section names its pages (`pages`: the slug in the address, and which kind of page it is), so the
views find a page through its section, never by matching strings."""

from __future__ import annotations

from django.utils.functional import cached_property

from awards.models import STATEMENT_PARTS, SUMMARY_WORDS, Criterion, Nomination, NomineeKind, Nominees
from portal.core.text import count_words, has_visible_text
from portal.moderation.tasklist import Missing, TaskStatus, missing, started_status


class NominationSection:
    slug: str
    title: str
    optional = False
    pages: dict[str, str]  # page slug -> kind of page

    def started(self, nomination: Nomination) -> bool:
        raise NotImplementedError

    def missing(self, nomination: Nomination) -> list[Missing]:
        raise NotImplementedError

    def status(self, nomination: Nomination) -> TaskStatus:
        return started_status(
            complete=not self.missing(nomination), started=self.started(nomination), optional=self.optional
        )


class NomineeSection(NominationSection):
    """The category, whether an individual or a team (and its name), then the people: who may be
    nominated in the round and its category, and from which kinds of organisation."""

    slug, title = "nominee", "Category and nominee"
    pages = {"nominee": "nominee", "people": "people"}

    def started(self, nomination):
        return bool(nomination.kind)

    def missing(self, nomination):
        round_, kind = nomination.round, nomination.kind
        nominees = list(nomination.nominees.all())
        found = []

        def lacks(page, message):
            found.append(Missing(page, message))

        if nomination.category_id is None and round_.categories.all():
            lacks("nominee", "Choose the category")
        if not kind:
            lacks("nominee", "Say whether you are nominating an individual or a team")
        elif not nominees:
            lacks("people", "Give the nominee's name, organisation and email address")
        if kind == NomineeKind.TEAM and not nomination.team_name:
            lacks("nominee", "Give the team's name")
        if nomination.category is not None and (reason := nomination.category.refuses(kind)):
            lacks("nominee", reason)
        if kind == NomineeKind.INDIVIDUAL and len(nominees) > 1:
            lacks("people", "Give one person for an individual nomination")
        if kind == NomineeKind.TEAM and round_.nominees == Nominees.INDIVIDUALS:
            lacks("nominee", "This round is for individuals only, not teams")
        if kind == NomineeKind.INDIVIDUAL and round_.nominees == Nominees.TEAMS:
            lacks("nominee", "This round is for teams only, not individuals")
        if round_.eligible_organisation_types:
            kinds = ", ".join(round_.eligible_labels())
            for nominee in nominees:
                if nominee.organisation.organisation_type not in round_.eligible_organisation_types:
                    lacks(
                        "people",
                        f"{nominee.name} works for {nominee.organisation.name}, which is not one of the kinds "
                        f"of organisation this round is open to ({kinds})",
                    )
        return found


class InnovationSection(NominationSection):
    """The innovation from the catalogue: optional unless the round needs one."""

    slug, title = "innovation", "The innovation"
    pages = {"innovation": "innovation"}

    def __init__(self, required: bool):
        self.optional = not required

    def started(self, nomination):
        return nomination.innovation_id is not None

    def missing(self, nomination):
        if not self.optional and nomination.innovation_id is None:
            return [Missing(self.slug, "Choose the innovation: this round needs one from the catalogue")]
        return []


class SummarySection(NominationSection):
    slug, title = "summary", "Summary"
    pages = {"summary": "summary"}

    def started(self, nomination):
        return bool(nomination.summary)

    def missing(self, nomination):
        if not has_visible_text(nomination.summary):
            return [Missing(self.slug, "Write the summary")]
        if count_words(nomination.summary) > SUMMARY_WORDS:
            return [Missing(self.slug, f"The summary must be {SUMMARY_WORDS} words or fewer")]
        return []


class StatementSection(NominationSection):
    """The nominator's statement on one criterion, within its word limit over the four parts."""

    def __init__(self, criterion: Criterion):
        self.criterion = criterion
        self.slug, self.title = f"statement-{criterion.pk}", f"Statement: {criterion.name}"
        self.pages = {self.slug: "statement"}

    def statement(self, nomination):
        return next((s for s in nomination.statements.all() if s.criterion_id == self.criterion.pk), None)

    def started(self, nomination):
        statement = self.statement(nomination)
        return statement is not None and any(getattr(statement, part) for part in STATEMENT_PARTS)

    def missing(self, nomination):
        statement, name = self.statement(nomination), self.criterion.name.lower()
        if statement is None or not statement.is_complete():
            return [Missing(self.slug, f"Complete the statement on {name}")]
        if statement.words() > self.criterion.word_limit:
            return [
                Missing(self.slug, f"Shorten the statement on {name} to {self.criterion.word_limit} words")
            ]
        return []


class LinksSection(NominationSection):
    slug, title = "links", "Supporting links and how you know the nominee"
    pages = {"links": "links"}

    def started(self, nomination):
        return bool(nomination.relationship or nomination.links)

    def missing(self, nomination):
        return (
            []
            if has_visible_text(nomination.relationship)
            else [Missing(self.slug, "Say how you know the nominee")]
        )


class NominationTasks:
    """The sections of one nomination, in order (its round's criteria decide the statements)."""

    def __init__(self, nomination: Nomination):
        self.nomination = nomination

    @cached_property
    def sections(self) -> list[NominationSection]:
        round_ = self.nomination.round
        return [
            NomineeSection(),
            InnovationSection(required=round_.innovation_required),
            SummarySection(),
            *(StatementSection(criterion) for criterion in round_.criteria.all()),
            LinksSection(),
        ]

    def page(self, slug: str) -> tuple[NominationSection, str] | None:
        """The section a page belongs to, and which kind of page it is; None for no such page."""
        for section in self.sections:
            if slug in section.pages:
                return section, section.pages[slug]
        return None


def nomination_sections(nomination: Nomination) -> list[NominationSection]:
    return NominationTasks(nomination).sections


def nomination_problems(nomination: Nomination) -> list[Missing]:
    """What stops this nomination being submitted, in the task list's order, each with a clear reason
    and the page that asks for it (`section`)."""
    return missing(nomination_sections(nomination), nomination)
