from django import template
from django.http import QueryDict

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
