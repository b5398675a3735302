from django.apps import AppConfig


class MentoringConfig(AppConfig):
    """The mentor scheme: the mentor pool and its directory."""

    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from mentoring.catalogue import REGISTRATION, signposts
        from portal.search.registry import register, register_signposts

        register(REGISTRATION)
        register_signposts(signposts)
