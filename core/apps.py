from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app may use; it imports none of them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "core"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from core import tables, versioning

        # Every write to the apps' tables bumps the data version (core.versioning), on
        # connections opened from now on and any already made.
        connection_created.connect(versioning.on_connection_created, dispatch_uid="data-version")
        for connection in connections.all(initialized_only=True):
            versioning.install(connection)
        tables.install()
