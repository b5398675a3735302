from django.apps import AppConfig


class AdviceConfig(AppConfig):
    """The advice directory: sources of advice, find help and the Open Referral UK export."""

    name = "portal.advice"
    label = "advice"
    verbose_name = "Advice"

    def ready(self):
        from portal.advice.catalogue import REGISTRATION, signposts
        from portal.search.registry import register, register_signposts

        register(REGISTRATION)
        register_signposts(signposts)
