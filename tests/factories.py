import io

import factory
from allauth.account.models import EmailAddress

from innovations.importer import COLUMNS as INNOVATION_COLUMNS
from mentoring.services import COLUMNS as MENTOR_COLUMNS
from portal.advice.services import COLUMNS as ADVICE_COLUMNS
from portal.models import Organisation, User

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    organisation_type = "local_authority"
    region = "london"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user whose email address is verified, so they can sign in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


# The authenticator-app secret of every StaffFactory user, so a test can work out their codes.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = STAFF_TOTP_SECRET) -> str:
    """The code an authenticator app shows now for `secret`."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class StaffFactory(UserFactory):
    """A member of the central team, with an authenticator app set up (the admin requires one)."""

    is_staff = True
    is_superuser = True

    @factory.post_generation
    def authenticator_app(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP

            TOTP.activate(self, STAFF_TOTP_SECRET)


def make_innovation(*, policy_areas=(), status="published", adopters=(), **fields):
    """An innovation saved through the service (so the catalogue is refreshed), published by default."""
    from innovations.models import Innovation
    from innovations.services import adoption_record, innovation_save

    fields.setdefault("title", f"Innovation {Innovation.objects.count() + 1}")
    fields.setdefault("summary", "A way of working that helped people.")
    fields.setdefault("evidence_level", 2)
    fields.setdefault("stage", "prove")
    if "organisation" not in fields:
        fields["organisation"] = OrganisationFactory()
    innovation = Innovation(status=status, **fields)
    areas = [policy_area(name) for name in policy_areas]
    innovation_save(innovation=innovation, policy_areas=areas)
    for adopter in adopters:
        adoption_record(innovation=innovation, organisation=adopter, status="published")
    innovation.refresh_from_db()
    return innovation


def policy_area(name: str):
    """The seeded policy area called `name` (re-created when a transactional test has emptied the table)."""
    from django.utils.text import slugify

    from innovations.models import PolicyArea
    from portal.core.vocabulary import INITIAL_POLICY_AREAS

    bit = INITIAL_POLICY_AREAS.index(name)
    return PolicyArea.objects.get_or_create(name=name, defaults={"slug": slugify(name), "bit": bit})[0]


def make_advice(*, support_types=("guidance",), **fields):
    """An advice source with its support types (by code), indexed for search like an imported one."""
    from portal.advice.models import AdviceSource, SupportType
    from portal.advice.services import advice_refresh, support_types_seed
    from portal.models import Organisation

    support_types_seed()
    fields.setdefault("slug", fields["name"].lower().replace(" ", "-"))
    fields.setdefault("description", "x")
    fields.setdefault("url", "https://example.org")
    fields.setdefault("service_areas", ["uk_wide"])
    if "provider" not in fields:
        fields["provider"] = Organisation.objects.get_or_create(name="Provider")[0]
    source = AdviceSource.objects.create(**fields)
    source.support_types.set(SupportType.objects.filter(slug__in=support_types))
    advice_refresh([source.pk])
    return source


def load_demo_advice():
    """The demo directory, imported as `make run` does (support types re-created if a test emptied them)."""
    from portal.advice.services import import_advice, support_types_seed
    from portal.management.commands.load_demo import DEMO_ADVICE

    support_types_seed()
    with DEMO_ADVICE.open("rb") as handle:
        plan, sources = import_advice(handle)
    assert plan.is_valid, plan.errors
    return sources


# CSV files for the imports: one row of good values, any of which a test can change.
INNOVATION_HEADER = ",".join(INNOVATION_COLUMNS)


def innovation_row(**values) -> str:
    defaults = {
        "title": "Housing First",
        "summary": "Homes first, support after.",
        "problem": "People cycled between street and hostel.",
        "solution": "Tenancies without conditions.",
        "outcomes": "82% still housed after two years.",
        "evidence_level": "4",
        "stage": "adopt",
        "themes": "evidence;networks",
        "policy_areas": "housing and HOMELESSNESS;Health",
        "organisation": "Northby City Council",
        "organisation_type": "local_authority",
        "region": "north_east",
        "cost_band": "3",
        "year_started": "2016",
        "website": "https://example.org/housing-first",
        "tags": "rough sleeping;tenancy",
        "adopted_by": "Westshire County Council;Valleys Fire and Rescue Service",
    }
    defaults.update(values)
    return ",".join(f'"{defaults.get(c, "")}"' for c in INNOVATION_COLUMNS)


def innovation_csv(*rows: str, header: str = INNOVATION_HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


ADVICE_HEADER = ",".join(ADVICE_COLUMNS)


def advice_row(**values) -> str:
    defaults = {
        "name": "What Works Network",
        "provider": "Cabinet Office",
        "description": "Independent centres sharing evidence.",
        "url": "https://example.org/what-works",
        "email": "",
        "fees": "free",
        "support_types": "evaluation;Guidance and toolkits",
        "themes": "evidence",
        "stages": "prove;Grow it",
        "audiences": "local_authority;NHS",
        "regions": "uk_wide",
    }
    defaults.update(values)
    return ",".join(f'"{defaults[c]}"' for c in ADVICE_COLUMNS)


def advice_csv(*rows: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([ADVICE_HEADER, *rows]) + "\n").encode())


def mentor_row(**values) -> str:
    defaults = {
        "name": "Alex Morgan",
        "email": "alex@northby.example.org",
        "job_title": "Head of housing options",
        "organisation": "Northby City Council",
        "organisation_type": "local_authority",
        "region": "north_east",
        "themes": "evidence;Networks",
        "policy_areas": "Housing and homelessness",
        "stages": "prove;Grow it",
        "knows_organisation_types": "local_authority;NHS",
        "formats": "remote;in_person",
        "capacity": "2",
        "bio": "Led Housing First from ten tenancies to a city-wide service.",
    }
    defaults.update(values)
    return ",".join(f'"{defaults[c]}"' for c in MENTOR_COLUMNS)


def mentor_csv(*rows: str, header: str = ",".join(MENTOR_COLUMNS)) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


def make_mentor(*, user=None, status="published", policy_areas=(), **fields):
    """A mentor offer saved through the service (so the directory is refreshed), approved by default."""
    from mentoring.models import Mentor
    from mentoring.services import mentor_save

    user = user or UserFactory(job_title="Head of service", organisation=OrganisationFactory())
    defaults = {
        "themes": ["evidence"],
        "stages": ["prove"],
        "region": "london",
        "formats": ["remote"],
        "capacity": 2,
        "bio": "Helped three councils adopt an idea.",
    }
    mentor = Mentor(user=user, status=status, **{**defaults, **fields})
    return mentor_save(mentor=mentor, policy_areas=[policy_area(name) for name in policy_areas])


def submit_nomination(round_, *, nominee_org: str, nominator=None, name="Alex Morgan"):
    """A complete nomination submitted to an open round, through the services."""
    from awards.services import (
        nomination_save,
        nomination_save_nominees,
        nomination_start,
        nomination_submit,
        statement_save,
    )

    nominator = nominator or UserFactory(organisation=OrganisationFactory())
    nomination = nomination_start(round_=round_, user=nominator)
    nomination_save_nominees(
        nomination=nomination, user=nominator, category=round_.categories.first(), kind="individual", team_name="",
        people=[{"name": name, "role": "Lead", "organisation_name": nominee_org, "organisation_type": "local_authority",
                 "email": f"{name.split()[0].lower()}@{nominee_org.split()[0].lower()}.example.org"}],
    )  # fmt: skip
    nomination_save(nomination=nomination, summary="Scaled it.", relationship="Colleague.")
    for criterion in round_.criteria.all():
        statement_save(
            nomination=nomination, criterion=criterion, situation="s", task="t", action="a", result="r"
        )
    return nomination_submit(nomination=nomination)


def round_in_judging(round_):
    """Nominations closed yesterday; judging ends next week."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    round_.opens_at, round_.closes_at = now - timedelta(days=30), now - timedelta(days=1)
    round_.judging_ends_at, round_.announce_at = now + timedelta(days=7), now + timedelta(days=14)
    round_.save()


def round_deciding(round_):
    """Judging ended yesterday; the winners are announced tomorrow."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    round_.opens_at, round_.closes_at = now - timedelta(days=60), now - timedelta(days=30)
    round_.judging_ends_at, round_.announce_at = now - timedelta(days=1), now + timedelta(days=1)
    round_.save()


def announce_results(round_, decisions, *, publish=True):
    """Record `decisions` (nomination -> (outcome, citation)) while the round is being decided, then move
    its announcement date to a minute ago and publish its results, as cron would."""
    from datetime import timedelta

    from django.utils import timezone

    from awards.publishing import results_sync
    from awards.services import decision_record

    round_deciding(round_)
    staff = StaffFactory()
    for nomination, (outcome, citation) in decisions.items():
        decision_record(nomination=nomination, user=staff, outcome=outcome, citation=citation)
    round_.announce_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    if publish:
        results_sync(round_)


def champion_of_last_year(round_, *, name="Casey Champion", innovation=None):
    """A round the year before `round_`, announced, whose one nomination won: its nominee (a published
    champion, invited to mentor)."""
    from awards.models import Category, Round

    last_year = Round.objects.create(
        award=round_.award, year=round_.year - 1, opens_at=round_.opens_at, closes_at=round_.closes_at,
        judging_ends_at=round_.judging_ends_at, announce_at=round_.announce_at,
    )  # fmt: skip
    Category.objects.create(round=last_year, name="Scaling Up Team")
    nomination = submit_nomination(last_year, nominee_org="Eastmoor District Council", name=name)
    if innovation is not None:
        nomination.innovation = innovation
        nomination.save(update_fields=["innovation"])
    announce_results(last_year, {nomination: ("winner", "For spreading it to four other councils.")})
    return nomination.nominees.get()


def ensure_curated_synonyms():
    """The starting synonyms (a migration adds them; a test with a transactional database empties every
    table when it ends, so they are put back when missing)."""
    from portal.search.models import Synonym
    from portal.search.vocabulary import seed_rows, synonym_rules_refresh

    if not Synonym.objects.exists():
        Synonym.objects.bulk_create(
            Synonym(phrase=r["phrase"], also_means=r["also_means"]) for r in seed_rows()
        )
        synonym_rules_refresh()


def admin_change_data(page, **overrides) -> dict:
    """An admin change page's forms (the object's and its inlines') as a browser would post them back,
    with `overrides` replacing values of the object's own form."""
    from django.utils import timezone

    data = {}

    def put(form, prefix=""):
        for name in form.fields:
            value = overrides[name] if prefix == "" and name in overrides else form[name].value()
            if hasattr(value, "astimezone"):
                local = timezone.localtime(value)
                data[f"{prefix}{name}_0"] = local.strftime("%d/%m/%Y")
                data[f"{prefix}{name}_1"] = local.strftime("%H:%M:%S")
            elif isinstance(value, list) or value is not None:
                data[f"{prefix}{name}"] = value

    put(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        put(formset.management_form, f"{formset.prefix}-")
        for index, form in enumerate(formset.forms):
            put(form, f"{formset.prefix}-{index}-")
    return data
