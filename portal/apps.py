from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from allauth.account.signals import user_logged_in as allauth_signed_in
        from django.contrib.auth.signals import user_logged_in

        from portal.accounts import devices, staff
        from portal.search import checks  # noqa: F401 - registers the catalogue check

        allauth_signed_in.connect(devices.on_sign_in, dispatch_uid="portal.accounts.devices")
        user_logged_in.connect(staff.on_sign_in, dispatch_uid="portal.accounts.staff")
