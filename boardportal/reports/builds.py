"""Report files built once and kept, and built in the background when they are not.

**Served from storage.** A report (kind, plan year, quarter, format) is built once per
data version (`core.versioning`: every committed write to the plan, delivery or
meetings makes a new one) and kept in the default storage (MEDIA_ROOT). A download of
one built already costs one indexed query and a file read, however large the plan.

**Built in the background.** One not yet built is queued as a task (django-tasks, its
database backend, run by `manage.py db_worker`); the visitor gets a page that says it
is being prepared and offers the file when it is ready. With the immediate backend
(development without a worker, and the tests) the task runs in the request itself, so
the download is answered at once, as before.

A build queued or started longer ago than `STALLED_AFTER` (a worker killed mid-build, a
queue never run) is queued again; one that failed stays failed, and says so, until
someone asks to try again. Once a build is ready, the builds of the same report from
older data versions are deleted with their files: nobody can ask for them any more."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from boardportal.models import BuiltReport
from core import versioning
from priorities.models import PlanYear

from .period import ReportPeriod, resolve_period
from .rows import StreamedReport
from .writers import write_format

logger = logging.getLogger(__name__)

# A 10,000-programme PDF takes about 23 s (minutes on a busy machine): a build this old
# is taken for dead.
STALLED_AFTER = timedelta(minutes=15)


def current_data_version() -> str:
    """The data version reports are keyed on: the one the page cache uses."""
    return versioning.current()


@dataclass(frozen=True)
class ReportKey:
    """Which report: its plan year, kind, quarter and format (checked by the caller)."""

    plan_year: PlanYear
    kind: str
    quarter: int
    fmt: str

    def period(self) -> ReportPeriod:
        return resolve_period(
            kind=self.kind,
            year=self.plan_year.label,
            quarter=None if self.kind == "end-of-year" else self.quarter,
        )


def find_build(key: ReportKey, version: str | None = None) -> BuiltReport | None:
    """The build of this report at the current data version, if there is one."""
    return BuiltReport.objects.filter(
        plan_year=key.plan_year,
        kind=key.kind,
        quarter=key.quarter,
        format=key.fmt,
        data_version=version or current_data_version(),
    ).first()


def is_stalled(build: BuiltReport) -> bool:
    return (
        build.status
        in (
            BuiltReport.Status.QUEUED,
            BuiltReport.Status.BUILDING,
        )
        and build.requested_at < timezone.now() - STALLED_AFTER
    )


def request_build(key: ReportKey, *, retry: bool = False) -> BuiltReport:
    """The build of this report at the current data version: the one there is, or a new
    one queued. A stalled build is queued again, and a failed one when `retry`."""
    version = current_data_version()
    build = find_build(key, version)
    if build is None:
        try:
            with transaction.atomic():
                build = BuiltReport.objects.create(
                    plan_year=key.plan_year,
                    kind=key.kind,
                    quarter=key.quarter,
                    format=key.fmt,
                    data_version=version,
                )
        except IntegrityError:
            # Another request queued it a moment ago: theirs will do.
            return find_build(key, version)
    elif is_stalled(build) or (retry and build.status == BuiltReport.Status.FAILED):
        # Only the request that moves it back to the queue enqueues it again.
        moved = BuiltReport.objects.filter(pk=build.pk, status=build.status).update(
            status=BuiltReport.Status.QUEUED, requested_at=timezone.now(), error=""
        )
        if not moved:
            return BuiltReport.objects.get(pk=build.pk)
    else:
        return build
    build_report.enqueue(build.pk)
    build.refresh_from_db()
    return build


@task()
def build_report(build_id: int) -> str:
    """Write a queued report to storage; a failure is kept on the build, and raised."""
    claimed = BuiltReport.objects.filter(pk=build_id, status=BuiltReport.Status.QUEUED).update(
        status=BuiltReport.Status.BUILDING, requested_at=timezone.now()
    )
    if not claimed:
        return "not queued"  # built, or being built, by another worker
    build = BuiltReport.objects.select_related("plan_year").get(pk=build_id)
    key = ReportKey(build.plan_year, build.kind, build.quarter, build.format)
    try:
        period = key.period()
        with tempfile.TemporaryDirectory(prefix="boardportal-report-") as folder:
            path = Path(folder) / f"report.{key.fmt}"
            write_format(StreamedReport(period), key.fmt, path)
            with path.open("rb") as stream:
                build.file.save(f"{period.filename_stem}.{key.fmt}", File(stream), save=False)
    except Exception as error:
        logger.exception("Could not build report %s", build)
        BuiltReport.objects.filter(pk=build_id).update(
            status=BuiltReport.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    BuiltReport.objects.filter(pk=build_id).update(
        status=BuiltReport.Status.READY, file=build.file.name, finished_at=timezone.now()
    )
    discard_older_builds(build)
    return build.file.name


def discard_older_builds(build: BuiltReport) -> None:
    """Delete the builds of the same report from other data versions, and their files."""
    older = BuiltReport.objects.filter(
        plan_year=build.plan_year_id, kind=build.kind, quarter=build.quarter, format=build.format
    ).exclude(data_version=build.data_version)
    # Not one being built: its worker would write a file no row points to.
    older = older.exclude(status=BuiltReport.Status.BUILDING)
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()


def open_built_file(build: BuiltReport):
    """The ready build's file, opened for reading; None when storage has lost it (the
    build is then queued again by the next request)."""
    try:
        return build.file.open("rb")
    except FileNotFoundError:
        BuiltReport.objects.filter(pk=build.pk).update(
            status=BuiltReport.Status.QUEUED, requested_at=timezone.now() - STALLED_AFTER * 2
        )
        return None
