"""The end-of-year review lists what each priority became in the next plans; every report
states targets, figures and due dates as the papers do."""

from datetime import date

import pytest
from openpyxl import load_workbook

from boardportal.reports.period import resolve_period
from boardportal.reports.rows import StreamedReport, build_report
from boardportal.reports.writers import write_report
from priorities.models import PriorityLink
from tests.factories import (
    MilestoneFactory,
    PlanYearFactory,
    PriorityFactory,
    PriorityLinkFactory,
    TargetPeriodFactory,
)
from tests.reports.helpers import flat, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_end(known):
    """`known` (4.5, peer challenges, 2012/13), carried forward into 2013/14 15.1, and
    4.6 dropped in 2013/14; 4.7 with nothing recorded."""
    later_year = PlanYearFactory(label="2013/14")
    sector_led = PriorityFactory(plan_year=later_year, reference="15.1", title="Sector Led")
    PriorityLinkFactory(earlier=known, later=sector_led, note="Item 3, paragraph 15")
    dropped = PriorityFactory(plan_year=known.plan_year, reference="4.6", title="Overview")
    PriorityLinkFactory(
        earlier=dropped,
        later=None,
        kind=PriorityLink.Kind.DROPPED,
        plan_year=later_year,
        note="Not in the 2013/14 themes",
    )
    PriorityFactory(plan_year=known.plan_year, reference="4.7", title="Scrutiny")
    indicator = known.programmes.get(name="Corporate peer challenge").indicators.get()
    indicator.target_qualifier = "over"
    indicator.save()
    TargetPeriodFactory(indicator=indicator)
    MilestoneFactory(
        programme=indicator.programme,
        title="Business case",
        due_on=date(2013, 1, 31),
        due_on_precision="month",
    )
    return known


def test_the_end_of_year_review_lists_what_is_carried_forward(year_end, tmp_path):
    period = resolve_period(kind="end-of-year", year="2012/13")
    path = write_report(StreamedReport(period), "xlsx", tmp_path / "review.xlsx")
    sheet = load_workbook(path)["Carried forward"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4:6] == ("What became of it", "Next plan's priority")
    by_reference = {row[1]: row[4:] for row in rows[1:]}
    assert by_reference == {
        "4.5": ("Carried forward to", "2013/14 15.1", "Sector Led", "Item 3, paragraph 15"),
        "4.6": ("Dropped in 2013/14", None, None, "Not in the 2013/14 themes"),
        "4.7": ("Nothing recorded", None, None, None),
    }


def test_only_the_end_of_year_review_has_the_section(year_end, tmp_path):
    overview = resolve_period(kind="overview", year="2012/13", quarter=4)
    path = write_report(build_report(overview), "xlsx", tmp_path / "q4.xlsx")
    assert "Carried forward" not in load_workbook(path).sheetnames
    assert all(not row.onward for row in build_report(overview).rows)


def test_reports_state_targets_figures_and_due_dates_as_the_papers_do(year_end, tmp_path):
    period = resolve_period(kind="end-of-year", year="2012/13")
    report = build_report(period)
    xlsx = load_workbook(write_report(report, "xlsx", tmp_path / "review.xlsx"))
    indicators = list(xlsx["Indicators"].iter_rows(values_only=True))
    header = indicators[0]
    (row,) = indicators[1:]
    assert row[header.index("Target as stated")] == "over 100 by March 2013"
    assert row[header.index("Actual as stated")] == "42"
    assert row[header.index("Target")] == 100
    milestones = list(xlsx["Milestones"].iter_rows(values_only=True))
    due = {r[3]: r[milestones[0].index("Due as stated")] for r in milestones[1:]}
    assert due["Business case"] == "January 2013"

    text = flat(pdf_text(write_report(report, "pdf", tmp_path / "review.pdf")))
    assert flat("Next plan year: Carried forward to 2013/14 15.1.") in text
    assert flat("Next plan year: Dropped in 2013/14.") in text
    assert flat("Next plan year: nothing recorded.") in text
    assert flat("over 100 by March 2013") in text
