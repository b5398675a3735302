from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The shared search engine's own tables: the central team's synonyms and the catalogues' words."""

    name = "portal.search"
    label = "search"
    verbose_name = "Search"
