from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """The Scaling Up award: rounds, categories and criteria (nominations and judging build on them)."""

    name = "awards"
    verbose_name = "Awards"
