"""The governance pages: decisions on the meeting and item pages, papers to a body whose
meeting is not known, dates as the papers give them, the forward plan with overdue
reports flagged at their boundary, matters arising as a page and a PDF, figures linked
to the paragraphs they came from (both ways), and flat queries as the rows grow."""

import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.dates import DatePrecision
from meetings import selectors as governance
from meetings.models import Action, AgendaItem
from meetings.services import action_close, agenda_item_save
from priorities.models import PlanYear
from programmes.models import Reading
from tests import factories as f
from tests.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_world():
    """The Board's meetings of July (the day not known), 13 October and 8 November 2011;
    Item 2 of October with a decision, a paragraph reporting a figure and progress, and
    three actions; a Chairman's report to the Executive at a meeting not known."""
    board = f.BoardFactory(name="Improvement Programme Board", slug="ipb")
    executive = f.BoardFactory(name="LGA Executive", slug="lga-executive")
    july = f.MeetingFactory(
        board=board, meets_on=date(2011, 7, 31), meets_on_precision=DatePrecision.MONTH
    )
    october = f.MeetingFactory(board=board, meets_on=date(2011, 10, 13))
    november = f.MeetingFactory(board=board, meets_on=date(2011, 11, 8))
    priority = f.PriorityFactory(board=board, reference="3.1", title="Taking the Lead")
    programme = f.ProgrammeFactory(name="Corporate peer challenge", priorities=[priority])
    item = f.AgendaItemFactory(meeting=october, number="2", title="Business Plan Priorities")
    paragraph = f.ParagraphFactory(
        agenda_item=item, number="7", text="We have delivered 42 peer challenges to date."
    )
    reading = f.ReadingFactory(
        indicator=f.IndicatorFactory(programme=programme, name="Peer challenges delivered"),
        as_at=date(2011, 10, 13),
    )
    update = f.ProgressUpdateFactory(
        programme=programme, as_at=date(2011, 10, 13), headline="42 delivered, 54 booked"
    )
    paragraph.figures.add(reading)
    paragraph.updates.add(update)
    f.NameAsWrittenFactory(paragraph=paragraph, programme=programme, name="peer challenge offer")
    decision = f.DecisionFactory(
        meeting=october,
        agenda_item=item,
        text="Agreed to review the ways of working",
        minute_reference="12/3",
        priorities=[priority],
    )
    owner = f.OfficerFactory(name="Dennis Skinner")
    late = f.ActionFactory(
        meeting=october,
        agenda_item=item,
        description="Write to the councils",
        owner=owner,
        due_on=date(2011, 11, 1),
    )
    at_the_meeting = f.ActionFactory(
        meeting=october,
        description="Bring the performance paper",
        owner=owner,
        due_on=None,
        due_meeting=november,
    )
    done = f.ActionFactory(meeting=october, description="Circulate the notes", owner=owner)
    action_close(action=done, status=Action.Status.DONE, outcome="Sent on 20 October")
    report = agenda_item_save(
        item=AgendaItem(
            presented_to=executive,
            presented_on=date(2011, 10, 31),
            presented_on_precision=DatePrecision.MONTH,
            number="4e",
            title="Report from the Chairman",
            kind=AgendaItem.Kind.CHAIRS_REPORT,
        )
    )
    due = f.ForwardPlanEntryFactory(
        due_meeting=november,
        title="A paper on the performance of the sector",
        priorities=[priority],
    )
    return {
        "board": board,
        "executive": executive,
        "july": july,
        "october": october,
        "november": november,
        "priority": priority,
        "programme": programme,
        "item": item,
        "paragraph": paragraph,
        "reading": reading,
        "update": update,
        "decision": decision,
        "late": late,
        "at_the_meeting": at_the_meeting,
        "done": done,
        "report": report,
        "due": due,
    }


def text_of(response) -> str:
    """The page's main content as words, tags taken out."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def rows_of(response, caption: str) -> list[str]:
    """The text of each body row of the table with this caption."""
    html = response.content.decode()
    table = re.search(
        rf'<caption class="govuk-visually-hidden">{re.escape(caption)}</caption>(.*?)</table>',
        html,
        re.S,
    )
    assert table, caption
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table.group(1), re.S)[1:]
    return [unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))).strip() for row in rows]


# --- Decisions ------------------------------------------------------------------------------


def test_a_meetings_decisions_are_on_its_page_and_its_items(client, board_world):
    meeting_page = client.get(board_world["october"].get_absolute_url())
    (row,) = rows_of(meeting_page, "Decisions of this meeting")
    assert row == "Agreed to review the ways of working Item 2: Business Plan Priorities 12/3"
    item_page = client.get(board_world["item"].get_absolute_url())
    assert rows_of(item_page, "Decisions on this item") == [
        "Agreed to review the ways of working 12/3"
    ]


def test_decisions_on_an_exempt_item_are_for_signed_in_eyes(client, board_world):
    exempt = f.AgendaItemFactory(meeting=board_world["october"], number="9", exempt=True)
    f.DecisionFactory(meeting=board_world["october"], agenda_item=exempt, text="Sold the lease")
    assert "Sold the lease" not in text_of(client.get(board_world["october"].get_absolute_url()))
    client.force_login(f.UserFactory())
    assert "Sold the lease" in text_of(client.get(board_world["october"].get_absolute_url()))


def test_the_priority_includes_list_its_decisions_and_reports_due(board_world):
    priority = board_world["priority"]
    decisions = governance.decisions_for(priorities=[priority.pk], user=None)
    html = render_to_string(
        "meetings/includes/decisions_for.html",
        {"decisions": decisions, "caption": "Decisions", "show_meeting": True},
    )
    assert "Agreed to review the ways of working" in html
    assert "Improvement Programme Board, 13 October 2011" in html
    plan = governance.forward_plan_for(priorities=[priority.pk], on=date(2011, 11, 9), user=None)
    html = render_to_string(
        "meetings/includes/forward_plan.html",
        {"forward_plan": plan, "caption": "Reports due", "show_board": True},
    )
    assert "A paper on the performance of the sector" in html
    assert 'govuk-tag--red">Overdue</strong>' in html


# --- Papers to a body whose meeting is not known ----------------------------------------------


def test_a_paper_to_the_executive_with_no_meeting_is_listed_under_its_body(client, board_world):
    url = reverse("meetings:board_papers", kwargs={"slug": "lga-executive"})
    response = client.get(url)
    assert rows_of(response, "Papers presented to the LGA Executive") == [
        "October 2011 Item 4e: Report from the Chairman Not known Chairman's report"
    ]
    ipb = client.get(reverse("meetings:board_papers", kwargs={"slug": "ipb"}))
    assert "Report from the Chairman" not in text_of(ipb)
    page = text_of(client.get(board_world["report"].get_absolute_url()))
    assert "LGA Executive, October 2011, item 4e" in page
    assert "Presented to LGA Executive , October 2011: the meeting is not known" in page
    listing = client.get(reverse("meetings:list") + "?board=lga-executive")
    assert url in listing.content.decode()


# --- Dates as the papers give them ----------------------------------------------------------


def test_meeting_dates_are_shown_as_stated_and_sorted(client, board_world):
    day_in_july = f.MeetingFactory(board=board_world["board"], meets_on=date(2011, 7, 20))
    response = client.get(reverse("meetings:list") + "?board=ipb")
    dates = [row.split(" Improvement")[0] for row in rows_of(response, "Past meetings")]
    # Latest first; "July 2011" (its placeholder day, the 31st) after the 20th.
    assert dates == ["8 November 2011", "13 October 2011", "July 2011", "20 July 2011"]
    page = text_of(client.get(board_world["july"].get_absolute_url()))
    assert "Meeting of July 2011" in page
    assert "July 2011 (the day is not known)" in page
    assert "Wednesday 20 July 2011" in text_of(client.get(day_in_july.get_absolute_url()))


def test_papers_are_sorted_by_the_date_they_were_presented(client, board_world):
    executive = board_world["executive"]
    f.AgendaItemFactory(
        meeting=f.MeetingFactory(board=executive, meets_on=date(2011, 10, 20)), title="Earlier"
    )
    agenda_item_save(item=AgendaItem(presented_to=executive, title="Undated"))
    response = client.get(reverse("meetings:board_papers", kwargs={"slug": "lga-executive"}))
    assert [
        row.split(" Item")[0].split(" Earlier")[0].split(" Undated")[0]
        for row in rows_of(response, "Papers presented to the LGA Executive")
    ] == ["October 2011", "20 October 2011", "Not known"]


# --- The forward plan -------------------------------------------------------------------------


def forward_plan_rows(client, on: str) -> list[str]:
    url = reverse("meetings:forward_plan", kwargs={"slug": "ipb"}) + f"?as_at={on}"
    return rows_of(client.get(url), "Reports due to the Improvement Programme Board")


def test_a_report_is_overdue_the_day_after_its_meeting_with_nothing_presented(client, board_world):
    (on_the_day,) = forward_plan_rows(client, "2011-11-08")
    assert on_the_day.endswith("Meeting of 8 November 2011 Due")
    (day_after,) = forward_plan_rows(client, "2011-11-09")
    assert day_after.endswith("Overdue No item presenting it is recorded")
    entry = board_world["due"]
    entry.presented_item = f.AgendaItemFactory(
        meeting=board_world["november"], number="5", title="Performance of the sector"
    )
    entry.save()
    (presented,) = forward_plan_rows(client, "2011-11-09")
    assert presented.endswith("Presented As Item 5: Performance of the sector")


def test_a_meeting_lists_the_reports_due_at_it_recurring_ones_too(client, board_world):
    f.ReportingCommitmentFactory(
        board=board_world["board"],
        title="Progress against the plan",
        starts_on=date(2011, 4, 1),
        ends_on=date(2012, 3, 31),
    )  # to 30 September 2011: due at the first meeting after it, 13 October
    october = client.get(board_world["october"].get_absolute_url())
    assert rows_of(october, "Reports due at this meeting") == [
        "Progress against the plan For 2011/12, first half (April to September) "
        "Meeting of 13 October 2011 the first after 30 September 2011 Overdue "
        "No item presenting it is recorded"
    ]
    plan = forward_plan_rows(client, "2011-10-13")
    assert plan[-1] == (
        "Progress against the plan For 2011/12, second half (October to March) "
        "The first meeting after 31 March 2012 None recorded yet Due"
    )


def test_a_bad_as_at_is_a_400(client, board_world):
    url = reverse("meetings:forward_plan", kwargs={"slug": "ipb"}) + "?as_at=soon"
    assert client.get(url).status_code == 400


# --- Matters arising --------------------------------------------------------------------------


def test_matters_arising_lists_the_previous_meetings_decisions_and_actions(client, board_world):
    url = reverse("meetings:matters_arising", kwargs={"pk": board_world["november"].pk})
    response = client.get(url)
    page = text_of(response)
    assert "From the meeting of 13 October 2011" in page
    assert rows_of(response, "Decisions of the previous meeting") == [
        "Agreed to review the ways of working Item 2: Business Plan Priorities 12/3"
    ]
    actions = rows_of(response, "Actions arising from the previous meeting")
    assert [re.sub(r" Last changed \d+ \w+ \d{4}\.", "", row) for row in actions] == [
        # Past its date at this meeting's date: overdue.
        "Write to the councils Dennis Skinner 1 Nov 2011 No update recorded. Overdue",
        # Due at this very meeting: not yet.
        "Circulate the notes Dennis Skinner 8 Nov 2012 Sent on 20 October Done",
        "Bring the performance paper Dennis Skinner At the meeting of 8 November 2011 "
        "No update recorded. Open",
    ]
    assert "3 actions, 1 overdue." in page
    # The first meeting recorded has nothing arising.
    first = client.get(reverse("meetings:matters_arising", kwargs={"pk": board_world["july"].pk}))
    assert "No earlier meeting of the Improvement Programme Board is recorded" in text_of(first)


def test_matters_arising_as_a_pdf(client, board_world, tmp_path):
    url = reverse("meetings:matters_arising_pdf", kwargs={"pk": board_world["november"].pk})
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="matters-arising-ipb-2011-11-08.pdf"' in response["Content-Disposition"]
    path = tmp_path / "matters.pdf"
    path.write_bytes(response.content)
    words = re.sub(r"\s+", " ", pdf_text(path))
    assert "Matters arising" in words
    assert "Improvement Programme Board, meeting of 8 November 2011" in words
    assert "From the meeting of 13 October 2011" in words
    assert "Agreed to review the ways of working" in words
    assert "3 actions, 1 overdue." in words
    layout = pdf_text(path, "-layout")
    (late,) = [line for line in layout.splitlines() if "Write to the councils" in line]
    assert re.search(r"Dennis Skinner\s+1 Nov 2011\s+No update recorded\..*Overdue", late)
    (done,) = [line for line in layout.splitlines() if "Circulate the notes" in line]
    assert "Done" in done and "Overdue" not in done


# --- Sources, both ways -----------------------------------------------------------------------


def test_a_paragraph_shows_the_figures_and_progress_it_reported(client, board_world):
    response = client.get(board_world["item"].get_absolute_url())
    html = response.content.decode()
    page = text_of(response)
    programme_url = board_world["programme"].get_absolute_url()
    reading, update = board_world["reading"], board_world["update"]
    assert f'href="{programme_url}#indicator-{reading.indicator_id}"' in html
    assert "Figure: Peer challenges delivered : 42, as at 13 October 2011" in page
    assert f'href="{programme_url}#update-{update.pk}"' in html
    assert "Progress: Corporate peer challenge , Green: 42 delivered, 54 booked" in page
    assert "The paper writes “peer challenge offer” for the Corporate peer challenge." in page


def test_a_paragraph_shows_the_programmes_and_priorities_it_is_about(client, board_world):
    paragraph, priority = board_world["paragraph"], board_world["priority"]
    paragraph.programmes.add(board_world["programme"])
    paragraph.priorities.add(priority)
    draft_plan = f.PlanYearFactory(label="2013/14", status=PlanYear.Status.DRAFT)
    unagreed = f.PriorityFactory(plan_year=draft_plan, reference="9.9", title="Not yet agreed")
    paragraph.priorities.add(unagreed)
    url = board_world["item"].get_absolute_url()
    page = text_of(client.get(url))
    assert "About: Corporate peer challenge ; 2012/13 priority 3.1 Taking the Lead" in page
    # A priority of a plan not yet agreed is not shown to the public, as everywhere.
    assert "Not yet agreed" not in page
    client.force_login(f.UserFactory(is_staff=True))
    assert "2013/14 priority 9.9 Not yet agreed" in text_of(client.get(url))


def test_a_draft_figure_is_not_shown_on_its_paragraph(client, board_world):
    draft = f.ReadingFactory(
        indicator=board_world["reading"].indicator, as_at=date(2011, 10, 20), draft=True
    )
    board_world["paragraph"].figures.add(draft)
    assert "20 October 2011" not in text_of(client.get(board_world["item"].get_absolute_url()))


def test_a_figure_links_back_to_its_paragraph(board_world):
    from django.db.models import prefetch_related_objects

    reading = Reading.objects.get(pk=board_world["reading"].pk)
    prefetch_related_objects([reading], governance.source_paragraphs_prefetch(None))
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(
            "meetings/includes/sources_for.html",
            {"paragraphs": reading.sources},
        )
    assert len(queries) == 0  # all prefetched
    paragraph = board_world["paragraph"]
    url = f"{board_world['item'].get_absolute_url()}#paragraph-{paragraph.pk}"
    assert f'<a class="govuk-link" href="{url}">Item 2, paragraph 7</a>' in html
    assert "(Improvement Programme Board, 13 October 2011)" in html
    # A paragraph of an exempt item is not shown to the public.
    board_world["item"].exempt = True
    agenda_item_save(item=board_world["item"])
    reading = Reading.objects.get(pk=reading.pk)
    prefetch_related_objects([reading], governance.source_paragraphs_prefetch(None))
    assert list(reading.sources) == []


# --- Flat queries ----------------------------------------------------------------------------


def grow(world, n: int) -> None:
    """n more of everything the pages list."""
    october, november = world["october"], world["november"]
    for i in range(n):
        item = f.AgendaItemFactory(meeting=october, number="", title=f"More business {i}")
        paragraph = f.ParagraphFactory(
            agenda_item=world["item"], number=f"{100 + world['item'].paragraphs.count()}"
        )
        indicator = f.IndicatorFactory(programme=world["programme"])
        paragraph.figures.add(f.ReadingFactory(indicator=indicator, as_at=date(2011, 10, 13)))
        paragraph.programmes.add(world["programme"])
        f.NameAsWrittenFactory(paragraph=paragraph, programme=world["programme"])
        f.DecisionFactory(meeting=october, agenda_item=item, priorities=[world["priority"]])
        f.ActionFactory(meeting=october, agenda_item=item, due_meeting=november, due_on=None)
        f.ForwardPlanEntryFactory(
            due_meeting=november,
            presented_item=f.AgendaItemFactory(meeting=november, number="", title=f"Paper {i}"),
        )
        f.ReportingCommitmentFactory(board=world["board"])
        agenda_item_save(
            item=AgendaItem(presented_to=world["executive"], title=f"Report {i}", number="")
        )


@pytest.mark.parametrize(
    "page",
    ["board-papers", "forward-plan", "matters-arising", "matters-arising-pdf", "meeting", "item"],
)
def test_queries_per_page_do_not_grow(client, board_world, page):
    urls = {
        "board-papers": reverse("meetings:board_papers", kwargs={"slug": "lga-executive"}),
        "forward-plan": reverse("meetings:forward_plan", kwargs={"slug": "ipb"}),
        "matters-arising": reverse(
            "meetings:matters_arising", kwargs={"pk": board_world["november"].pk}
        ),
        "matters-arising-pdf": reverse(
            "meetings:matters_arising_pdf", kwargs={"pk": board_world["november"].pk}
        ),
        "meeting": board_world["october"].get_absolute_url(),
        "item": board_world["item"].get_absolute_url(),
    }
    counts = []
    for size in (2, 12):
        grow(board_world, size - (2 if counts else 0))  # 2 in all, then 12
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[page])
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 15, counts


def test_the_item_page_shows_every_figure_of_a_grown_paper(client, board_world):
    grow(board_world, 3)
    page = text_of(client.get(board_world["item"].get_absolute_url()))
    assert page.count("Figure: ") == 4
