from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: text rules, forms, emails through the task queue, one-time form tokens,
    vocabulary. It imports nothing of the portal above it."""

    name = "portal.core"
    label = "core"
    verbose_name = "Emails"  # what the central team sees of it in the admin
