"""The RAG vocabulary: a status, and the absence of one, reads the same everywhere, and its
tag always carries the words (colour only repeats them). No database."""

import re

import pytest

from core.rag import (
    NO_STATUS,
    NO_STATUS_MEANING,
    ORDER,
    Rag,
    RagCounts,
    as_rag,
    rag_label,
    rag_meaning,
    rag_tag,
    worse,
)

LABELS = {
    Rag.RED: "Red",
    Rag.AMBER: "Amber",
    Rag.GREEN: "Green",
    Rag.COMPLETE: "Complete",
    Rag.NOT_STARTED: "Not started",
}


def test_the_words_for_no_status():
    assert NO_STATUS == "No update yet"
    assert NO_STATUS_MEANING == "No progress update as at this date"


# As a Rag and as the plain string stored in the database.
@pytest.mark.parametrize(
    ("value", "label"),
    [*LABELS.items(), *((rag.value, label) for rag, label in LABELS.items())],
)
def test_each_status_has_its_label(value, label):
    assert rag_label(value) == label


@pytest.mark.parametrize("value", [None, ""])
def test_no_status_reads_as_no_update_yet(value):
    assert rag_label(value) == "No update yet"
    assert rag_meaning(value) == "No progress update as at this date"
    assert as_rag(value) is None


def test_stored_values_in_any_case_are_read():
    assert as_rag("RED") is Rag.RED
    assert as_rag("Not_Started") is Rag.NOT_STARTED
    assert rag_label("AMBER") == "Amber"


def test_an_unknown_value_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="'purple' is not a valid Rag"):
        rag_label("purple")


def test_meanings():
    assert [rag_meaning(r) for r in ORDER] == [
        "Off track: needs intervention",
        "At risk: some issues",
        "On track",
        "Delivered",
        "Not yet started",
    ]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (Rag.GREEN, Rag.AMBER, True),
        (Rag.AMBER, Rag.RED, True),
        (Rag.RED, Rag.AMBER, False),
        (Rag.GREEN, Rag.GREEN, False),
        (Rag.COMPLETE, Rag.GREEN, True),
        (Rag.RED, Rag.NOT_STARTED, True),  # not started counts below red
        (Rag.NOT_STARTED, Rag.RED, False),
        (None, Rag.RED, False),  # no status before: nothing to be worse than
        (Rag.GREEN, None, False),
    ],
)
def test_worse(before, after, expected):
    assert worse(before, after) is expected


# --- Counts --------------------------------------------------------------------------


def test_counts_are_listed_worst_first_then_no_status_with_zeros():
    counts = RagCounts()
    for value in ["green", "RED", Rag.GREEN, None, "", "not_started"]:
        counts.add(value)
    assert counts.rows() == [
        ("red", "Red", 1),
        ("amber", "Amber", 0),
        ("green", "Green", 2),
        ("complete", "Complete", 0),
        ("not_started", "Not started", 1),
        ("", "No update yet", 2),
    ]
    assert counts.total == 6
    assert (counts["green"], counts[""], counts["amber"]) == (2, 2, 0)


def test_an_empty_count_still_lists_every_status():
    assert RagCounts().rows() == [(r.value, r.label, 0) for r in ORDER] + [("", NO_STATUS, 0)]
    assert RagCounts().total == 0


def test_only_statuses_are_keys():
    # Templates look up `rows` and `total` as attributes only if `[...]` fails.
    with pytest.raises(KeyError):
        RagCounts()["rows"]


# --- The tag -------------------------------------------------------------------------


def words_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


@pytest.mark.parametrize("value", [*Rag, None])
def test_the_tag_always_says_the_status_in_words(value):
    html = str(rag_tag(value))
    assert words_of(html) == rag_label(value)
    assert html.startswith('<strong class="govuk-tag')


@pytest.mark.parametrize(
    ("value", "classes"),
    [
        (Rag.RED, "govuk-tag govuk-tag--red bp-rag bp-rag--red"),
        (Rag.AMBER, "govuk-tag govuk-tag--orange bp-rag bp-rag--amber"),
        (Rag.GREEN, "govuk-tag govuk-tag--green bp-rag bp-rag--green"),
        (Rag.COMPLETE, "govuk-tag bp-rag bp-rag--complete"),
        (Rag.NOT_STARTED, "govuk-tag govuk-tag--grey bp-rag bp-rag--not-started"),
        (None, "govuk-tag bp-rag bp-rag--no-update"),
    ],
)
def test_the_tag_markup(value, classes):
    assert str(rag_tag(value)) == f'<strong class="{classes}">{rag_label(value)}</strong>'


def test_a_prefix_and_a_meaning_are_read_out_and_a_meaning_can_be_shown():
    tag = rag_tag("amber", prefix="Status:", meaning=rag_meaning("amber"))
    assert str(tag) == (
        '<strong class="govuk-tag govuk-tag--orange bp-rag bp-rag--amber">'
        '<span class="govuk-visually-hidden">Status: </span>Amber</strong>'
        '<span class="govuk-visually-hidden"> (At risk: some issues)</span>'
    )
    shown = rag_tag("amber", meaning="At risk", meaning_visible=True)
    assert str(shown) == (
        '<strong class="govuk-tag govuk-tag--orange bp-rag bp-rag--amber">Amber</strong>'
        ' <span class="bp-rag__meaning">At risk</span>'
    )
    assert words_of(str(shown)) == "Amber At risk"


def test_a_label_given_replaces_the_words_and_is_escaped():
    html = str(rag_tag("red", label="<b>Red (draft)</b>"))
    assert html == (
        '<strong class="govuk-tag govuk-tag--red bp-rag bp-rag--red">'
        "&lt;b&gt;Red (draft)&lt;/b&gt;</strong>"
    )
