from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """The Scaling Up award: rounds, nominations, judging, decisions and the Scaling Up Champions."""

    name = "awards"
    verbose_name = "Awards"

    def ready(self):
        from awards.catalogue import REGISTRATION, signposts
        from portal.search.registry import register, register_signposts

        register(REGISTRATION)
        register_signposts(signposts)
