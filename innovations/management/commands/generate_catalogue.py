import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from innovations.models import Adoption, Innovation, PolicyArea, Status
from innovations.services import catalogue_refresh
from innovations.synthetic import TextGenerator
from portal.core.vocabulary import CostBand, OrganisationType, Region, Stage, Theme
from portal.models import Organisation


class Command(BaseCommand):
    help = (
        "Add N published synthetic innovations, with organisations of every type and region and adoptions, "
        "for load tests and benchmarks. Each run adds new ones; names start 'Synthetic'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2011)

    def handle(self, *args, count: int, batch: int, seed: int, **options):
        if count < 1:
            raise CommandError("--count must be 1 or more.")
        areas = list(PolicyArea.objects.all())
        if not areas:
            raise CommandError("No policy areas: run migrations first.")
        started = time.monotonic()
        text = TextGenerator(seed=seed + Innovation.objects.count())
        rng = text.random
        organisations = self._organisations(rng, max(50, count // 50))
        through = Innovation.policy_areas.through
        offset = Innovation.objects.count()
        now = timezone.now()
        made = 0
        while made < count:
            size = min(batch, count - made)
            with transaction.atomic():
                innovations = []
                for n in range(size):
                    title = text.title()
                    number = offset + made + n + 1
                    innovations.append(
                        Innovation(
                            title=title,
                            slug=f"{slugify(title)[:60]}-{number}",
                            summary=text.summary(),
                            problem=text.paragraphs((1, 2)),
                            solution=text.paragraphs((2, 3)),
                            outcomes=text.paragraphs((1, 2)),
                            evidence_level=rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 20, 13, 7])[0],
                            evidence_justification=text.paragraph((1, 3)),
                            cost_band=rng.choice([None, *CostBand.values]),
                            cost_notes=text.sentence(),
                            resources_needed=text.paragraph((1, 3)),
                            challenges=text.paragraph((1, 3)),
                            conditions_for_success=text.paragraph((1, 2)),
                            lessons=text.paragraph((1, 3)),
                            how_to_adopt=text.paragraph((1, 2)),
                            stage=rng.choice(Stage.values),
                            themes=rng.sample(Theme.values, rng.randint(1, 3)),
                            organisation=rng.choice(organisations),
                            year_started=rng.randint(2000, 2026),
                            tags=text.words(rng.randint(0, 3))[1::2],
                            status=Status.PUBLISHED,
                            published_at=now - timezone.timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 5)),
                            last_verified=(now - timezone.timedelta(days=rng.randint(0, 900))).date(),
                        )
                    )
                Innovation.objects.bulk_create(innovations)
                links, adoptions = [], []
                for innovation in innovations:
                    for area in rng.sample(areas, rng.randint(1, 2)):
                        links.append(through(innovation_id=innovation.id, policyarea_id=area.id))
                    adopters = rng.choices([0, 0, 0, 1, 1, 2, 3, 5], k=1)[0]
                    for adopter in rng.sample(organisations, adopters):
                        if adopter.id != innovation.organisation_id:
                            adoptions.append(
                                Adoption(
                                    innovation=innovation,
                                    organisation=adopter,
                                    kind=rng.choice(["as_is", "adapted"]),
                                    year=rng.randint(2005, 2026),
                                    what_changed=text.sentence(),
                                    result=text.sentence(),
                                    status=Status.PUBLISHED,
                                )
                            )
                through.objects.bulk_create(links)
                Adoption.objects.bulk_create(adoptions, ignore_conflicts=True)
                catalogue_refresh([i.id for i in innovations])
            made += size
            self.stdout.write(f"  {made} of {count} ({time.monotonic() - started:.0f} s)")
        self.stdout.write(
            self.style.SUCCESS(f"Added {count} synthetic innovations in {time.monotonic() - started:.0f} s.")
        )

    def _organisations(self, rng, wanted: int) -> list[Organisation]:
        existing = list(Organisation.objects.filter(name__startswith="Synthetic "))
        types, regions = OrganisationType.values, Region.values
        new = [
            Organisation(
                name=f"Synthetic {OrganisationType(types[n % len(types)]).label} {n}",
                organisation_type=types[n % len(types)],
                region=regions[(n // len(types)) % len(regions)],
            )
            for n in range(len(existing), wanted)
        ]
        Organisation.objects.bulk_create(new)
        return existing + new
