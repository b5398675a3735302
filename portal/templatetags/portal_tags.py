from django import template
from django.http import QueryDict
from django.utils import timezone

from portal.core.markdown import render_markdown

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
