"""Optimistic locking: two people editing the same record cannot overwrite each other.

Every versioned row carries a `version` that goes up by one on each save. A save
sends the version it was read at; if the row has moved on since, the save is
refused with `ConcurrentEditError` and nothing is written, so the first person's
change stands and the second is told to reload.

The check is a compare-and-set in SQL (`UPDATE ... SET version = version + 1
WHERE pk = %s AND version = %s`) inside the save's transaction, so it holds even
when two saves race: on PostgreSQL the second UPDATE waits for the first to
commit, then matches no row. `full_clean()` makes the same check first, so forms
(the admin's included) show it as an error on the form rather than failing on save.

It lives in `priorities`, which imports neither of the other apps, so all three
can use it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F


class ConcurrentEditError(ValidationError):
    """The record changed after it was read: saving now would overwrite someone's change."""

    def __init__(self, model: type[models.Model]):
        super().__init__(
            f"Someone else changed this {model._meta.verbose_name} while you were editing it. "
            "Your changes were not saved: reload the page to see theirs.",
            code="concurrent_edit",
        )


class VersionedModel(models.Model):
    """A model whose saves are refused when the row changed since it was read."""

    version = models.PositiveIntegerField(
        "version",
        default=1,
        help_text="Goes up by one on every save; a save from an out-of-date copy is refused.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        read_at = self.version
        with transaction.atomic(using=using):
            rows = self._stored().using(using).filter(version=read_at)
            moved_on = rows.update(version=F("version") + 1) == 0
            if moved_on and self._stored().using(using).exists():
                raise ConcurrentEditError(type(self))
            # A row that no longer exists (a deleted record restored from its history)
            # is simply written again.
            self.version = read_at + 1 if not moved_on else read_at
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version = read_at
                raise

    def full_clean(self, *args, **kwargs):
        self.check_version()
        super().full_clean(*args, **kwargs)

    def check_version(self) -> None:
        """Raise `ConcurrentEditError` if the stored row has moved on from this copy."""
        if self._state.adding or self.pk is None:
            return
        stored = self._stored().values_list("version", flat=True).first()
        if stored is not None and stored != self.version:
            raise ConcurrentEditError(type(self))

    def _stored(self) -> models.QuerySet:
        return type(self)._base_manager.filter(pk=self.pk)
