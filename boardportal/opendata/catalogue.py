"""What the open-data page lists: each table's columns and what they mean, how often it
changes; each feed; the licence. The downloads and the page read the same definitions."""

from __future__ import annotations

from .tables import (
    Column,
    Table,
    action_rows,
    council_rows,
    indicator_rows,
    meeting_rows,
    priority_rows,
    programme_rows,
)

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

AS_AT = Column("as_at", "The date the row describes the position at (YYYY-MM-DD).")
STATUS = Column(
    "status",
    "red, amber, green, complete or not_started; empty when there is no current progress update.",
)
STATUS_LABEL = Column("status_label", "The status in words; 'No update yet' when there is none.")

TABLES = [
    Table(
        "priorities",
        "Priorities with their status",
        "a priority of an agreed plan year",
        "When a plan is agreed, and when a progress update of one of its programmes is "
        "published (usually quarterly).",
        [
            Column("id", "The priority's number in the API (/api/v1/priorities/<id>/)."),
            Column("plan_year", "The business plan it is part of, e.g. 2012/13."),
            Column("board", "The Board that owns it, or Organisation-wide."),
            Column("theme", "Its strategic theme, if any."),
            Column("reference", "As numbered in the plan, e.g. 4.1."),
            Column("title", "The priority in a few words."),
            Column("target", "Its target in the plan's own words."),
            Column("lead_officer", "The member of staff who answers for it."),
            AS_AT,
            STATUS,
            STATUS_LABEL,
            Column(
                "rule",
                "How the status was reached: the programmes' weighted score, a red programme "
                "holding it at amber, or an officer's override with its reason.",
            ),
            Column("programmes", "Programmes delivering it."),
            Column("programmes_counted", "Of those, the ones with a status that counts."),
            Column("programmes_on_track", "Of those, the green or complete ones."),
            Column("link", "Its page on the portal."),
        ],
        priority_rows,
    ),
    Table(
        "programmes",
        "Programmes with their status",
        "a programme or offer",
        "When a progress update is published (usually quarterly), a milestone is done or "
        "falls due, or a reading is published.",
        [
            Column("slug", "The programme's address on the portal and in the API."),
            Column("name", "As the programme is known."),
            Column("theme", "Its strategic theme, if any."),
            Column("board", "The Board that oversees it."),
            Column("lead_officer", "The member of staff who reports its progress."),
            Column("lifecycle", "Planned, Active or Closed."),
            AS_AT,
            STATUS,
            STATUS_LABEL,
            Column("reported_on", "The date of its latest progress update, current or not."),
            Column(
                "note",
                "'From an earlier quarter: <date>', or 'Last update <date>, out of date' (an "
                "update older than two quarters no longer counts).",
            ),
            Column(
                "suggested",
                "What overdue milestones and indicators behind trajectory suggest; the "
                "officer's status stands.",
            ),
            Column("headline", "The latest update's headline."),
            Column("overdue_milestones", "Milestones past their due date and not done."),
            Column("indicators_behind", "Indicators behind their trajectory by over 10%."),
            Column("partners", "The organisations it is delivered with, separated by ';'."),
            Column("link", "Its page on the portal."),
        ],
        programme_rows,
    ),
    Table(
        "indicators",
        "Indicators with their readings",
        "a published reading of an indicator (an indicator with none yet: one row)",
        "When a reading is published, usually with the quarter's progress updates.",
        [
            Column("indicator_id", "The indicator's number in the API."),
            Column("indicator", "What is measured."),
            Column("programme", "The programme it measures, if any."),
            Column("priority", "The reference of the priority it measures, if any."),
            Column("unit", "count, gbp, percent or people."),
            Column(
                "baseline",
                "The value at the start of the target period in force at as_at (the "
                "schedule's period containing it, else the last one over).",
            ),
            Column(
                "target",
                "The value to reach by the end of that period; empty: none in force at as_at "
                "(none set, or its schedule not yet begun).",
            ),
            Column(
                "target_qualifier",
                "How the paper qualifies the target: exactly, at_least, over, around or up_to.",
            ),
            Column(
                "target_basis",
                "total (the programme's whole figure) or per_council (each council's).",
            ),
            Column(
                "target_starts_on",
                "The period's first day; empty for a target the paper gives no period "
                "(shown, never assessed).",
            ),
            Column("target_ends_on", "The day the target is to be met by."),
            Column("target_stated", "The target in words, e.g. 'over 100 by March 2013'."),
            AS_AT,
            Column("expected", "Where the straight line from baseline to target is at as_at."),
            Column("trajectory", "The latest figure against that line, in words."),
            Column(
                "figure_source",
                "as reported (the readings), or computed from the councils' records (the "
                "delivery stages or the savings ledger).",
            ),
            Column("reading_on", "The date the reading describes."),
            Column(
                "reading_stated",
                "That date as the paper gives it: '19 January 2012', 'October 2011'.",
            ),
            Column("value", "The reading, in the unit."),
            Column("qualifier", "How the paper qualifies the reading: exactly, over, around..."),
            Column("source", "The paper or meeting the figure came from."),
        ],
        indicator_rows,
    ),
    Table(
        "councils",
        "Councils and their take-up of offers",
        "an English council or fire and rescue authority",
        "When a council joins or leaves a programme: a few times a year.",
        [
            Column("slug", "The council's address on the portal and in the API."),
            Column("name", "Its full name."),
            Column("type", "County, district, unitary, metropolitan, London borough, fire..."),
            Column("region", "The English region it is in, if recorded."),
            Column("gss_code", "The nine-character ONS/GSS code, if recorded."),
            Column("offers", "How many programmes (offers) it takes part in."),
            Column("programmes", "Those programmes, with the cohort or wave, separated by ';'."),
            Column("link", "Its page on the portal."),
        ],
        council_rows,
    ),
    Table(
        "meetings",
        "Meetings",
        "a meeting of a Board",
        "When a meeting is arranged, moved, held or cancelled.",
        [
            Column("id", "The meeting's number in the API."),
            Column("board", "The Board that meets."),
            Column("date", "The day it meets."),
            Column("time", "When it starts (UK time, 24-hour clock), if known."),
            Column("venue", "Where, if recorded."),
            Column("status", "Scheduled, Held or Cancelled."),
            AS_AT,
            Column("upcoming", "On or after as_at."),
            Column("items", "Agenda items open to the public."),
            Column("link", "Its page: the agenda and papers."),
        ],
        meeting_rows,
    ),
    Table(
        "actions",
        "Actions",
        "an action a meeting set (none set under a confidential item)",
        "After each meeting, and when an action is done or dropped.",
        [
            Column("id", "The action's number in the API."),
            Column("board", "The Board of the meeting that set it."),
            Column("meeting", "The date of that meeting."),
            Column("description", "What is to be done, as minuted."),
            Column("owner", "The officer who is to do it."),
            Column("due_on", "The date it is due, if any."),
            Column("due_at_meeting", "The date of the meeting it is due at, if any."),
            Column("status", "Open, Done or Dropped."),
            AS_AT,
            Column("overdue", "Open and past its date (or its meeting held) at as_at."),
            Column("state", "Open, Overdue, Done or Dropped."),
            Column("outcome", "What came of it."),
            Column("programmes", "The programmes it concerns, separated by ';'."),
            Column("link", "The page of the meeting that set it."),
        ],
        action_rows,
    ),
]

BY_SLUG = {table.slug: table for table in TABLES}
