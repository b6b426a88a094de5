"""The demo data's governance, corrected against the papers: the two Chairman's reports
go to the Executive with the meeting not known (and say why), the papers' own names for
programmes are kept, the items the papers refer to are recorded with what is known, the
decisions and forward plan the papers state are loaded (and nothing more), dates are as
precise as the papers, and figures link to their paragraphs. A database loaded before
the corrections is corrected by loading again; a second run changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from meetings.models import (
    Action,
    AgendaItem,
    Decision,
    ForwardPlanEntry,
    Meeting,
    NameAsWritten,
    Paragraph,
    ReportingCommitment,
)
from meetings.services import action_save, agenda_item_save
from programmes.models import ProgressUpdate, Reading

pytestmark = pytest.mark.django_db

IPB = "improvement-programme-board"
WRITE_TO_MINISTERS = (
    "Write to Ministers setting out our concerns and recommendations in relation to the "
    "Government's proposals for the future of local public audit."
)
PRODUCTIVITY_OFFER = (
    "Present the practical Productivity Programme offer to councils for approval at the "
    "next Improvement Programme Board."
)


def load() -> str:
    out = StringIO()
    call_command("load_board_papers", stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded():
    return load()


def chairs_report(year: int) -> AgendaItem:
    return AgendaItem.objects.get(kind=AgendaItem.Kind.CHAIRS_REPORT, presented_on__year=year)


def meeting(board: str, on: str) -> Meeting:
    return Meeting.objects.get(board__slug=board, meets_on=date.fromisoformat(on))


# --- The Chairman's reports go where the papers say -------------------------------------


@pytest.mark.parametrize(
    ("year", "number", "stated"), [(2011, "4e", "October 2011"), (2012, "", "January 2012")]
)
def test_the_chairmans_reports_went_to_the_executive_meeting_not_known(
    loaded, year, number, stated
):
    report = chairs_report(year)
    assert (report.meeting, report.presented_to.slug, report.number) == (
        None,
        "lga-executive",
        number,
    )
    assert report.date_as_stated == stated
    assert "third person" in report.note if year == 2011 else "our January meeting" in report.note
    assert "moved from there" in report.note
    assert not report.actions.exists()


def test_what_item_4e_says_is_coming_to_the_board_is_on_its_forward_plan(loaded):
    november = meeting(IPB, "2011-11-08")
    item4e = chairs_report(2011)
    due = ForwardPlanEntry.objects.filter(
        due_meeting=november, source_paragraph__agenda_item=item4e
    )
    assert sorted(due.values_list("source_paragraph__number", flat=True)) == ["1", "4"]
    assert not Action.objects.filter(
        description__in=[WRITE_TO_MINISTERS, PRODUCTIVITY_OFFER]
    ).exists()


def test_a_database_loaded_before_the_corrections_is_corrected(loaded):
    # Put the two reports and their actions back where an earlier load had them.
    october, january = meeting(IPB, "2011-10-13"), meeting(IPB, "2012-01-17")
    for report, (at, number) in (
        (chairs_report(2011), (october, "4e")),
        (chairs_report(2012), (january, "CR")),
    ):
        report.meeting, report.number = at, number
        report.presented_to, report.presented_on = None, None
        report.presented_on_precision, report.presented_on_stated = "day", ""
        agenda_item_save(item=report)
        description = PRODUCTIVITY_OFFER if number == "4e" else WRITE_TO_MINISTERS
        action_save(action=Action(meeting=at, agenda_item=report, description=description))
    kept = {report.pk for report in AgendaItem.objects.filter(number__in=["4e", "CR"])}
    output = load()
    assert "0 records created, 4 changed" in output  # two items moved back, two actions gone
    assert {chairs_report(2011).pk, chairs_report(2012).pk} == kept  # corrected, not replaced
    assert not Action.objects.filter(
        description__in=[WRITE_TO_MINISTERS, PRODUCTIVITY_OFFER]
    ).exists()
    assert chairs_report(2012).paragraphs.count() == 10
    assert "0 records created, 0 changed, 0 sets of links written" in load()


# --- The papers' names and the items they refer to -------------------------------------------


def test_the_papers_own_names_for_programmes_are_kept(loaded):
    names = {(n.programme.slug, n.name) for n in NameAsWritten.objects.select_related("programme")}
    assert (
        "adult-social-care-efficiency-programme",
        "Adult Society Care Efficiency Programme",
    ) in names
    assert ("lg-inform", "LGInform") in names
    assert ("creative-councils", "Creative Councils Innovation programme") in names
    society = NameAsWritten.objects.get(name="Adult Society Care Efficiency Programme")
    assert (society.paragraph.agenda_item, society.paragraph.number) == (chairs_report(2012), "9")
    assert society.programme.name == "Adult Social Care Efficiency Programme"  # the display name
    assert "Adult Society Care" in society.paragraph.text  # the paper's words, as written


def test_the_reports_later_on_the_agenda_are_items_with_what_is_known(loaded):
    october = meeting(IPB, "2011-10-13")
    referred = october.agenda_items.filter(referred_to_in__isnull=False).order_by("order")
    assert [
        (i.number, i.referred_to_in.number, i.referred_to_in.agenda_item.number) for i in referred
    ] == [
        ("", "5", "2"),
        ("", "6", "2"),
        ("", "9", "2"),
    ]
    childrens = referred.get(referred_to_in__number="6")
    assert childrens.title == "The work of the Children's Improvement Board"
    assert "later on the agenda" in childrens.note
    assert not childrens.paragraphs.exists() and not childrens.summary  # nothing invented
    outline = meeting("lga-executive", "2012-01-31").agenda_items.get()
    assert (outline.purpose, outline.referred_to_in.number) == ("For initial review.", "2")


# --- Decisions and the forward plan the papers state -----------------------------------------


def test_the_decisions_the_papers_report(loaded):
    decisions = {(d.meeting.board.slug, d.meeting.meets_on): d for d in Decision.objects.all()}
    assert set(decisions) == {
        ("lga-executive", date(2011, 3, 31)),  # agreed the 2011/12 Business Plan (Item 2)
        (IPB, date(2011, 11, 8)),  # approved the evaluation specification (Item 3)
    }
    evaluation = decisions[(IPB, date(2011, 11, 8))]
    assert evaluation.source_paragraph.number == "20"
    assert (evaluation.agenda_item, evaluation.minute_reference) == (None, "")  # not known
    assert list(evaluation.programmes.values_list("slug", flat=True)) == [
        "sector-led-improvement-evaluation"
    ]


def test_the_forward_plan_the_papers_state(loaded):
    twice = ReportingCommitment.objects.get(board__slug=IPB)
    assert (twice.frequency, twice.source_paragraph.number) == ("half_yearly", "16 (cont.)")
    assert list(twice.entries.values_list("period_ends_on", flat=True)) == [date(2012, 3, 31)]
    quarterly = ReportingCommitment.objects.get(board__slug="lga-executive")
    assert (quarterly.frequency, quarterly.source_paragraph.number) == ("quarterly", "28")
    assert sorted(quarterly.entries.values_list("period_ends_on", flat=True)) == [
        date(2013, 9, 30),
        date(2013, 12, 31),
        date(2014, 3, 31),
    ]
    november = ForwardPlanEntry.objects.with_state(date(2011, 11, 9)).filter(
        due_meeting=meeting(IPB, "2011-11-08")
    )
    assert november.count() == 5
    assert {e.state for e in november} == {"Overdue"}  # no paper records them presented
    sign_off = ForwardPlanEntry.objects.get(due_meeting=meeting("lga-executive", "2012-03-31"))
    assert sign_off.presented_item.title == "LGA Business Plan 2012/13 (final)"
    assert "inferred" in sign_off.presented_item.note


# --- Dates as precise as the papers -----------------------------------------------------------


def test_meeting_dates_are_as_precise_as_the_papers(loaded):
    stated = {
        (m.board.slug, m.meets_on.isoformat()): m.date_as_stated for m in Meeting.objects.all()
    }
    assert stated == {
        ("advisory-board", "2011-02-16"): "16 February 2011",
        ("lga-executive", "2011-03-31"): "earlier in 2011",
        (IPB, "2011-07-31"): "July 2011",
        (IPB, "2011-10-13"): "October 2011",
        (IPB, "2011-11-08"): "8 November 2011",
        (IPB, "2012-01-17"): "17 January 2012",
        ("lga-executive", "2012-01-31"): "January 2012",
        ("lga-executive", "2012-03-31"): "March 2012",
        ("improvement-and-innovation-board", "2013-07-31"): "mid 2013",
    }


# --- Figures link to their paragraphs ---------------------------------------------------------


def test_every_figure_and_update_links_to_the_paragraphs_its_source_names(loaded):
    assert not Reading.objects.filter(source__contains="paragraph", source_paragraphs=None).exists()
    assert not ProgressUpdate.objects.filter(
        source__contains="paragraph", source_paragraphs=None
    ).exists()
    delivered = Reading.objects.get(indicator__name="Peer challenges delivered to date")
    (paragraph,) = delivered.source_paragraphs.all()
    assert (paragraph.agenda_item, paragraph.number) == (chairs_report(2011), "7")
    assert "42 peer challenges" in paragraph.text


def test_a_source_naming_two_papers_links_to_both(loaded):
    update = ProgressUpdate.objects.get(
        programme__slug="local-productivity-programme", as_at=date(2011, 10, 13)
    )
    cited = {(p.agenda_item.number, p.number) for p in update.source_paragraphs.all()}
    assert cited == {("2", "8"), ("2", "9"), ("4e", "4")}
    evaluation = ProgressUpdate.objects.get(programme__slug="sector-led-improvement-evaluation")
    numbers = list(evaluation.source_paragraphs.order_by("order").values_list("number", flat=True))
    assert numbers == [
        "20",
        "20.1",
        "20.2",
        "20.3",
        "20.4",
        "21",
        "22",
        "22.1",
        "22.2",
        "22.3",
        "23",
        "24",
    ]
    assert Paragraph.objects.filter(figures__isnull=False).distinct().count() > 10
