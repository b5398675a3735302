import html

from django import template
from django.http import QueryDict
from django.utils.safestring import mark_safe

from portal.core.markdown import render_markdown
from portal.core.text import govuk_time as text_govuk_time
from portal.search import cache as search_cache_store

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


def _escaped(value) -> str:
    """As conditional_escape, for the plain strings and numbers of filter options, without its
    per-call machinery (a search page shows dozens of options)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.simple_tag
def facet_options(group: dict, options: list[dict]) -> str:
    """The GOV.UK small checkboxes of a filter's options, each with its count and hint. Made here in one
    pass rather than by a template per option: a search page shows dozens, and renders them on every
    search the cache cannot answer."""
    name = _escaped(group["name"])
    items = []
    for option in options:
        ident = f"{name}-{_escaped(option['value'])}"
        checked = " checked" if option["selected"] else ""
        described, hint = "", ""
        if option["hint"]:
            described = f' aria-describedby="{ident}-hint"'
            hint = f'<div id="{ident}-hint" class="govuk-hint govuk-checkboxes__hint">{_escaped(option["hint"])}</div>'
        items.append(
            f'<div class="govuk-checkboxes__item">'
            f'<input class="govuk-checkboxes__input" id="{ident}" name="{name}" type="checkbox" '
            f'value="{_escaped(option["value"])}"{checked}{described}>'
            f'<label class="govuk-label govuk-checkboxes__label" for="{ident}">{_escaped(option["label"])} '
            f'<span class="app-count">({_escaped(option["count"])})</span></label>{hint}</div>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value above is escaped


@register.filter
def govuk_time(value) -> str:
    """A time of day in UK time as GOV.UK writes it (see portal.core.text.govuk_time)."""
    return text_govuk_time(value)


class _SearchCacheNode(template.Node):
    def __init__(self, nodelist, result):
        self.nodelist = nodelist
        self.result = result

    def render(self, context):
        result = self.result.resolve(context)
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        return search_cache_store.fragment(
            result, request.get_full_path(), lambda: self.nodelist.render(context)
        )


@register.tag
def search_cache(parser, token):
    """`{% search_cache result %}...{% endsearch_cache %}`: the results of a search page, rendered once
    per search and address and then read from the cache until a write changes what answers it
    (portal.search.cache). Put nothing inside that depends on who is looking."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("search_cache takes one argument: the search result")
    nodelist = parser.parse(("endsearch_cache",))
    parser.delete_first_token()
    return _SearchCacheNode(nodelist, parser.compile_filter(bits[1]))
