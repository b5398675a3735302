from django import template
from django.http import QueryDict

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
