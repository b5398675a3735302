"""An offer to mentor as a task list (the kernel's protocol, portal.moderation.tasklist): it is one page,
in two parts, about the person (from their account) and how they can help; each says what it still
lacks before the offer can be sent to the central team."""

from __future__ import annotations

from mentoring.models import Mentor
from portal.moderation.tasklist import Missing, TaskStatus, missing, started_status


class OfferPart:
    slug = "offer"  # both parts are on the offer's one page
    title: str
    optional = False
    needed: dict[str, str]  # field -> what is missing, in words

    def value(self, mentor: Mentor, name: str):
        return getattr(mentor, name)

    def missing(self, mentor: Mentor) -> list[Missing]:
        return [
            Missing(self.slug, words, f"id_{name}")
            for name, words in self.needed.items()
            if not self.value(mentor, name)
        ]

    def status(self, mentor: Mentor) -> TaskStatus:
        started = any(self.value(mentor, name) for name in self.needed)
        return started_status(complete=not self.missing(mentor), started=started)


class AboutYou(OfferPart):
    """Who is offering: their account's name, job title and organisation."""

    title = "About you"
    needed = {"full_name": "your name", "job_title": "your job title", "organisation": "your organisation"}
    accounts = {"full_name": "full_name", "job_title": "job_title", "organisation": "organisation_id"}

    def value(self, mentor, name):
        return getattr(mentor.user, self.accounts[name])


class HowYouHelp(OfferPart):
    title = "How you can help"
    needed = {
        "themes": "the conditions for scaling up you can help with",
        "stages": "the stages you can help at",
        "region": "where you are based",
        "formats": "whether you mentor remotely or in person",
        "bio": "a few words about you as a mentor",
    }


OFFER_SECTIONS = [AboutYou(), HowYouHelp()]


def offer_missing(mentor: Mentor) -> list[str]:
    """The answers an offer still needs before it can be submitted, in words."""
    return [item.message for item in missing(OFFER_SECTIONS, mentor)]
