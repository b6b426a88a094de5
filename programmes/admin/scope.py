"""Officers record only the programmes they lead (or are delegated): one mixin gives
every delivery admin that rule, and keeps a signed-off quarter's records read-only."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Indicator, Programme, ReportingRound


class RecordedByOfficersMixin:
    """For an admin of records that belong to a programme (`programme_path` names the
    route from the record to its programme): everyone with the view permission sees
    them all; only those who may record a programme (`recordable_by`) add or change its
    records; a record dated in a closed round's quarter is read-only for everyone."""

    programme_path = "programme"

    def recordable(self, request) -> QuerySet:
        return Programme.objects.recordable_by(request.user)

    def _programme_of(self, obj) -> Programme | None:
        target = obj
        for step in self.programme_path.split("__"):
            target = getattr(target, step, None)
            if target is None:
                return None
        return target

    def _may_record(self, request, obj) -> bool:
        if obj is None:
            return True
        programme = self._programme_of(obj)
        recordable = self.recordable(request)
        if programme is not None and not recordable.filter(pk=programme.pk).exists():
            return False
        on = getattr(obj, "as_at", None)
        return on is None or not ReportingRound.objects.locking(on).exists()

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_record(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_record(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The pickers offer only what the user may record; a posted other is refused.
        if db_field.name == "programme":
            kwargs["queryset"] = self.recordable(request)
        elif db_field.name == "indicator":
            kwargs["queryset"] = Indicator.objects.filter(programme__in=self.recordable(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
