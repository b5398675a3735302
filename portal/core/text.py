"""Text as people send it: control characters have no place in anything the portal stores or shows.

They cannot be typed, XML (the Atom feed) refuses them, and two of them (STX and ETX) are the markers
the search engine uses for highlighting. Tab, line feed and carriage return are ordinary text.
"""

import re

from django.utils import timezone

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# What ends a line: a one-line answer (a name, a title) holding one would break the email header or the
# CSV row it is written into.
LINE_BREAKS = re.compile("[\n\r\u2028\u2029]")


def without_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


def first_control_character(value: str) -> str | None:
    """The first control character in `value` as U+XXXX, or None."""
    found = CONTROL_CHARACTERS.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


# How long a long text may be, in characters. A case study section of 10,000 characters is about
# 1,500 words; shorter notes (an adoption's result, a problem report) are a few paragraphs.
SECTION_LIMIT = 10_000
NOTE_LIMIT = 5_000
SHORT_NOTE_LIMIT = 2_000


def length_checks(model_name: str, fields: dict[str, int]) -> list:
    """Database check constraints holding each text field to its limit, so no path (form, import,
    admin, shell) can store more: `fields` maps a field to its max_length."""
    from django.db import models
    from django.db.models.functions import Length
    from django.db.models.lookups import LessThanOrEqual

    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), limit), name=f"{model_name}_{name}_length"
        )
        for name, limit in fields.items()
    ]


def govuk_time(value) -> str:
    """A time of day in UK time as GOV.UK writes it: "9am", "5:30pm", "midday", "midnight"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


# Characters that look blank, or take no room, yet are not white space to str.split(): the zero-width
# space and marks, the word joiner and invisible operators, the byte order mark, the braille blank, the
# Hangul fillers and the Mongolian vowel separator. The same list is in static/js/portal.js.
_BLANK_LOOKING = "\u115f\u1160\u180e\u200b-\u200f\u2060-\u2064\ufeff\u2800\u3164\uffa0"
_BETWEEN_WORDS = re.compile(rf"[\s{_BLANK_LOOKING}]+")


def count_words(text: str) -> int:
    """Words as a reader sees them: runs of characters between spaces, or between characters that look
    like spaces, each holding a letter or a digit (a dash standing alone is not a word)."""
    return sum(1 for run in _BETWEEN_WORDS.split(text) if any(c.isalnum() for c in run))


def govuk_date(value) -> str:
    """A date as GOV.UK writes it: "3 March 2027"."""
    return f"{value.day} {value:%B %Y}"


def has_visible_text(text: str) -> bool:
    """Whether `text` holds a letter or a digit a reader can see (not only spaces, punctuation or the
    blank-looking characters above: a name of braille blanks and Hangul fillers is no name)."""
    return any(c.isalnum() for c in _BETWEEN_WORDS.sub("", text or ""))
