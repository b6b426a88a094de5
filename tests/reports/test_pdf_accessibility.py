"""The report's PDF is a tagged PDF/UA-1 document, read back with pikepdf: a
structure tree in reading order, marked content, the language, the title shown as
the window title, headings that never skip a level, tables with header cells, the
chart's alternative text with its figures, and PDF/UA named in the XMP metadata.
The header row of a table that runs over pages is repeated on each of them."""

import re

import pikepdf
import pytest

from boardportal.reports.pdf import write_pdf
from boardportal.reports.period import resolve_period
from boardportal.reports.rows import build_report
from boardportal.reports.writers import write_report
from tests.factories import ProgrammeFactory
from tests.reports.helpers import flat, pdf_outline, pdf_text

pytestmark = pytest.mark.django_db

TITLE = "Quarterly overview of the Boards' work programmes: 2012/13 Q3 (Oct to Dec)"


def overview(tmp_path):
    report = build_report(resolve_period(kind="overview", year="2012/13", quarter=3))
    return write_report(report, "pdf", tmp_path / "q3.pdf")


@pytest.fixture
def pdf(world, tmp_path):
    with pikepdf.open(overview(tmp_path)) as document:
        yield document


def elements(node):
    """The structure elements under `node`, depth first: the reading order."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def test_tagged_with_language_and_title_shown(pdf):
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == TITLE
    metadata = pdf.open_metadata()
    assert metadata["dc:title"] == TITLE
    assert metadata["pdfuaid:part"] == "1"


def test_headings_in_order_and_bookmarked_sections(pdf):
    tree = list(elements(pdf.Root.StructTreeRoot))
    assert str(tree[0].S) == "/Document"
    levels = [int(str(e.S)[2:]) for e in tree if re.fullmatch(r"/H[1-6]", str(e.S))]
    assert levels[0] == 1
    # Down one level at a time, never skipping (an H3 straight after an H1, say).
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert levels.count(1) == 6  # title, exceptions, status chart, summary, actions, a Board
    assert 3 in levels


def test_tables_have_header_cells_and_the_chart_alternative_text(pdf):
    tree = list(elements(pdf.Root.StructTreeRoot))
    tables = [e for e in tree if e.S == "/Table"]
    assert len(tables) > 10
    for table in tables:
        head = next(e for e in elements(table) if e.S == "/THead")
        cells = [e.S for e in elements(head) if e.S in ("/TH", "/TD")]
        assert cells and set(cells) == {"/TH"}
    (figure,) = [e for e in tree if e.S == "/Figure"]
    alt = str(figure.Alt)
    assert alt.startswith("Bar chart of the programmes by status on 30 Sep 2012 and on 31 Dec")
    assert "Red: 0 then 1; Amber: 1 then 0; Green: 2 then 2" in alt


def test_the_header_row_repeats_on_each_page_of_a_long_table(known, tmp_path):
    for number in range(90):
        ProgrammeFactory(name=f"Programme {number:02d}", priorities=[known])
    pages = pdf_text(overview(tmp_path), "-layout").split("\f")
    start = next(
        n for n, page in enumerate(pages) if re.search(r"^4\.5 Peer challenges$", page, re.M)
    )
    holding = [n for n in range(start, len(pages)) if re.search(r"Programme \d\d ", pages[n])]
    assert len(holding) >= 2
    header = re.compile(r"^\s*Programme\s+Status\s+Change\s+Latest update\s*$", re.M)
    for number in holding:
        assert header.search(pages[number]), number


def test_typed_text_is_printed_never_read_as_markup(known, tmp_path):
    name = '#pagebreak() = Heading *bold* <img src="x"> $x$ \\ "quoted" `code`'
    ProgrammeFactory(name=name, priorities=[known])
    assert flat(name) in flat(pdf_text(overview(tmp_path)))


def test_a_report_laid_out_in_parts_is_one_tagged_document(world, tmp_path):
    report = build_report(resolve_period(kind="overview", year="2012/13", quarter=3))
    whole, joined = tmp_path / "whole.pdf", tmp_path / "joined.pdf"
    write_pdf(report, whole)
    write_pdf(report, joined, part_rows=5)  # a part for each section and priority
    assert [(level, title) for level, title, _ in pdf_outline(joined)] == [
        (level, title) for level, title, _ in pdf_outline(whole)
    ]
    pages = pdf_text(joined, "-layout").split("\f")[:-1]
    assert [re.findall(r"Page \d+ of \d+", page) for page in pages] == [
        [f"Page {n} of {len(pages)}"] for n in range(1, len(pages) + 1)
    ]
    with pikepdf.open(joined) as pdf:
        root = pdf.Root
        assert (str(root.Lang), root.MarkInfo.Marked) == ("en-GB", True)
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        tree = root.StructTreeRoot
        assert [str(e.S) for e in elements(tree)].count("/Document") == 1
        levels = [int(str(e.S)[2:]) for e in elements(tree) if re.fullmatch(r"/H\d", str(e.S))]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
        # Every page's marked content leads back to structure elements of its own.
        keys = dict(pikepdf.NumberTree(tree.ParentTree).items())
        assert int(tree.ParentTreeNextKey) == max(keys) + 1
        pages = [pdf.pages[n].obj for n in range(len(pdf.pages))]
        assert len({int(page.StructParents) for page in pages}) == len(pages)
        for page in pages:
            element = keys[int(page.StructParents)][0]
            holders = [element, *(k for k in element.K if isinstance(k, pikepdf.Dictionary))]
            assert page.objgen in {h.Pg.objgen for h in holders if "/Pg" in h}
        names = [name for name, _ in pikepdf.NameTree(tree.IDTree).items()]
        assert len(names) == len(set(names))
