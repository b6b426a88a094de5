"""Word search: every word of the query in one field or another, in any case."""

import pytest

from core.text import MAX_WORDS, words_match
from programmes.models import Programme
from tests import factories as f

pytestmark = pytest.mark.django_db

FIELDS = ["name", "summary"]


@pytest.fixture
def programmes():
    return {
        "peer": f.ProgrammeFactory(name="Corporate peer challenge", summary="For councils."),
        "hub": f.ProgrammeFactory(name="Knowledge Hub", summary="Peer support online."),
        "leaders": f.ProgrammeFactory(name="Leadership Academy", summary="For councillors."),
    }


def found(query: str) -> set[str]:
    return set(Programme.objects.filter(words_match(query, FIELDS)).values_list("name", flat=True))


def test_each_word_must_appear_in_some_field(programmes):
    assert found("peer") == {"Corporate peer challenge", "Knowledge Hub"}
    # "peer" in the name and "councils" in the summary of the same programme.
    assert found("peer councils") == {"Corporate peer challenge"}
    assert found("peer leadership") == set()  # the words are in different programmes


def test_case_does_not_matter_and_parts_of_words_match(programmes):
    assert found("PEER Challenge") == {"Corporate peer challenge"}
    assert found("council") == {"Corporate peer challenge", "Leadership Academy"}


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_matches_everything(programmes, query):
    assert found(query) == {p.name for p in programmes.values()}
    assert words_match(query, FIELDS) == words_match("", FIELDS)


def test_words_after_the_tenth_are_ignored(programmes):
    ten = " ".join(["peer"] * MAX_WORDS)
    assert MAX_WORDS == 10
    assert found(f"{ten} nowhere") == {"Corporate peer challenge", "Knowledge Hub"}
    assert found(f"{' '.join(['peer'] * (MAX_WORDS - 1))} nowhere") == set()


def test_wildcards_are_matched_as_typed(programmes):
    f.ProgrammeFactory(name="100% take-up", summary="")
    f.ProgrammeFactory(name="Wave_2", summary="")
    assert found("%") == {"100% take-up"}
    assert found("_") == {"Wave_2"}
