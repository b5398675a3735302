from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The shared search engine's own tables: the central team's synonyms, the catalogues' words and
    their generations, and the common words of phrases (and their common pairs)."""

    name = "portal.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_install_triggers, sender=self)


def _install_triggers(sender, using="default", **kwargs):
    """After every migrate: each registered catalogue's search table, and the synonyms' rules, raise
    their generation on every write (portal.search.cache), as do the common words of phrases and their common pairs."""
    from portal.search import phrases
    from portal.search.cache import RULES_TABLE, install_triggers
    from portal.search.registry import registered

    tables = [registration.catalogue.table for registration in registered()]
    options = [table for registration in registered() for table in registration.catalogue.option_tables]
    install_triggers([*tables, *options, RULES_TABLE, phrases.TABLE, phrases.PAIRS_TABLE, phrases.HELD_TABLE])
