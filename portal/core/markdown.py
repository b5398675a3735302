"""Markdown written by contributors, rendered to HTML that cannot carry script or style.

The parser is cmark-gfm (GitHub's CommonMark implementation in C, through cmarkgfm): it works in time
that grows in step with the text whatever the text is, where Python-Markdown took seconds on a few
thousand characters of `![` or `[`. Its safe mode drops raw HTML; nh3 then keeps only the tags below.
"""

import re

import cmarkgfm
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# Classes GOV.UK Frontend needs, added after sanitising (nh3 removes every class the author wrote).
GOVUK_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
    "<a ": '<a class="govuk-link" ',
}


# cmark caps how deep lists nest but not quotes, and the sanitiser slows with the square of the depth
# (20,000 nested quotes took over a second): quote markers past this depth are dropped.
MAX_QUOTE_DEPTH = 10
_DEEP_QUOTE = re.compile(rf"^(?:[ \t]*>){{{MAX_QUOTE_DEPTH + 1},}}", re.MULTILINE)


def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")  # noqa: S308
    text = _DEEP_QUOTE.sub(">" * MAX_QUOTE_DEPTH + " ", text)
    html = cmarkgfm.markdown_to_html(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    for plain, styled in GOVUK_CLASSES.items():
        clean = clean.replace(plain, styled)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
