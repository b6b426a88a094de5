"""Matters arising as a PDF for the agenda pack: the previous meeting's decisions and the
actions it set, with owners, due dates, updates and status (overdue as at the meeting's
date), drawn with ReportLab in the reports' styles (`boardportal.reports.pdf.layout`).

What it says comes from `meetings.selectors.matters_arising`, as the page's does."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from core.dates import today
from meetings.selectors import MattersArising

from .reports.pdf.layout import (
    GREY,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    STYLES,
    Markup,
    cell,
    table,
    text,
)

OVERDUE = Markup('<font color="#942514"><b>Overdue</b></font>')


def status_cell(action) -> Markup | str:
    """The action's state in words; overdue in red and bold, as on the pages."""
    return OVERDUE if action.is_overdue else action.state


def story(page: MattersArising) -> list:
    meeting, previous = page.meeting, page.previous
    flowables: list = [
        Paragraph("Matters arising", STYLES["title"]),
        Paragraph(
            text(f"{meeting.board.name}, meeting of {meeting.date_as_stated}"), STYLES["subtitle"]
        ),
        Spacer(0, 6),
    ]
    if previous is None:
        flowables.append(
            Paragraph(
                text(
                    f"No earlier meeting of the {meeting.board.name} is recorded: nothing arises."
                ),
                STYLES["body"],
            )
        )
        return flowables
    flowables.append(
        Paragraph(
            text(
                f"From the meeting of {previous.date_as_stated}. Status as recorded on "
                f"{today():%-d %B %Y}; overdue as at this meeting's date, "
                f"{meeting.meets_on:%-d %B %Y}."
            ),
            STYLES["meta"],
        )
    )
    flowables.append(Paragraph(text(f"Decisions of {previous.date_as_stated}"), STYLES["h2"]))
    if page.decisions:
        flowables.append(
            table(
                ["Minute", "What was agreed", "Item"],
                [
                    [
                        cell(d.minute_reference or "Not known"),
                        cell(d.text),
                        cell(str(d.agenda_item) if d.agenda_item else "Not known"),
                    ]
                    for d in page.decisions
                ],
                [1.2, 5, 2.5],
            )
        )
    else:
        flowables.append(Paragraph("No decisions are recorded.", STYLES["body"]))
    flowables.append(Paragraph("Actions arising", STYLES["h2"]))
    if page.actions:
        overdue = len(page.overdue)
        flowables.append(
            Paragraph(
                text(f"{len(page.actions)} actions, {overdue} overdue."),
                STYLES["body"],
            )
        )
        flowables.append(
            table(
                ["Action", "Owner", "Due", "Update", "Status"],
                [
                    [
                        cell(a.description),
                        cell(a.owner.name if a.owner else "Not assigned"),
                        cell(a.due_text),
                        cell(a.update_text),
                        cell(status_cell(a)),
                    ]
                    for a in page.actions
                ],
                [4.2, 1.6, 1.8, 3, 1.1],
            )
        )
    else:
        flowables.append(Paragraph("No actions were set.", STYLES["body"]))
    return flowables


def matters_arising_pdf(page: MattersArising) -> bytes:
    """The PDF's bytes: A4, the meeting in the header and page numbers in the footer."""
    buffer = BytesIO()
    title = f"Matters arising: {page.meeting.board.name}, {page.meeting.date_as_stated}"

    def furniture(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(GREY)
        if document.page > 1:
            canvas.drawString(MARGIN_X, PAGE_HEIGHT - 12 * mm, title)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author="boardportal",
    )
    document.build(story(page), onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()
