"""Markdown written by contributors, rendered to HTML that cannot carry script or style."""

import markdown as markdown_lib
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


def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")  # noqa: S308
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
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
