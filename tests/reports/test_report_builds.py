"""Reports built once per data version and kept; built in the background when not yet
built, with a page that says so and offers the file when it is ready."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from boardportal.models import BuiltReport
from boardportal.reports import builds
from boardportal.reports.builds import ReportKey, request_build
from core import versioning
from priorities.models import PlanYear
from tests.factories import PlanYearFactory, PriorityFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

DOWNLOAD = "/reports/2012-13/overview/q3.csv"
PREPARING = "/reports/2012-13/overview/q3.csv/preparing/"
STATUS = "/reports/2012-13/overview/q3.csv/status.json"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def year():
    year = PlanYearFactory(label="2012/13")
    ProgrammeFactory(name="Leeds Castle", priorities=[PriorityFactory(plan_year=year)])
    return year


@pytest.fixture
def builder_calls(monkeypatch):
    """Counts the report builder's calls (and still builds)."""
    calls = []
    real = builds.write_format

    def counting(report, fmt, path):
        calls.append(fmt)
        real(report, fmt, path)

    monkeypatch.setattr(builds, "write_format", counting)
    return calls


@pytest.fixture
def in_background(settings):
    """The database backend, as in production: tasks wait for the worker."""
    settings.TASKS = DATABASE_TASKS


def test_a_report_built_before_is_served_from_storage_without_rebuilding(
    client, year, builder_calls
):
    first = client.get(DOWNLOAD)
    content = first.getvalue()  # streamed: read once
    assert first.status_code == 200 and b"Leeds Castle" in content
    assert builder_calls == ["csv"]
    for _ in range(3):
        again = client.get(DOWNLOAD)
        assert again.status_code == 200
        assert again.getvalue() == content
        assert (
            again["Content-Disposition"] == 'attachment; filename="overview-2012-13-2012-12-31.csv"'
        )
    assert builder_calls == ["csv"]  # not rebuilt
    assert BuiltReport.objects.get().status == BuiltReport.Status.READY


def test_each_format_and_quarter_is_its_own_build(client, year, builder_calls):
    for url in (DOWNLOAD, "/reports/2012-13/overview/q3.xlsx", "/reports/2012-13/overview/q2.csv"):
        assert client.get(url).status_code == 200
    assert BuiltReport.objects.count() == 3


def test_a_new_data_version_is_built_again_and_the_old_file_discarded(
    client, year, builder_calls, settings
):
    client.get(DOWNLOAD).getvalue()
    old = BuiltReport.objects.get()
    old_path = settings.MEDIA_ROOT / old.file.name
    assert old_path.exists()
    versioning.bump()  # what a committed write does
    assert client.get(DOWNLOAD).status_code == 200
    assert builder_calls == ["csv", "csv"]
    new = BuiltReport.objects.get()
    assert new.data_version != old.data_version
    assert not old_path.exists()


def test_one_not_built_is_queued_and_the_visitor_told_it_is_being_prepared(
    client, year, builder_calls, in_background
):
    response = client.get(DOWNLOAD)
    assert response.status_code == 302 and response["Location"] == PREPARING
    assert builder_calls == []  # not built in the request
    build = BuiltReport.objects.get()
    assert build.status == BuiltReport.Status.QUEUED
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "boardportal.reports.builds.build_report"
    assert queued.args_kwargs == {"args": [build.pk], "kwargs": {}}

    page = client.get(PREPARING)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Preparing your report – boardportal</title>" in html
    assert 'role="status"' in html and "is being prepared" in html
    assert f'<a class="govuk-link" href="{PREPARING}">Check again</a>' in html
    assert 'http-equiv="refresh"' not in html  # WCAG 2.2.1: nothing reloads by itself
    assert "js/report-status.mjs" in html
    assert "no-store" in page["Cache-Control"]
    # Asking again queues nothing more.
    client.get(DOWNLOAD)
    client.get(STATUS)
    assert DBTaskResult.objects.count() == 1 and BuiltReport.objects.count() == 1


def test_the_worker_builds_it_and_the_page_then_offers_the_file(
    client, year, builder_calls, in_background, monkeypatch
):
    # The worker closes "old" connections as it wakes; inside the test's transaction
    # that would close PostgreSQL's one connection under the test (SQLite's in-memory
    # database ignores it). The worker's own loop is what is tested, not its reconnect.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    client.get(DOWNLOAD)
    assert client.get(STATUS).json() == {
        "status": "queued",
        "message": "Waiting to be prepared",
        "download_url": DOWNLOAD,
    }
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert builder_calls == ["csv"]
    assert client.get(STATUS).json()["status"] == "ready"
    html = client.get(PREPARING).content.decode()
    assert "Your report is ready" in html
    assert f'<a class="govuk-link" href="{DOWNLOAD}">Download the report' in html
    assert "js/report-status.mjs" not in html
    download = client.get(DOWNLOAD)
    assert download.status_code == 200 and b"Leeds Castle" in download.getvalue()
    assert builder_calls == ["csv"]


def test_a_failure_is_shown_clearly_and_can_be_tried_again(client, year, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(builds, "write_format", explode)
    response = client.get(DOWNLOAD, follow=True)
    html = response.content.decode()
    assert response.status_code == 500
    assert "The report could not be prepared" in html and 'role="alert"' in html
    assert "disk full" not in html  # for officers, not visitors
    build = BuiltReport.objects.get()
    assert build.status == BuiltReport.Status.FAILED
    assert build.error == "RuntimeError: disk full"
    assert client.get(STATUS).json()["status"] == "failed"
    # A failed build is not retried by every visit, only when asked.
    assert client.get(DOWNLOAD).status_code == 302
    monkeypatch.undo()
    retried = client.post(PREPARING)
    assert retried.status_code == 302 and retried["Location"] == PREPARING
    assert client.get(PREPARING).status_code == 200
    assert client.get(DOWNLOAD).getvalue().startswith(b"Record,")


def test_a_stalled_build_is_queued_again(year, builder_calls, in_background):
    key = ReportKey(year, "overview", 3, "csv")
    build = request_build(key)
    BuiltReport.objects.filter(pk=build.pk).update(
        status=BuiltReport.Status.BUILDING,
        requested_at=timezone.now() - builds.STALLED_AFTER - timedelta(seconds=1),
    )
    again = request_build(key)
    assert again.pk == build.pk and again.status == BuiltReport.Status.QUEUED
    assert DBTaskResult.objects.count() == 2


def test_a_lost_file_is_built_again(client, year, builder_calls, settings):
    client.get(DOWNLOAD).getvalue()
    (settings.MEDIA_ROOT / BuiltReport.objects.get().file.name).unlink()
    client.get(DOWNLOAD)  # finds it lost, and marks it for building
    assert client.get(DOWNLOAD).status_code == 200
    assert builder_calls == ["csv", "csv"]


def test_draft_years_need_a_signed_in_user_on_every_address(client, year, in_background):
    PlanYear.objects.filter(pk=year.pk).update(status=PlanYear.Status.DRAFT)
    for url in (DOWNLOAD, PREPARING, STATUS):
        assert client.get(url).status_code == 404, url
    assert client.post(PREPARING).status_code == 404
    assert not BuiltReport.objects.exists()
    client.force_login(UserFactory())
    assert client.get(DOWNLOAD).status_code == 302
    assert client.get(PREPARING).status_code == 200
    assert client.get(STATUS).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/reports/2012-13/overview/q5.csv/preparing/",
        "/reports/2012-13/overview/q1.docx/status.json",
        "/reports/2012-13/board-progress/q1.pdf/preparing/",
        "/reports/2012-13/end-of-year/q2.pdf/status.json",
        "/reports/nonsense/overview/q1.pdf/preparing/",
    ],
)
def test_bad_addresses_are_404(client, year, url):
    assert client.get(url).status_code == 404
    assert not BuiltReport.objects.exists()


def test_the_status_answers_only_get(client, year):
    assert client.post(STATUS).status_code == 405
    assert client.put(PREPARING).status_code == 405
