from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    name = "innovations"

    def ready(self):
        from innovations.search import REGISTRATION, signposts
        from portal.search.registry import register, register_signposts

        register(REGISTRATION)
        register_signposts(signposts)
