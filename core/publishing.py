"""Publishing: a record is a draft, seen only in the admin, until someone allowed publishes it.

Public pages, status and reports read published rows only (`published_at` set). Who
published a record and when are kept on it and in its history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from .locking import VersionedModel


class PublishableQuerySet(models.QuerySet):
    def published(self, *, include_drafts: bool = False) -> PublishableQuerySet:
        """Published rows, which the public sees; every row with `include_drafts`."""
        return self if include_drafts else self.filter(published_at__isnull=False)

    def drafts(self) -> PublishableQuerySet:
        return self.filter(published_at__isnull=True)


class Publishable(VersionedModel):
    """A record that is a draft until someone with its publish permission publishes it."""

    published_at = models.DateTimeField(
        "published at",
        null=True,
        blank=True,
        editable=False,
        help_text="When it was published. Until then it is a draft the public does not see.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="published_%(class)ss",
        verbose_name="published by",
        help_text="Blank for the board papers' own figures, published with the paper.",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @classmethod
    def publish_permission(cls) -> str:
        """`<app>.publish_<model>`, which each publishable model declares in its Meta."""
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"


@transaction.atomic
def record_publish(*, record: Publishable, user) -> Publishable:
    """Publish a draft: from now the public, status and reports see it.

    Needs the model's publish permission (the Secretariat and Administrators have it).
    Publishing what is already published changes nothing and writes no history."""
    if not user.has_perm(record.publish_permission()):
        raise PermissionDenied(
            f"You may not publish {record._meta.verbose_name_plural}: ask the secretariat."
        )
    if record.published_at is not None:
        return record
    record.published_at = timezone.now()
    record.published_by = user
    record._history_user = user
    record.full_clean()
    record.save()
    return record
