from django import template
from django.http import QueryDict

from portal.core.markdown import render_markdown
from portal.core.text import govuk_time as text_govuk_time

register = template.Library()


@register.filter
def markdown(text: str):
    """Render contributor Markdown as sanitised GOV.UK-styled HTML."""
    return render_markdown(text)


@register.simple_tag
def query_with(params: QueryDict, **changes) -> str:
    """The query string with some parameters replaced (a value of None removes the parameter)."""
    result = params.copy()
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    encoded = result.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def govuk_time(value) -> str:
    """A time of day in UK time as GOV.UK writes it (see portal.core.text.govuk_time)."""
    return text_govuk_time(value)
