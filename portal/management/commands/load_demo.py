from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.demo_content import load_demo_awards
from innovations.importer import import_innovations
from mentoring.demo_content import load_demo_mentoring
from mentoring.services import import_mentors
from portal.advice.services import import_advice, support_types_seed
from portal.models import User
from portal.services import organisation_get_or_create

DEMO_INNOVATIONS = Path(__file__).resolve().parents[3] / "innovations" / "demo" / "innovations.csv"
DEMO_ADVICE = Path(__file__).resolve().parents[2] / "advice" / "demo" / "advice.csv"
DEMO_MENTORS = Path(__file__).resolve().parents[3] / "mentoring" / "demo" / "mentors.csv"

DEMO_ORGANISATIONS = [
    ("Northby City Council", "local_authority", "north_east"),
    ("Westshire County Council", "local_authority", "south_west"),
    ("Riverside NHS Foundation Trust", "nhs", "london"),
    ("Department for Public Service Reform", "central_government", "uk_wide"),
    ("Valleys Fire and Rescue Service", "police_fire", "wales"),
    ("Highland Community Trust", "third_sector", "scotland"),
    ("Midlands Institute for Public Innovation", "academia", "west_midlands"),
    ("Antrim Education Authority", "education", "northern_ireland"),
]

# One account for each role. The passwords are fixed so they can be printed by `make run`; the command
# refuses to run with DEBUG off, so these accounts never reach a production database.
DEMO_USERS = [
    (
        "innovator@example.org",
        "Innovator",
        "Ivy Innovator",
        "Service design lead",
        "Northby City Council",
        False,
    ),
    (
        "mentor@example.org",
        "Mentor",
        "Marcus Mentor",
        "Head of transformation",
        "Riverside NHS Foundation Trust",
        False,
    ),
    (
        "judge@example.org",
        "Judge",
        "Jo Judge",
        "Director of innovation",
        "Department for Public Service Reform",
        False,
    ),
    (
        "staff@example.org",
        "Central team",
        "Sam Staff",
        "Catalogue curator",
        "Department for Public Service Reform",
        True,
    ),
]
DEMO_PASSWORD = "demo-password-2026"


class Command(BaseCommand):
    help = "Load demo organisations and one account per role. Safe to run again: it creates nothing twice."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs with DEBUG on: it creates accounts with published passwords."
            )
        with transaction.atomic():
            for name, organisation_type, region in DEMO_ORGANISATIONS:
                organisation_get_or_create(name=name, organisation_type=organisation_type, region=region)
            for email, _role, full_name, job_title, organisation_name, is_staff in DEMO_USERS:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User.objects.create_user(
                        email,
                        DEMO_PASSWORD,
                        full_name=full_name,
                        job_title=job_title,
                        organisation=organisation_get_or_create(name=organisation_name),
                        is_staff=is_staff,
                        is_superuser=is_staff,
                    )
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
            with DEMO_INNOVATIONS.open("rb") as handle:
                plan, saved = import_innovations(handle)
            if not plan.is_valid:
                raise CommandError(
                    "The demo innovations file has errors: " + "; ".join(map(str, plan.errors))
                )
            support_types_seed()
            with DEMO_ADVICE.open("rb") as handle:
                advice_plan, advice = import_advice(handle)
            if not advice_plan.is_valid:
                raise CommandError(
                    "The demo advice file has errors: " + "; ".join(map(str, advice_plan.errors))
                )
            with DEMO_MENTORS.open("rb") as handle:
                mentor_plan, mentors = import_mentors(handle)
            if not mentor_plan.is_valid:
                raise CommandError(
                    "The demo mentors file has errors: " + "; ".join(map(str, mentor_plan.errors))
                )
            load_demo_mentoring(
                mentor_email="mentor@example.org",
                innovator_email="innovator@example.org",
                mentee_email="leah.osei@kingsbridge.example.org",
            )
            load_demo_awards()
        self.stdout.write(
            f"{len(saved)} example innovations, {len(advice)} sources of advice and {len(mentors)} mentors "
            "are loaded."
        )
        self.stdout.write(
            self.style.SUCCESS("Demo content loaded. Sign in at http://127.0.0.1:8000/accounts/login/ as:")
        )
        for email, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {role:<13} {email:<24} password: {DEMO_PASSWORD}")
        self.stdout.write(
            "The central team sets up two-factor authentication (an authenticator app) the first time "
            "it opens the admin."
        )
