"""The priority and programme pages carry the governance the papers record: the reports
due about them (overdue ones flagged), the decisions about them, the papers that
discussed them (a paper to a body with the meeting unknown named as such), and the
paragraphs their readings and updates came from, linked; queries stay flat."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import AgendaItem
from meetings.services import agenda_item_save
from tests import factories as f
from tests.boardportal import test_governance_pages as governance_pages
from tests.boardportal.test_governance_pages import rows_of, text_of

pytestmark = pytest.mark.django_db

# The governance pages' world: a Board's meetings of 2011, a priority and its programme,
# a decision, a paragraph with a figure and progress, a report due on 8 November.
board_world = governance_pages.board_world

# The fixture's Board meets in 2011; its priority is of the factories' 2012/13 plan, so
# each page is asked as at a date in the autumn of 2011.
DAY_OF = "?as_at=2011-11-08"
DAY_AFTER = "?as_at=2011-11-09"


def test_the_priority_page_lists_the_reports_due_about_it_overdue_the_day_after(
    client, board_world
):
    url = board_world["priority"].get_absolute_url()
    caption = "Reports due about 3.1"
    (on_the_day,) = rows_of(client.get(url + DAY_OF), caption)
    assert on_the_day.startswith("A paper on the performance of the sector")
    assert "Improvement Programme Board Meeting of 8 November 2011 Due" in on_the_day
    (day_after,) = rows_of(client.get(url + DAY_AFTER), caption)
    assert day_after.endswith("Overdue No item presenting it is recorded")


def test_a_report_due_about_a_programme_shows_on_its_priority_and_its_own_page(client, board_world):
    f.ForwardPlanEntryFactory(
        due_meeting=board_world["november"],
        title="The practical peer challenge offer",
        programmes=[board_world["programme"]],
    )
    priority = client.get(board_world["priority"].get_absolute_url() + DAY_AFTER)
    assert len(rows_of(priority, "Reports due about 3.1")) == 2
    programme = client.get(board_world["programme"].get_absolute_url() + DAY_AFTER)
    (row,) = rows_of(programme, "Reports due about Corporate peer challenge")
    assert row.startswith("The practical peer challenge offer")
    assert row.endswith("Overdue No item presenting it is recorded")


def test_no_report_due_is_said_in_words(client, board_world):
    board_world["due"].priorities.clear()
    page = text_of(client.get(board_world["priority"].get_absolute_url() + DAY_OF))
    assert "No reports are due." in page[page.index("Reports due") : page.index("Decisions")]


def test_the_priority_and_programme_pages_list_the_decisions_about_them(client, board_world):
    f.DecisionFactory(
        meeting=board_world["november"],
        text="Approved the peer challenge evaluation",
        programmes=[board_world["programme"]],
    )
    priority = client.get(board_world["priority"].get_absolute_url() + DAY_OF)
    rows = rows_of(priority, "Decisions about 3.1")
    # Latest meeting first; the programme's decision is the priority's too.
    assert [r.split(" Approved")[0].split(" Agreed")[0] for r in rows] == [
        "Improvement Programme Board, 8 November 2011",
        "Improvement Programme Board, 13 October 2011",
    ]
    assert rows[1].endswith("Item 2: Business Plan Priorities 12/3")
    programme = client.get(board_world["programme"].get_absolute_url() + DAY_OF)
    (row,) = rows_of(programme, "Decisions about Corporate peer challenge")
    assert "Approved the peer challenge evaluation" in row
    assert row.endswith("Not known Not known")  # no item, no minute reference


def test_a_decision_on_an_exempt_item_is_not_shown_to_the_public(client, board_world):
    item = board_world["item"]
    item.exempt = True
    agenda_item_save(item=item)
    page = text_of(client.get(board_world["priority"].get_absolute_url() + DAY_OF))
    decisions = page[page.index("Decisions") : page.index("Discussed at")]
    assert "Agreed to review the ways of working" not in decisions
    assert "No decisions are recorded." in decisions


def test_a_paper_to_a_body_with_the_meeting_unknown_is_listed_as_such(client, board_world):
    report = board_world["report"]
    report.priorities.add(board_world["priority"])
    undated = agenda_item_save(
        item=AgendaItem(presented_to=board_world["executive"], title="Undated report")
    )
    undated.priorities.add(board_world["priority"])
    page = text_of(client.get(board_world["priority"].get_absolute_url() + DAY_OF))
    discussed = page[page.index("Discussed at") : page.index("Open actions")]
    assert (
        "Item 4e: Report from the Chairman , presented to LGA Executive, October 2011 "
        "(meeting not known)" in discussed
    )
    assert "Undated report , presented to LGA Executive, date not known" in discussed
    # Sorted by the date each went, latest first, the undated last.
    assert discussed.index("Item 4e") < discussed.index("Undated report")


def test_readings_and_updates_link_to_the_paragraph_they_came_from(client, board_world):
    html = client.get(board_world["programme"].get_absolute_url() + DAY_OF).content.decode()
    link = f'href="{board_world["paragraph"].get_absolute_url()}"'
    # Once from the reading's row, once from the progress update.
    assert html.count(link) == 2
    page = text_of(client.get(board_world["programme"].get_absolute_url() + DAY_OF))
    assert "From Item 2, paragraph 7 (Improvement Programme Board, 13 October 2011)" in page


def test_a_source_paragraph_of_an_exempt_item_is_not_linked_for_the_public(client, board_world):
    item = board_world["item"]
    item.exempt = True
    agenda_item_save(item=item)
    html = client.get(board_world["programme"].get_absolute_url() + DAY_OF).content.decode()
    assert board_world["paragraph"].get_absolute_url() not in html


def grow(world, n: int) -> None:
    """n more reports due, decisions, papers and sourced readings and updates."""
    priority, programme = world["priority"], world["programme"]
    for _ in range(n):
        i = programme.progress_updates.count()  # one update a day, each on a new day
        f.ForwardPlanEntryFactory(
            due_meeting=world["november"], priorities=[priority], programmes=[programme]
        )
        f.DecisionFactory(meeting=world["october"], priorities=[priority], programmes=[programme])
        paper = agenda_item_save(
            item=AgendaItem(presented_to=world["executive"], title=f"Report {i}", number="")
        )
        paper.priorities.add(priority)
        paper.programmes.add(programme)
        paragraph = f.ParagraphFactory(agenda_item=paper, number=str(i + 1))
        indicator = f.IndicatorFactory(programme=programme)
        paragraph.figures.add(f.ReadingFactory(indicator=indicator, as_at=date(2011, 10, 13)))
        paragraph.updates.add(
            f.ProgressUpdateFactory(programme=programme, as_at=date(2011, 9, 1) + timedelta(i))
        )


@pytest.mark.parametrize("page", ["priority", "programme"])
def test_queries_per_page_do_not_grow(client, board_world, page):
    url = board_world[page].get_absolute_url() + DAY_AFTER
    counts = []
    for size in (2, 12):
        grow(board_world, size - (2 if counts else 0))  # 2 in all, then 12
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
