"""The Scaling Up award: an award has rounds (one a year); a round has categories, criteria with weights
and what each score means, dates that decide its state, and who is eligible. Nominations, judging and
decisions build on these."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.core.text import NOTE_LIMIT, count_words, has_visible_text, length_checks
from portal.core.vocabulary import AwardOutcome, OrganisationType
from portal.models import Organisation


class Award(models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        max_length=NOTE_LIMIT, help_text="What the award recognises, for the public page."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [*length_checks("award", {"description": NOTE_LIMIT})]

    def __str__(self) -> str:
        return self.name


class RoundState(models.TextChoices):
    UPCOMING = "upcoming", "Opening soon"
    OPEN = "open", "Open for nominations"
    JUDGING = "judging", "Being judged"
    DECIDING = "deciding", "Winners being decided"
    ANNOUNCED = "announced", "Winners announced"


class Nominees(models.TextChoices):
    INDIVIDUALS = "individuals", "Individuals only"
    TEAMS = "teams", "Teams only"
    EITHER = "either", "Individuals or teams"


# Each state of a round is the time between two of its dates (None: no bound). The one place dates decide
# a state: the predicates below, their QuerySet filters and the SQL the publishing reads all ask it.
STATE_WINDOWS = {
    RoundState.UPCOMING: (None, "opens_at"),
    RoundState.OPEN: ("opens_at", "closes_at"),
    RoundState.JUDGING: ("closes_at", "judging_ends_at"),
    RoundState.DECIDING: ("judging_ends_at", "announce_at"),
    RoundState.ANNOUNCED: ("announce_at", None),
}


def in_state_q(state: str, now=None, *, prefix: str = "") -> models.Q:
    """The filter for rounds in `state` at `now` (`prefix`: the path to the round, "round__")."""
    now = now or timezone.now()
    start, end = STATE_WINDOWS[state]
    q = models.Q()
    if start:
        q &= models.Q(**{f"{prefix}{start}__lte": now})
    if end:
        q &= models.Q(**{f"{prefix}{end}__gt": now})
    return q


def in_state_sql(state: str, alias: str) -> str:
    """The same, as SQL over the round table `alias`, at the statement's now()."""
    start, end = STATE_WINDOWS[state]
    parts = ([f"{alias}.{start} <= now()"] if start else []) + ([f"{alias}.{end} > now()"] if end else [])
    return " AND ".join(parts)


class RoundQuerySet(models.QuerySet):
    def public(self):
        return self.select_related("award").order_by("-year")

    def in_state(self, state: str, now=None):
        return self.filter(in_state_q(state, now))

    def open(self, now=None):
        """Rounds open for nominations (`Round.is_open`)."""
        return self.in_state(RoundState.OPEN, now)

    def judging(self, now=None):
        """Rounds being judged (`Round.is_judging`)."""
        return self.in_state(RoundState.JUDGING, now)

    def results_public(self, now=None):
        """Rounds whose winners are announced (`Round.results_are_public`)."""
        return self.in_state(RoundState.ANNOUNCED, now)


class Round(models.Model):
    """One year of an award. Its state follows its dates: open from `opens_at`, judged from
    `closes_at`, decided from `judging_ends_at`, public from `announce_at`."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True, max_length=NOTE_LIMIT)
    opens_at = models.DateTimeField("nominations open")
    closes_at = models.DateTimeField("nominations close")
    judging_ends_at = models.DateTimeField("judging ends")
    announce_at = models.DateTimeField("winners announced")
    nominees = models.CharField(
        "who may be nominated", max_length=16, choices=Nominees.choices, default=Nominees.EITHER
    )
    eligible_organisation_types = ArrayField(
        models.CharField(max_length=32, choices=OrganisationType.choices),
        default=list,
        blank=True,
        help_text="Leave empty to accept nominees from any kind of organisation.",
    )
    innovation_required = models.BooleanField("an innovation from the catalogue is required", default=False)
    blind_judging = models.BooleanField(
        default=False, help_text="Judges do not see nominees' names and organisations."
    )
    judges_per_nomination = models.PositiveSmallIntegerField(default=3)
    # When the results were last published: the champions directory, the innovations' awards and the
    # invitations to mentor (awards.publishing). Empty until the announcement date has passed.
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["award", "year"], name="round_once_a_year"),
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at"))
                & models.Q(closes_at__lt=models.F("judging_ends_at"))
                & models.Q(judging_ends_at__lte=models.F("announce_at")),
                name="round_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(eligible_organisation_types__contained_by=OrganisationType.values),
                name="round_organisation_types_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(nominees__in=Nominees.values), name="round_nominees_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(judges_per_nomination__gte=1, judges_per_nomination__lte=10),
                name="round_judges_1_10",
            ),
            *length_checks("round", {"description": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("awards:round", kwargs={"award": self.award.slug, "year": self.year})

    def clean(self):
        dates = [self.opens_at, self.closes_at, self.judging_ends_at, self.announce_at]
        if all(dates) and not (dates[0] < dates[1] < dates[2] <= dates[3]):
            raise ValidationError(
                "The dates must come in order: nominations open, nominations close, judging ends, then the "
                "winners are announced."
            )

    def in_state(self, state: str, now=None) -> bool:
        now = now or timezone.now()
        start, end = STATE_WINDOWS[state]
        return (start is None or getattr(self, start) <= now) and (end is None or now < getattr(self, end))

    def state(self, now=None) -> str:
        now = now or timezone.now()
        return next(state for state in STATE_WINDOWS if self.in_state(state, now))

    def state_label(self) -> str:
        return RoundState(self.state()).label

    def is_open(self, now=None) -> bool:
        """Open for nominations: they can be started, changed and withdrawn (`Round.objects.open()`)."""
        return self.in_state(RoundState.OPEN, now)

    def is_judging(self, now=None) -> bool:
        """Being judged: judges score, and may step aside (`Round.objects.judging()`)."""
        return self.in_state(RoundState.JUDGING, now)

    def is_deciding(self, now=None) -> bool:
        """Judging has ended and the winners are not yet announced: decisions are recorded."""
        return self.in_state(RoundState.DECIDING, now)

    def judging_has_ended(self, now=None) -> bool:
        """Scores stand as they are: deciding, or announced."""
        return self.is_deciding(now) or self.results_are_public(now)

    def results_are_public(self, now=None) -> bool:
        """The winners are announced, and shown (`Round.objects.results_public()`)."""
        return self.in_state(RoundState.ANNOUNCED, now)

    is_announced = results_are_public

    def eligible_labels(self) -> list[str]:
        return [OrganisationType(code).label for code in self.eligible_organisation_types]


class Category(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=NOTE_LIMIT)
    nominees = models.CharField(
        "who may be nominated in it", max_length=16, choices=Nominees.choices, default=Nominees.EITHER
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="category_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(nominees__in=Nominees.values), name="category_nominees_valid"
            ),
            *length_checks("category", {"description": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return self.name

    def refuses(self, kind: str) -> str:
        """Why this category does not take a nomination of `kind` (an individual or a team), or ""."""
        if self.nominees == Nominees.INDIVIDUALS and kind == NomineeKind.TEAM:
            return f"The {self.name} category is for individuals: choose an individual, or another category"
        if self.nominees == Nominees.TEAMS and kind == NomineeKind.INDIVIDUAL:
            return f"The {self.name} category is for teams: choose a team, or another category"
        return ""


SCORES = range(1, 6)


class Criterion(models.Model):
    """What judges score, 1 to 5, with its weight in the total and what each score means. Nominators write
    a statement for each (situation, task, action, result) within the word limit."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=150)
    description = models.TextField(max_length=NOTE_LIMIT)
    weight = models.PositiveSmallIntegerField(
        default=1, help_text="Its share of the weighted score (1 to 10)."
    )
    word_limit = models.PositiveSmallIntegerField(
        default=300, help_text="Words for the nominator's statement."
    )
    score_1 = models.CharField("what a 1 means", max_length=300)
    score_2 = models.CharField("what a 2 means", max_length=300)
    score_3 = models.CharField("what a 3 means", max_length=300)
    score_4 = models.CharField("what a 4 means", max_length=300)
    score_5 = models.CharField("what a 5 means", max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=10), name="criterion_weight_1_10"
            ),
            models.CheckConstraint(
                condition=models.Q(word_limit__gte=50, word_limit__lte=2000),
                name="criterion_word_limit_range",
            ),
            *length_checks("criterion", {"description": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return self.name

    def scale(self) -> list[tuple[int, str]]:
        return [(score, getattr(self, f"score_{score}")) for score in SCORES]


SUMMARY_WORDS = 150


class NominationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", "An individual"
    TEAM = "team", "A team"


class Nomination(models.Model):
    """Someone's nomination of a person or a team for a round, written section by section as a draft,
    submitted before the round closes, and changeable or withdrawn until then."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nominations"
    )
    status = models.CharField(max_length=16, choices=NominationStatus.choices, default=NominationStatus.DRAFT)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("who you are nominating", max_length=16, choices=NomineeKind.choices, blank=True)
    team_name = models.CharField(max_length=150, blank=True)
    innovation = models.ForeignKey(
        "innovations.Innovation", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    summary = models.TextField(blank=True, max_length=NOTE_LIMIT)
    links = ArrayField(models.URLField(max_length=500), default=list, blank=True)
    relationship = models.TextField("how you know the nominee", blank=True, max_length=NOTE_LIMIT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=NominationStatus.values), name="nomination_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["", *NomineeKind.values]), name="nomination_kind_valid"
            ),
            *length_checks("nomination", {"summary": NOTE_LIMIT, "relationship": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"Nomination of {self.nominee_names() or 'someone'} ({self.round})"

    def can_be_withdrawn(self) -> bool:
        """Its nominator may still withdraw it: not withdrawn, and its round still open."""
        return self.status != NominationStatus.WITHDRAWN and self.round.is_open()

    def result(self) -> str:
        """Where a submitted nomination was placed ("Winner", "Not placed"), once its round's winners are
        announced; "" before (nothing about decisions shows until then) and for one not submitted."""
        if self.status != NominationStatus.SUBMITTED or not self.round.results_are_public():
            return ""
        decision = getattr(self, "decision", None)
        return decision.get_outcome_display() if decision else "Not placed"

    def nominee_names(self) -> str:
        if self.kind == NomineeKind.TEAM and self.team_name:
            return self.team_name
        return ", ".join(n.name for n in self.nominees.all())


class Nominee(models.Model):
    """A person nominated (one, or each member of a team). Their email is for the portal's note to them
    alone: it never appears on a public page."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="nominees")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    order = models.PositiveSmallIntegerField(default=0)
    # A champion (winner, highly commended or shortlisted) is invited to mentor once, when the results
    # are published, and may accept once.
    invited_to_mentor_at = models.DateTimeField(null=True, blank=True, editable=False)
    joined_mentors_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


STATEMENT_PARTS = ["situation", "task", "action", "result"]


class Statement(models.Model):
    """The nominator's account of one criterion: situation, task, action and result, within the
    criterion's word limit counted over the four together."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="statements")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    situation = models.TextField(blank=True, max_length=NOTE_LIMIT)
    task = models.TextField(blank=True, max_length=NOTE_LIMIT)
    action = models.TextField(blank=True, max_length=NOTE_LIMIT)
    result = models.TextField(blank=True, max_length=NOTE_LIMIT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "criterion"], name="statement_once_per_criterion"),
            *length_checks("statement", dict.fromkeys(STATEMENT_PARTS, NOTE_LIMIT)),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} for {self.nomination_id}"

    def words(self) -> int:
        return sum(count_words(getattr(self, part)) for part in STATEMENT_PARTS)

    def is_complete(self) -> bool:
        return all(has_visible_text(getattr(self, part)) for part in STATEMENT_PARTS)


class Judge(models.Model):
    """Someone the central team appointed to judge a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judging")
    # When they were reminded of what they had not scored, before judging ends (once a round).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="judge_once_per_round")]

    def __str__(self) -> str:
        return f"{self.user} judging {self.round}"


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", "To judge"
    CONFLICTED = "conflicted", "Stepped aside: a conflict of interest"


class Assignment(models.Model):
    """A nomination given to a judge to score. A judge with a conflict of interest steps aside: the
    assignment stays, as the record that they must never see it, and another judge fills the gap."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    conflict_reason = models.TextField(blank=True, max_length=NOTE_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "judge"], name="assignment_once_per_judge"),
            models.CheckConstraint(
                condition=models.Q(status__in=AssignmentStatus.values), name="assignment_status_valid"
            ),
            *length_checks("assignment", {"conflict_reason": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} for {self.judge}"


class Score(models.Model):
    """A judge's score, 1 to 5, for one criterion of a nomination, with their comment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=NOTE_LIMIT)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORES[0], score__lte=SCORES[-1]), name="score_1_5"
            ),
            *length_checks("score", {"comment": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.score} for {self.criterion}"


# The award's places are shared vocabulary: an innovation's page and search show them too.
Outcome = AwardOutcome


class Decision(models.Model):
    """The central team's decision on a nomination, with who decided and when, and a citation (required
    for a winner). Public only from the round's announcement date."""

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    citation = models.TextField(blank=True, max_length=NOTE_LIMIT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values), name="decision_outcome_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome=Outcome.WINNER) | ~models.Q(citation=""),
                name="decision_winner_has_citation",
            ),
            *length_checks("decision", {"citation": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.nomination}"

    def placing(self) -> str:
        """How the nominee was placed, to follow "you were": "named a winner in the Scaling Up Champion
        category", "highly commended", "shortlisted"."""
        phrase = {Outcome.WINNER: "named a winner", Outcome.HIGHLY_COMMENDED: "highly commended"}.get(
            self.outcome, "shortlisted"
        )
        category = self.nomination.category
        return f"{phrase} in the {category.name} category" if category else phrase


class ChampionEntry(models.Model):
    """The Scaling Up Champions directory's searchable face of a published decision: one row per
    winner, highly commended or shortlisted nomination of a round whose results are announced, kept by
    `awards.publishing.champions_refresh`, so nothing of a round shows before its announcement date.
    Never holds a nominee's email."""

    decision = models.OneToOneField(
        Decision, primary_key=True, on_delete=models.CASCADE, related_name="entry"
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    year = models.SmallIntegerField()
    outcome = models.CharField(max_length=20)
    outcome_rank = models.SmallIntegerField()  # 1 winner, 2 highly commended, 3 shortlisted
    category_slug = models.CharField(max_length=150, blank=True)
    category_name = models.CharField(max_length=150, blank=True)
    name = models.CharField(max_length=300)
    theme_bits = models.IntegerField(default=0)
    region_bits = models.IntegerField(default=0)
    type_bits = models.IntegerField(default=0)
    published_at = models.DateTimeField()
    search_vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["search_vector"], name="champion_entry_search_gin")]

    def __str__(self) -> str:
        return f"Champion entry {self.decision_id}"
