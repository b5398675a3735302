from django.urls import get_resolver
from django.utils.text import slugify


def unique_slug(queryset, text: str, *, fallback: str, reserved: frozenset[str] = frozenset()) -> str:
    """A short, readable slug from `text`, not used by `queryset` nor reserved, numbered where needed."""
    base = slugify(text)[:60].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in taken or candidate in reserved:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def reserved_by_urls(namespace: str) -> frozenset[str]:
    """The first path segments that the pages of a URL namespace take for themselves (`share`, `feed`,
    ...), read from its URL patterns: a slug must not be one, or its page would never be reached."""
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    reserved = set()
    for pattern in resolver.url_patterns:
        first = str(pattern.pattern).split("/", 1)[0]
        if first and "<" not in first:
            reserved.add(first)
    return frozenset(reserved)
