from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from allauth.account.signals import user_logged_in

        from portal.accounts.devices import on_sign_in
        from portal.search import checks  # noqa: F401 - registers the catalogue check

        user_logged_in.connect(on_sign_in, dispatch_uid="portal.accounts.devices")
