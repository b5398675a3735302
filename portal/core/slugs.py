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
