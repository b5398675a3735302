"""The demo's award: the Scaling Up Award with a round open for nominations as the demo is loaded, its
categories and criteria. Created once; running again leaves it as it is."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from awards.models import Award, Category, Criterion, Round

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

    round_ = Round.objects.create(
        award=award, year=closes.year,
        description="Nominate a person or a team who has scaled an innovation in a public service.",
        opens_at=at(now.date() - timedelta(days=14), 9), closes_at=at(closes, 17),
        judging_ends_at=at(closes + timedelta(days=30), 17), announce_at=at(closes + timedelta(days=60), 10),
        judges_per_nomination=3,
    )  # fmt: skip
    Category.objects.create(round=round_, name="Scaling Up Champion", order=1,
                            description="A person who has led the spread of an innovation.")  # fmt: skip
    Category.objects.create(round=round_, name="Scaling Up Team", order=2,
                            description="A team, from one organisation or several, that scaled an innovation together.")  # fmt: skip
    for order, (name, description, weight, scale) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(
            round=round_, name=name, description=description, weight=weight, order=order, word_limit=300,
            **{f"score_{n}": meaning for n, meaning in enumerate(scale, start=1)},
        )  # fmt: skip
    return round_
