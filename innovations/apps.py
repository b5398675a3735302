from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    name = "innovations"

    def ready(self):
        from innovations.search import REGISTRATION
        from portal.search.registry import register

        register(REGISTRATION)
