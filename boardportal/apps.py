from django.apps import AppConfig


class BoardportalConfig(AppConfig):
    """The project package: pages across the apps, reports, and signing in."""

    name = "boardportal"
    verbose_name = "boardportal"

    def ready(self):
        from django.contrib import admin

        # Connects the sign-in log's signal receivers.
        from . import accounts

        # Every app's admin.py registers with the default site; giving that site our
        # class keeps those registrations and makes the whole admin ask for a
        # verified second factor.
        admin.site.__class__ = accounts.TwoFactorAdminSite
