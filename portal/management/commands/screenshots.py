"""Screenshots of the search page, an innovation page and the task list at 390 px and 1280 px, for the
README (`make screenshots`). Runs the development server on the demo content and drives Chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innovations.models import Innovation, Status
from innovations.services import innovation_save_draft
from portal.management.commands.load_demo import DEMO_PASSWORD
from portal.models import Organisation, User

OUT = Path(settings.BASE_DIR) / "static" / "screenshots"
WIDTHS = {390: 844, 1280: 900}
INNOVATOR = "innovator@example.org"
DRAFT_TITLE = "Falls visits by firefighters"


class Command(BaseCommand):
    help = "Take the README's screenshots of the demo content (needs DEBUG and `make demo`)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Screenshots are taken of the demo content, with DEBUG=true.")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise CommandError(
                "Playwright is needed: install the development packages (make setup)."
            ) from None
        innovator = User.objects.filter(email=INNOVATOR).first()
        published = (
            Innovation.objects.published()
            .filter(adoptions__status=Status.PUBLISHED)
            .order_by("title")
            .first()
            or Innovation.objects.published().order_by("title").first()
        )
        if innovator is None or published is None:
            raise CommandError("Load the demo content first: make demo.")
        draft = self._draft(innovator)
        pages = {
            "search": ("/innovations/?q=housing", False),
            "innovation": (published.get_absolute_url(), False),
            "task-list": (f"/innovations/yours/{draft.pk}/", True),
        }
        OUT.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py, no outside input
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DEBUG": "true"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base}/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium")
                )
                for width, height in WIDTHS.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    for name, (path, signed_in) in pages.items():
                        if signed_in and "sessionid" not in {c["name"] for c in context.cookies()}:
                            page.goto(f"{base}/accounts/login/")
                            page.get_by_label("Email address").fill(INNOVATOR)
                            page.get_by_label("Password").fill(DEMO_PASSWORD)
                            page.get_by_role("button", name="Sign in").click()
                            page.wait_for_url(f"{base}/account/")
                        page.goto(base + path)
                        target = OUT / f"{name}-{width}.png"
                        page.screenshot(path=str(target))
                        self.stdout.write(f"  {target.relative_to(settings.BASE_DIR)}")
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        self.stdout.write(self.style.SUCCESS(f"Screenshots written to {OUT.relative_to(settings.BASE_DIR)}/"))

    def _draft(self, innovator) -> Innovation:
        """A half-written innovation of the demo innovator, so the task list shows its states."""
        draft = Innovation.objects.filter(submitted_by=innovator, title=DRAFT_TITLE).first()
        if draft is None:
            draft = innovation_save_draft(
                innovation=Innovation(
                    title=DRAFT_TITLE,
                    summary="Crews screen older people for falls risk during home fire safety visits.",
                    stage="grow",
                    problem="Falls are the commonest reason older people call an ambulance.",
                ),
                user=innovator,
                organisation=Organisation.objects.get_or_create(
                    name="Valleys Fire and Rescue Service",
                    defaults={"organisation_type": "police_fire", "region": "wales"},
                )[0],
            )
        return draft


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"The development server did not answer at {url}.")
