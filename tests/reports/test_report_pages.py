"""The Reports page and its downloads, in the portal and the admin."""

import csv
import io

import pytest
from openpyxl import load_workbook

from priorities.models import PlanYear
from tests.factories import PlanYearFactory, PriorityFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    year = PlanYearFactory(label="2012/13")
    ProgrammeFactory(name="Leeds Castle", priorities=[PriorityFactory(plan_year=year)])
    return year


def test_reports_page_lists_every_quarter_and_format(client, year):
    html = client.get("/reports/").content.decode()
    for quarter in (1, 2, 3, 4):
        for fmt in ("pdf", "xlsx", "csv"):
            assert f"/reports/2012-13/overview/q{quarter}.{fmt}" in html
    assert "/reports/2012-13/board-progress/q2.pdf" in html
    assert "/reports/2012-13/end-of-year/q4.xlsx" in html
    assert "/reports/2012-13/board-progress/q3.pdf" not in html


def test_downloads(client, year):
    response = client.get("/reports/2012-13/overview/q3.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="overview-2012-13-2012-12-31.csv"'
    )
    # Streamed from a temporary file: getvalue() joins the streamed parts.
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [r["Programme"] for r in rows] == ["Leeds Castle"]
    xlsx = client.get("/reports/2012-13/end-of-year/q4.xlsx")
    assert load_workbook(io.BytesIO(xlsx.getvalue()))["Summary"]["B4"].value.year == 2013
    pdf = client.get("/reports/2012-13/board-progress/q2.pdf")
    assert pdf.getvalue().startswith(b"%PDF")


def test_a_download_is_streamed_from_the_file_kept_in_storage(client, year, settings):
    response = client.get("/reports/2012-13/overview/q3.pdf")
    assert response.streaming
    (path,) = (settings.MEDIA_ROOT / "reports").iterdir()  # kept for the next download
    assert int(response["Content-Length"]) == path.stat().st_size
    assert response.getvalue().startswith(b"%PDF")
    assert path.exists()


def test_a_failed_build_keeps_no_file_and_says_so(client, year, monkeypatch, settings):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("boardportal.reports.writers.write_csv", explode)
    response = client.get("/reports/2012-13/overview/q3.csv", follow=True)
    assert response.status_code == 500
    assert "The report could not be prepared" in response.content.decode()
    assert not (settings.MEDIA_ROOT / "reports").exists() or not any(
        (settings.MEDIA_ROOT / "reports").iterdir()
    )


@pytest.mark.parametrize(
    "url",
    [
        "/reports/2030-31/overview/q1.pdf",
        "/reports/2012-13/overview/q5.pdf",
        "/reports/2012-13/overview/q0.csv",
        "/reports/2012-13/overview/q1.docx",
        "/reports/2012-13/whatever/q1.pdf",
        "/reports/2012-13/board-progress/q1.pdf",
        "/reports/2012-13/end-of-year/q2.pdf",
        "/reports/nonsense/overview/q1.pdf",
    ],
)
def test_bad_downloads_are_404(client, year, url):
    assert client.get(url).status_code == 404


def test_draft_years_need_a_signed_in_user(client, year):
    PlanYear.objects.filter(pk=year.pk).update(status=PlanYear.Status.DRAFT)
    assert "2012/13" not in client.get("/reports/").content.decode()
    assert client.get("/reports/2012-13/overview/q1.csv").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/reports/2012-13/overview/q1.csv").status_code == 200


def test_admin_reports_page(admin_client, client, year):
    html = admin_client.get("/admin/reports/").content.decode()
    assert "/reports/2012-13/overview/q3.xlsx" in html
    # Not for anonymous visitors: the admin asks them to sign in.
    assert client.get("/admin/reports/").status_code == 302


def test_admin_front_page_links_to_reports(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert 'href="/admin/reports/"' in html
