"""Synthetic mentors and open requests for load testing: approved mentors with varied expertise, regions,
formats and capacity, and requests for a mentor still to be matched. Not for production data."""

import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from innovations.models import PolicyArea
from mentoring.models import Format, JoinedBy, Mentor, MentorRequest
from mentoring.services import mentor_refresh
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme
from portal.models import Organisation, User
from portal.moderation.models import Status

WORDS = [
    "evidence",
    "evaluation",
    "commissioning",
    "housing",
    "health",
    "care",
    "schools",
    "councils",
    "partners",
    "funding",
    "business",
    "case",
    "procurement",
    "digital",
    "data",
    "volunteers",
    "networks",
    "adoption",
    "spread",
    "pilot",
    "trial",
    "board",
    "sponsor",
    "community",
    "youth",
]


def _some(rng: random.Random, values, low: int = 1, high: int = 3) -> list:
    return rng.sample(list(values), rng.randint(low, min(high, len(values))))


class Command(BaseCommand):
    help = "Add synthetic approved mentors and open requests for a mentor (load testing only)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="mentors to add")
        parser.add_argument("--requests", type=int, default=0, help="open requests to add")
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, count: int, requests: int, seed: int, **options):
        rng = random.Random(seed)
        start = User.objects.count()
        organisations = self._organisations(rng)
        areas = list(PolicyArea.objects.all())
        password = make_password(None)
        now = timezone.now()
        users = User.objects.bulk_create(
            User(
                email=f"synthetic-{start + n}@example.org", full_name=f"{rng.choice(WORDS).title()} Mentor {start + n}",
                job_title="Head of service", organisation=rng.choice(organisations), password=password,
            )
            for n in range(count + requests)
        )  # fmt: skip
        mentor_users, requester_users = users[:count], users[count:]
        mentors = Mentor.objects.bulk_create(
            Mentor(
                user=user, slug=f"synthetic-mentor-{user.pk}", status=Status.PUBLISHED, published_at=now,
                themes=_some(rng, Theme.values, 1, 4), stages=_some(rng, Stage.values, 1, 3),
                knows_organisation_types=_some(rng, OrganisationType.values, 1, 3), region=rng.choice(Region.values),
                formats=_some(rng, Format.values, 1, 2), capacity=rng.randint(1, 5),
                bio=" ".join(rng.choices(WORDS, k=25)).capitalize() + ".", joined_by=JoinedBy.IMPORTED,
            )
            for user in mentor_users
        )  # fmt: skip
        through = Mentor.policy_areas.through
        through.objects.bulk_create(
            through(mentor_id=mentor.pk, policyarea_id=area.pk)
            for mentor in mentors
            for area in _some(rng, areas, 0, 3)
        )
        created = MentorRequest.objects.bulk_create(
            MentorRequest(
                requester=user, idea=" ".join(rng.choices(WORDS, k=30)).capitalize() + ".",
                stage=rng.choice(Stage.values), themes=_some(rng, Theme.values, 1, 3), region=rng.choice(Region.values),
                formats=_some(rng, Format.values, 1, 2), wants="A business case and partners to adopt it.",
            )
            for user in requester_users
        )  # fmt: skip
        request_through = MentorRequest.policy_areas.through
        request_through.objects.bulk_create(
            request_through(mentorrequest_id=r.pk, policyarea_id=area.pk)
            for r in created
            for area in _some(rng, areas, 0, 2)
        )
        mentor_refresh([mentor.pk for mentor in mentors])
        self.stdout.write(f"Added {len(mentors)} mentors and {len(created)} open requests.")

    def _organisations(self, rng: random.Random) -> list[Organisation]:
        existing = list(Organisation.objects.filter(name__startswith="Synthetic organisation"))
        if len(existing) >= 200:
            return existing
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Synthetic organisation {n}", organisation_type=rng.choice(OrganisationType.values),
                region=rng.choice(Region.values),
            )
            for n in range(len(existing), 200)
        )  # fmt: skip
        return list(Organisation.objects.filter(name__startswith="Synthetic organisation"))
