"""The demo's award: the Scaling Up Award with a round open for nominations as the demo is loaded, its
categories and criteria, and last year's round, announced, whose winners, highly commended and
shortlisted are the first Scaling Up Champions. Created once; running again leaves it as it is."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from awards.models import (
    Assignment,
    Award,
    Category,
    Criterion,
    Decision,
    Judge,
    Nomination,
    NominationStatus,
    Nominee,
    NomineeKind,
    Nominees,
    Round,
    Score,
    Statement,
)
from awards.publishing import results_sync
from innovations.models import Innovation
from portal.models import User
from portal.services import organisation_get_or_create

CRITERIA = [
    (
        "Reach and spread",
        "How far the innovation has spread beyond where it started: other teams, organisations or places "
        "that now use it, and how many people it reaches.",
        3,
        ["Used only where it began", "Tried by one other team", "Adopted by one or two other organisations",
         "Adopted by several organisations in different places", "Adopted widely, or made mainstream"],
    ),
    (
        "Evidence of impact",
        "What the evidence shows about the difference it makes, and how strong that evidence is.",
        3,
        ["No evidence yet", "Data suggests a change", "A comparison shows it caused the change",
         "Independent evaluation confirms the impact", "Shown to work when others run it at scale"],
    ),
    (
        "Helping others adopt",
        "What the nominee did to help others take it up: guidance, visits, mentoring, sharing failures as well "
        "as successes.",
        2,
        ["Nothing beyond telling people about it", "Answered questions when asked", "Shared guidance or tools",
         "Supported other organisations through adoption", "Built lasting support that others now run"],
    ),
    (
        "Lasting change",
        "Whether the change will last: funding, ownership and the conditions for scaling up in place.",
        2,
        ["Depends on one person or a short grant", "Some commitment beyond the pilot",
         "Funded for the next year or two", "Part of normal budgets and practice", "Embedded and self-sustaining"],
    ),
]  # fmt: skip


@transaction.atomic
def load_demo_awards(*, now=None) -> Round:
    now = timezone.localtime(now or timezone.now())
    award, _ = Award.objects.get_or_create(
        slug="scaling-up",
        defaults={
            "name": "Scaling Up Award",
            "description": "Recognises people and teams who have scaled an innovation in a public service well, "
            "so that others can learn from how they did it. Winners and those shortlisted become Scaling Up "
            "Champions, and are invited to mentor others.",
        },
    )
    closes = now.date() + timedelta(days=60)
    existing = Round.objects.filter(award=award).order_by("-year").first()
    if existing is not None:
        return existing

    def at(day, hour):
        return timezone.make_aware(datetime.combine(day, time(hour)))

    _load_announced_round(award, year=closes.year - 1, now=now, at=at)
    round_ = Round.objects.create(
        award=award, year=closes.year,
        description="For a person or a team who has scaled an innovation in a public service in the last two years.",
        opens_at=at(now.date() - timedelta(days=14), 9), closes_at=at(closes, 17),
        judging_ends_at=at(closes + timedelta(days=30), 17), announce_at=at(closes + timedelta(days=60), 10),
        judges_per_nomination=3,
    )  # fmt: skip
    _categories(round_)
    _criteria(round_)
    for judge in _demo_judges():
        Judge.objects.create(round=round_, user=judge)
    return round_


def _demo_judges() -> list[User]:
    """The demo judge (who signs in) and two panel members beside them, who do not; none without the
    demo's accounts."""
    judges = list(User.objects.filter(email="judge@example.org"))
    if not judges:
        return []
    for name, email, organisation in PANEL:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email, full_name=name, organisation=organisation_get_or_create(name=organisation)
            )
            user.set_unusable_password()
            user.save()
        judges.append(user)
    return judges


PANEL = [
    ("Priya Shah", "priya.shah@panel.example.org", "Institute for Public Service Innovation"),
    ("Owen Davies", "owen.davies@panel.example.org", "Wales Centre for Public Policy Practice"),
]
# What each judge gave last year's nominations, criterion by criterion (the champions' order), with a
# comment on the first criterion: the leaderboard and the demo judge's queue have something to show.
PANEL_SCORES = [
    [(5, "Now the city's default offer, and four councils started their own."), (4, ""), (5, ""), (4, "")],
    [(4, "Three neighbouring services trained."), (4, ""), (4, ""), (3, "")],
    [(3, "Every practice in the partnership."), (5, "A careful evaluation others reuse."), (3, ""), (4, "")],
    [(3, "Five towns."), (2, "Little evidence yet beyond numbers reached."), (3, ""), (3, "")],
]


def _categories(round_: Round) -> tuple[Category, Category]:
    person = Category.objects.create(round=round_, name="Individual", order=1, nominees=Nominees.INDIVIDUALS,
                                     description="A person who has led the spread of an innovation.")  # fmt: skip
    team = Category.objects.create(round=round_, name="Team", order=2, nominees=Nominees.TEAMS,
                                   description="A team, from one organisation or several, that scaled an innovation together.")  # fmt: skip
    return person, team


def _criteria(round_: Round) -> None:
    for order, (name, description, weight, scale) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(
            round=round_, name=name, description=description, weight=weight, order=order, word_limit=300,
            **{f"score_{n}": meaning for n, meaning in enumerate(scale, start=1)},
        )  # fmt: skip


# Last year's champions: (category, outcome, innovation title, team name, [(name, role, email)], summary,
# citation). Their organisation is the innovation's.
CHAMPIONS = [
    ("person", "winner", "Housing First for people sleeping rough", "",
     [("Grace Adeyemi", "Head of Homelessness Services", "grace.adeyemi@northby.example.org")],
     "Grace took Housing First from a pilot of twelve tenancies to the city's default offer for people sleeping "
     "rough, and then helped four other councils start their own, sharing the commissioning documents and the "
     "hard lessons about housing supply.",
     "For turning a small pilot into the city's normal way of ending rough sleeping, and for helping four other "
     "councils do the same, openly and generously."),
    ("team", "winner", "Falls prevention visits by firefighters", "Safe and Well team",
     [("Rhys Morgan", "Station Manager, Community Safety", "rhys.morgan@valleysfire.example.org"),
      ("Nia Hughes", "Falls Prevention Lead", "nia.hughes@valleysfire.example.org")],
     "The Safe and Well team added falls checks to home fire safety visits, trained every crew, and now runs the "
     "training for three neighbouring services.",
     "For showing how a service can reach people nobody else sees, and for teaching three other fire and rescue "
     "services to do the same."),
    ("person", "highly_commended", "Social prescribing link workers in GP surgeries", "",
     [("Tom Whitfield", "Social Prescribing Manager", "tom.whitfield@fenland.example.org")],
     "Tom set up link workers in two surgeries and grew the scheme to every practice in the partnership, with an "
     "evaluation others have since reused.",
     "Highly commended for a careful evaluation that other areas now use to make the case for link workers."),
    ("team", "shortlisted", "Peer support for new mothers", "Mothers Together volunteers",
     [("Amira Hassan", "Volunteer Coordinator", "amira.hassan@motherstogether.example.org")],
     "A volunteer network that trained mothers to support new mothers, now running in five towns.",
     ""),
]  # fmt: skip


def _load_announced_round(award: Award, *, year: int, now, at) -> Round | None:
    """Last year's round, announced a month ago, with its champions published (and invited to mentor)."""
    nominator = User.objects.filter(email="innovator@example.org").first()
    if nominator is None:
        return None
    today = now.date()
    round_ = Round.objects.create(
        award=award, year=year,
        description="The first round of the award, for innovations scaled in the year before.",
        opens_at=at(today - timedelta(days=210), 9), closes_at=at(today - timedelta(days=150), 17),
        judging_ends_at=at(today - timedelta(days=90), 17), announce_at=at(today - timedelta(days=30), 10),
        judges_per_nomination=3,
    )  # fmt: skip
    categories = dict(zip(["person", "team"], _categories(round_), strict=True))
    _criteria(round_)
    nominations = []
    for category, outcome, title, team_name, people, summary, citation in CHAMPIONS:
        innovation = Innovation.objects.filter(title=title).select_related("organisation").first()
        if innovation is None:
            continue
        nomination = Nomination.objects.create(
            round=round_, nominator=nominator, status=NominationStatus.SUBMITTED, category=categories[category],
            kind=NomineeKind.TEAM if team_name else NomineeKind.INDIVIDUAL, team_name=team_name,
            innovation=innovation, summary=summary, relationship="We worked together on the regional network.",
            submitted_at=round_.closes_at - timedelta(days=7),
        )  # fmt: skip
        for order, (name, role, email) in enumerate(people):
            organisation = organisation_get_or_create(name=innovation.organisation.name)
            Nominee.objects.create(
                nomination=nomination,
                name=name,
                role=role,
                organisation=organisation,
                email=email,
                order=order,
            )
        Decision.objects.create(
            nomination=nomination, outcome=outcome, citation=citation, decided_at=round_.judging_ends_at
        )
        _statements(nomination, innovation, summary)
        nominations.append(nomination)
    _judge_announced(round_, nominations)
    results_sync(round_)
    return round_


def _judge_announced(round_: Round, nominations: list[Nomination]) -> None:
    """Last year's panel: each judge scored every nomination (a judge's scores one point off the
    panel's now and then, so the leaderboard's figures differ)."""
    criteria = list(round_.criteria.all())
    for offset, judge in enumerate(_demo_judges()):
        Judge.objects.create(round=round_, user=judge)
        for index, nomination in enumerate(nominations):
            assignment = Assignment.objects.create(nomination=nomination, judge=judge)
            for position, (criterion, (score, comment)) in enumerate(
                zip(criteria, PANEL_SCORES[index % len(PANEL_SCORES)], strict=False)
            ):
                nudge = -1 if (offset + position + index) % 3 == 1 and score > 1 else 0
                Score.objects.create(
                    assignment=assignment,
                    criterion=criterion,
                    score=score + nudge,
                    comment=comment if offset == 0 else "",
                )


def _statements(nomination: Nomination, innovation: Innovation, summary: str) -> None:
    """A statement on each criterion, from the innovation's case study (a few dozen words a part)."""

    def words(text: str) -> str:
        return Truncator(" ".join(text.split())).words(45) or summary

    for criterion in nomination.round.criteria.all():
        Statement.objects.create(
            nomination=nomination,
            criterion=criterion,
            situation=words(innovation.problem),
            task=f"To take {innovation.title.lower()} beyond where it began, so that others could use it.",
            action=words(innovation.how_to_adopt or innovation.solution),
            result=words(innovation.outcomes),
        )
