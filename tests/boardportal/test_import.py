"""The bulk import of a round's updates and readings: the template, the dry run, the
confirmation (all or nothing, with history), the command and the files it refuses."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from boardportal.cycle.import_files import MAX_BYTES
from boardportal.cycle.imports import Outcome, read_rows, run_import
from core.rag import Rag
from programmes.models import Indicator, ProgressUpdate, Reading
from programmes.rounds import round_close, round_open
from tests import factories as f
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

HEADER = [
    "Kind",
    "Programme",
    "Programme name",
    "Indicator ID",
    "Indicator name",
    "Unit",
    "As at",
    "Status",
    "Headline",
    "Narrative",
    "Next steps",
    "Reason for differing",
    "Value",
    "Note",
]
LOCKED = (
    "This progress update is dated in 2012/13 Q2, which was signed off and closed: it can "
    "no longer change. An administrator can reopen the round."
)


def person(group: str, username: str, officer=None):
    user = f.UserFactory(is_staff=True, username=username)
    user.groups.add(Group.objects.get(name=group))
    if officer is not None:
        officer.user = user
        officer.save()
    return user


@pytest.fixture
def world():
    plan_year = f.PlanYearFactory(label="2012/13")
    board = f.BoardFactory()
    ann, bob = f.OfficerFactory(name="Ann Lead"), f.OfficerFactory(name="Bob Lead")
    ours = f.ProgrammeFactory(
        name="Peer challenge", slug="peer-challenge", lead_officer=ann, board=board
    )
    theirs = f.ProgrammeFactory(name="LG Inform", slug="lg-inform", lead_officer=bob, board=board)
    f.ProgrammeFactory(name="Closed one", slug="closed-one", status="closed", lead_officer=ann)
    delivered = f.IndicatorFactory(programme=ours, name="Peer challenges delivered")
    take_up = f.IndicatorFactory(
        programme=theirs,
        name="Councils using it",
        unit=Indicator.Unit.PERCENT,
        target_value=Decimal("90"),
    )
    f.IndicatorFactory(
        programme=ours,
        name="No target",
        target_value=None,
        target_starts_on=None,
        target_ends_on=None,
    )
    draft = f.ProgressUpdateFactory(
        programme=theirs,
        as_at=date(2012, 12, 31),
        rag=Rag.AMBER,
        headline="Take-up rising",
        narrative="-5 councils left, 12 joined",
        draft=True,
    )
    secretary = person("Secretariat", "sec")
    q2 = round_open(
        plan_year=plan_year, quarter=2, deadline=date(2012, 10, 19), opened_on=date(2012, 9, 3)
    )
    round_close(round=q2, user=secretary, files=[("csv", "q2.csv", b"a,b\n")])
    round = round_open(
        plan_year=plan_year, quarter=3, deadline=date(2013, 1, 18), opened_on=date(2012, 12, 3)
    )
    return {
        "round": round,
        "ours": ours,
        "theirs": theirs,
        "delivered": delivered,
        "take_up": take_up,
        "draft": draft,
        "ann": ann,
        "officer": person("Officers", "ann", officer=ann),
        "other_officer": person("Officers", "bob", officer=bob),
        "secretary": secretary,
    }


def csv_file(*rows, name="filled-in.csv", header=HEADER) -> SimpleUploadedFile:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return SimpleUploadedFile(name, stream.getvalue().encode("utf-8"), "text/csv")


def update_row(slug="peer-challenge", **cells):
    return {"Kind": "Progress update", "Programme": slug, "As at": "31/12/2012", **cells}


def reading_row(indicator, value="", slug="peer-challenge", **cells):
    return {
        "Kind": "Reading",
        "Programme": slug,
        "Indicator ID": str(indicator.pk),
        "As at": "2012-12-31",
        "Value": value,
        **cells,
    }


def upload(client, file):
    return client.post(reverse("cycle:import"), {"file": file})


def outcomes(response) -> list[tuple[int, str]]:
    return [(row.number, row.outcome) for row in response.context["report"].rows]


# --- The template ----------------------------------------------------------------------


def template(client, world, fmt):
    response = client.get(reverse("cycle:import_template", args=[world["round"].pk, fmt]))
    assert response.status_code == 200
    return response


def test_the_template_has_a_row_for_everything_due(client, world):
    verified_login(client, world["secretary"])
    response = template(client, world, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="2012-13-q3-updates-template.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    take_up, delivered = world["take_up"].pk, world["delivered"].pk
    blank5 = [""] * 5
    assert rows == [
        HEADER,
        # The draft pre-fills its row, formula-safe; the closed programme and the
        # indicator without a target are not asked for.
        ["Progress update", "lg-inform", "LG Inform", "", "", "", "2012-12-31", "Amber"]
        + ["Take-up rising", "'-5 councils left, 12 joined", "", "", "", ""],
        ["Reading", "lg-inform", "LG Inform", str(take_up), "Councils using it", "Per cent (%)"]
        + ["2012-12-31", *blank5, "", ""],
        ["Progress update", "peer-challenge", "Peer challenge", "", "", "", "2012-12-31"]
        + [""] * 7,
        ["Reading", "peer-challenge", "Peer challenge", str(delivered)]
        + ["Peer challenges delivered", "Count", "2012-12-31", *blank5, "", ""],
    ]


def test_an_officer_gets_only_the_programmes_they_record(client, world):
    verified_login(client, world["officer"])
    rows = list(csv.reader(io.StringIO(template(client, world, "csv").content.decode("utf-8-sig"))))
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("Progress update", "peer-challenge"),
        ("Reading", "peer-challenge"),
    ]


def test_the_xlsx_template_says_how_to_fill_it_in_and_imports_unchanged(client, world):
    f.ReadingFactory(indicator=world["take_up"], as_at=date(2012, 12, 31), value=40, draft=True)
    verified_login(client, world["secretary"])
    content = template(client, world, "xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Updates and readings", "How to fill this in"]
    sheet = book["Updates and readings"]
    assert [c.value for c in sheet[1]] == HEADER
    assert [c.value for c in sheet[3]][:7] == [
        "Reading",
        "lg-inform",
        "LG Inform",
        world["take_up"].pk,
        "Councils using it",
        "Per cent (%)",
        datetime(2012, 12, 31),
    ]
    assert sheet["M3"].value == 40
    how_to = {row[0]: row[2] for row in book["How to fill this in"].iter_rows(values_only=True)}
    assert how_to["Status"] == "Green, Amber, Red, Complete or Not started."
    # Saved with the instructions open, as people do: the rows are still found.
    book.active = 1
    saved = io.BytesIO()
    book.save(saved)
    file = SimpleUploadedFile("template.xlsx", saved.getvalue())
    assert outcomes(upload(client, file)) == [
        (2, Outcome.UNCHANGED),
        (3, Outcome.UNCHANGED),
        (4, Outcome.BLANK),
        (5, Outcome.BLANK),
    ]


# --- The dry run -----------------------------------------------------------------------


def test_the_dry_run_reports_every_row_and_writes_nothing(client, world):
    verified_login(client, world["secretary"])
    response = upload(
        client,
        csv_file(
            update_row(Status="Green", Headline="Eighty delivered"),
            reading_row(world["delivered"], "80", Note="about"),
            update_row("lg-inform", Status="amber", Headline="Take-up rising")
            | {"Narrative": "'-5 councils left, 12 joined"},
            {},  # a blank line keeps the numbering
            reading_row(world["take_up"], slug="lg-inform"),
            update_row("lg-inform", Status="Green", Headline="Up", **{"As at": "30/11/2012"}),
        ),
    )
    assert response.status_code == 200
    assert outcomes(response) == [
        (2, Outcome.NEW),  # green, as the reading of row 3 (written first) suggests
        (3, Outcome.NEW),
        (4, Outcome.UNCHANGED),
        (6, Outcome.BLANK),
        (7, Outcome.NEW),
    ]
    html = response.content.decode()
    assert "A dry run of filled-in.csv: nothing has been saved yet" in html
    assert '<button type="submit" name="action" value="confirm" class="default">' in html
    assert ProgressUpdate.objects.count() == 1 and not Reading.objects.exists()


def test_errors_are_reported_by_row_and_column(client, world):
    verified_login(client, world["officer"])
    response = upload(
        client,
        csv_file(
            update_row(Status="Purple", Headline="Going well"),
            reading_row(world["delivered"], "12.5"),
            update_row("no-such-programme", Status="Green", Headline="A"),
            update_row("lg-inform", Status="Green", Headline="Not mine"),
            update_row(Status="Green", Headline="Long", Narrative="x" * 3001)
            | {"As at": "30/12/2012"},
            update_row(Status="Green", Headline="Late") | {"As at": "30/09/2012"},
            update_row(Status="Green", Headline="Fine") | {"As at": "29/12/2012"},
        ),
    )
    report = response.context["report"]
    assert report.errors == [
        (
            2,
            "Status",
            '"Purple" is not a status: write one of Red, Amber, Green, Complete, Not started.',
        ),
        (3, "Value", "A count is a whole number."),
        (4, "Programme", 'No programme has the short name "no-such-programme".'),
        (5, "Programme", "You may not record LG Inform: you neither lead it nor are a delegate."),
        (6, "Narrative", "Ensure this value has at most 3000 characters (it has 3001)."),
        (7, "As at", LOCKED),
    ]
    assert outcomes(response)[-1] == (8, Outcome.NEW)  # would be, but nothing is written
    html = response.content.decode()
    assert "has 6 errors: nothing has been saved" in html
    assert '<th scope="row">5</th><td>Programme</td>' in html
    assert 'value="confirm"' not in html  # all or nothing: nothing to confirm
    assert ProgressUpdate.objects.count() == 1 and not Reading.objects.exists()


def test_other_row_errors(world):
    rows = read_rows(
        "x.csv",
        csv_file(
            update_row(**{"As at": "someday"}, Status="Green", Headline="A"),
            update_row(**{"As at": "31/03/2014"}, Status="Green", Headline="A"),
            update_row(Status="Green", Headline="A", Kind="Minutes"),
            reading_row(world["take_up"], "50"),  # under the wrong programme
            reading_row(world["delivered"], "many"),
            reading_row(world["delivered"], "", Note="about") | {"As at": "30/12/2012"},
            update_row(Status="Green"),
            update_row(Status="Green", Headline="Again"),
            reading_row(world["delivered"], "1") | {"Indicator ID": "9" * 30},
        ).read(),
    )
    report = run_import(rows, user=None, commit=True)
    assert report.errors == [
        (2, "As at", '"someday" is not a date: write it as 31/12/2012 or 2012-12-31.'),
        (3, "As at", "No update round covers 31 March 2014: date the row in a round's quarter."),
        (4, "Kind", 'Write "Progress update" or "Reading".'),
        (
            5,
            "Indicator ID",
            f"Indicator {world['take_up'].pk} (Councils using it) is not one of Peer challenge's.",
        ),
        (6, "Value", '"many" is not a number: write the figure alone, e.g. 42.'),
        (7, "Value", "Give the value, or clear the note too."),
        (8, "Headline", "This field cannot be blank."),
        (9, "Whole row", "Row 8 already gives this progress update for this date."),
        (10, "Indicator ID", f'No indicator has the ID "{"9" * 30}".'),
    ]
    assert not report.written
    assert ProgressUpdate.objects.count() == 1 and not Reading.objects.exists()


# --- Confirming ------------------------------------------------------------------------


def test_confirming_writes_every_row_as_a_draft_with_history(client, world):
    verified_login(client, world["officer"])
    response = upload(
        client,
        csv_file(
            update_row(Status="Green", Headline="Eighty delivered", **{"Next steps": "More"}),
            reading_row(world["delivered"], "80"),
        ),
    )
    digest = response.context["digest"]
    assert client.session["cycle_import"]["digest"] == digest
    done = client.post(reverse("cycle:import"), {"action": "confirm", "digest": digest})
    assert done.status_code == 302 and done["Location"] == reverse("cycle:home")
    update = ProgressUpdate.objects.get(programme=world["ours"])
    assert (update.as_at, update.rag, update.suggested_rag, update.next_steps) == (
        date(2012, 12, 31),
        "green",
        "green",
        "More",
    )
    assert update.published_at is None and update.author == world["ann"]
    assert [h.history_user for h in update.history.all()] == [world["officer"]]
    reading = Reading.objects.get()
    assert (reading.value, reading.published_at, reading.source) == (
        Decimal("80"),
        None,
        "Imported, 2012/13 Q3 update",
    )
    assert reading.history.get().history_user == world["officer"]
    assert "cycle_import" not in client.session
    page = client.get(reverse("cycle:home")).content.decode()
    assert "Imported filled-in.csv: 2 new drafts." in page


def test_a_changed_draft_is_saved_by_the_secretariat(client, world):
    verified_login(client, world["secretary"])
    response = upload(
        client, csv_file(update_row("lg-inform", Status="Amber", Headline="Take-up steady"))
    )
    assert outcomes(response) == [(2, Outcome.CHANGED)]
    digest = response.context["digest"]
    client.post(reverse("cycle:import"), {"action": "confirm", "digest": digest})
    draft = world["draft"]
    draft.refresh_from_db()
    assert (draft.headline, draft.narrative) == ("Take-up steady", "")
    assert draft.history.latest().history_user == world["secretary"]


def test_nothing_is_written_if_a_row_is_refused_when_confirming(client, world):
    verified_login(client, world["secretary"])
    response = upload(
        client,
        csv_file(
            reading_row(world["delivered"], "80"),
            update_row("lg-inform", Status="Red", Headline="Stalled", **{"As at": "30/12/2012"}),
        ),
    )
    # Between the check and the confirmation the programme ends.
    world["theirs"].ends_on = date(2012, 12, 1)
    world["theirs"].save()
    refused = client.post(
        reverse("cycle:import"), {"action": "confirm", "digest": response.context["digest"]}
    )
    assert refused.status_code == 200
    assert "Nothing was imported from filled-in.csv" in refused.content.decode()
    assert refused.context["report"].errors == [
        (3, "As at", "This date is outside the programme's life (its start to its end).")
    ]
    assert not Reading.objects.exists() and ProgressUpdate.objects.count() == 1


def test_a_confirmation_needs_the_file_that_was_checked(client, world):
    verified_login(client, world["secretary"])
    upload(client, csv_file(reading_row(world["delivered"], "80")))
    response = client.post(reverse("cycle:import"), {"action": "confirm", "digest": "0" * 64})
    assert response.status_code == 302
    assert not Reading.objects.exists()
    assert "cycle_import" not in client.session


def test_cancelling_forgets_the_file(client, world):
    verified_login(client, world["secretary"])
    upload(client, csv_file(reading_row(world["delivered"], "80")))
    client.post(reverse("cycle:import"), {"action": "cancel"})
    assert "cycle_import" not in client.session and not Reading.objects.exists()


# --- Bad files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "notes.txt is not a CSV or XLSX file: upload the template"),
        ("empty.csv", b"", "The submitted file is empty."),
        ("header.csv", ",".join(HEADER).encode(), "header.csv has no rows to import"),
        (
            "columns.csv",
            b"Programme,Status,Colour\npeer-challenge,Green,blue\n",
            "columns.csv does not have the template&#x27;s columns in its first row (missing "
            "Kind, Indicator ID, As at, Headline, Narrative, Next steps, Reason for differing, "
            "Value, Note; unknown Colour)",
        ),
        ("broken.xlsx", b"PK\x03\x04 not really", "broken.xlsx cannot be read as an XLSX"),
        ("binary.csv", b"\x00\x01\x02", "binary.csv is not a CSV file (it holds binary data)."),
        ("big.csv", b"x" * (MAX_BYTES + 1), "big.csv is larger than 1.0\xa0MB, the limit"),
    ],
)
def test_bad_files_are_refused_clearly(client, world, name, content, message):
    verified_login(client, world["secretary"])
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert '<ul class="errorlist" id="id_file_error">' in html
    assert 'aria-describedby="id_file_helptext id_file_error"' in html
    assert "report" not in response.context
    assert ProgressUpdate.objects.count() == 1 and not Reading.objects.exists()


def test_only_those_who_record_may_import(client, world):
    verified_login(client, person("Officers", "nobody"))
    assert client.get(reverse("cycle:import")).status_code == 403
    url = reverse("cycle:import_template", args=[world["round"].pk, "csv"])
    assert client.get(url).status_code == 403
    verified_login(client, world["officer"])
    bad = reverse("cycle:import_template", args=[world["round"].pk, "pdf"])
    assert client.get(bad).status_code == 404


def test_my_quarter_links_the_import(client, world):
    verified_login(client, world["officer"])
    html = client.get(reverse("cycle:home")).content.decode()
    assert reverse("cycle:import_template", args=[world["round"].pk, "xlsx"]) in html
    assert f'<a href="{reverse("cycle:import")}">Upload a filled-in template</a>' in html


# --- The command -----------------------------------------------------------------------


def written(tmp_path, *rows):
    path = tmp_path / "q3.csv"
    path.write_bytes(csv_file(*rows).read())
    return str(path)


def test_the_command_dry_runs_and_imports(tmp_path, world):
    path = written(
        tmp_path,
        update_row(Status="Green", Headline="Eighty delivered"),
        reading_row(world["delivered"], "80"),
    )
    out = StringIO()
    call_command("import_updates", path, "--dry-run", "--user", "ann", stdout=out)
    assert out.getvalue().splitlines() == [
        "Row 2: Peer challenge | Progress update | New draft",
        "Row 3: Peer challenge | Reading: Peer challenges delivered | New draft",
        "New draft: 2",
        "Dry run: nothing was written.",
    ]
    assert not Reading.objects.exists()
    out = StringIO()
    call_command("import_updates", path, "--user", "ann", stdout=out)
    assert "Imported q3.csv: every row as a draft." in out.getvalue()
    update = ProgressUpdate.objects.get(programme=world["ours"])
    assert update.history.get().history_user == world["officer"]
    assert Reading.objects.get().published_at is None


def test_the_command_fails_on_any_error_and_writes_nothing(tmp_path, world):
    path = written(
        tmp_path,
        reading_row(world["delivered"], "80"),
        update_row("lg-inform", Status="Green", Headline="Not mine"),
    )
    out = StringIO()
    with pytest.raises(CommandError, match="1 error: nothing was written") as raised:
        call_command("import_updates", path, "--user", "ann", stdout=out)
    assert raised.value.returncode == 1
    assert out.getvalue().splitlines()[:3] == [
        "Row 2: Peer challenge | Reading: Peer challenges delivered | New draft",
        "Row 3: LG Inform | Progress update | Error",
        "  Programme: You may not record LG Inform: you neither lead it nor are a delegate.",
    ]
    assert not Reading.objects.exists()
    # Without --user, any programme may be imported: the same file goes in.
    call_command("import_updates", path, stdout=StringIO())
    assert Reading.objects.count() == 1
    assert ProgressUpdate.objects.get(programme=world["theirs"], as_at=date(2012, 12, 31)).headline


def test_the_command_refuses_bad_files_and_users(tmp_path, world):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_updates", str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="does not have the template's columns"):
        call_command("import_updates", str(bad))
    with pytest.raises(CommandError, match="No user is called 'ghost'"):
        call_command("import_updates", str(bad), "--user", "ghost")
