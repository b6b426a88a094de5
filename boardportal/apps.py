from django.apps import AppConfig


class BoardportalConfig(AppConfig):
    """The project package: pages across the apps, reports, and signing in."""

    name = "boardportal"
    verbose_name = "boardportal"

    def ready(self):
        from django.contrib import admin
        from django.db.models.signals import post_migrate

        from .permissions import sync_groups

        # After every migrate the groups hold exactly what boardportal.permissions says.
        # post_migrate is sent once per app with models (this package has none), so it
        # is taken on the last one's, when every permission exists.
        post_migrate.connect(sync_groups, dispatch_uid="boardportal.sync_groups")

        # Connects the sign-in log's signal receivers.
        from . import accounts

        # Every app's admin.py registers with the default site; giving that site our
        # class keeps those registrations and makes the whole admin ask for a
        # verified second factor.
        admin.site.__class__ = accounts.TwoFactorAdminSite
