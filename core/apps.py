from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app may use; it imports none of them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "core"
