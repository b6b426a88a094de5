"""A priority's lineage across plan years: the rules a link keeps, and its service."""

import pytest
from django.core.exceptions import ValidationError

from priorities.models import PriorityLink
from priorities.services import priority_link_record, priority_link_save
from tests import factories as f

pytestmark = pytest.mark.django_db

Kind = PriorityLink.Kind


@pytest.fixture
def years():
    return {label: f.PlanYearFactory(label=label) for label in ("2011/12", "2012/13", "2013/14")}


def priority(years, label, reference):
    return f.PriorityFactory(plan_year=years[label], reference=reference)


def refused(link: PriorityLink) -> dict:
    with pytest.raises(ValidationError) as error:
        priority_link_save(link=link)
    return error.value.message_dict


def test_a_link_takes_the_later_priority_s_year(years):
    earlier, later = priority(years, "2011/12", "3.1"), priority(years, "2012/13", "4.5")
    link = priority_link_save(
        link=PriorityLink(
            earlier=earlier, later=later, kind=Kind.CARRIED_FORWARD, plan_year=years["2013/14"]
        )
    )
    assert link.plan_year == years["2012/13"]
    assert str(link) == f"{earlier} carried forward {later}"
    assert (link.forward_words(), link.backward_words()) == (
        "Carried forward to",
        "Carried forward from",
    )


@pytest.mark.parametrize(
    ("earlier_year", "later_year", "field"),
    [
        ("2012/13", "2012/13", "later"),  # the same year
        ("2013/14", "2012/13", "later"),  # backwards
    ],
)
def test_the_later_priority_is_of_a_later_plan_year(years, earlier_year, later_year, field):
    link = PriorityLink(
        earlier=priority(years, earlier_year, "1"),
        later=priority(years, later_year, "2"),
        kind=Kind.RENAMED,
    )
    assert field in refused(link)


@pytest.mark.parametrize(
    ("kind", "has_earlier", "has_later", "field"),
    [
        (Kind.DROPPED, True, True, "later"),  # a dropped priority has no successor
        (Kind.NEW, True, True, "earlier"),  # a new one no predecessor
        (Kind.MERGED_INTO, True, False, "later"),  # the others need both
        (Kind.SPLIT_FROM, False, True, "later"),
    ],
)
def test_each_kind_has_the_priorities_it_needs(years, kind, has_earlier, has_later, field):
    link = PriorityLink(
        earlier=priority(years, "2011/12", "3.1") if has_earlier else None,
        later=priority(years, "2012/13", "4.5") if has_later else None,
        kind=kind,
    )
    assert field in refused(link)


@pytest.mark.parametrize(
    ("dropped_in", "accepted"), [("2011/12", False), ("2012/13", True), ("2013/14", True)]
)
def test_a_priority_is_dropped_in_a_later_year_than_its_own(years, dropped_in, accepted):
    link = PriorityLink(
        earlier=priority(years, "2011/12", "3.2"), kind=Kind.DROPPED, plan_year=years[dropped_in]
    )
    if accepted:
        assert priority_link_save(link=link).pk is not None
    else:
        assert "plan_year" in refused(link)


def test_dropped_and_carried_forward_contradict_each_other(years):
    earlier = priority(years, "2011/12", "3.2")
    f.PriorityLinkFactory(
        earlier=earlier, later=None, kind=Kind.DROPPED, plan_year=years["2012/13"]
    )
    later = PriorityLink(
        earlier=earlier, later=priority(years, "2012/13", "4.1"), kind=Kind.CARRIED_FORWARD
    )
    dropped = "This priority is recorded as dropped: remove that first."
    assert refused(later) == {"earlier": [dropped]}
    # Nor can it be dropped twice.
    again = PriorityLink(earlier=earlier, kind=Kind.DROPPED, plan_year=years["2013/14"])
    assert "kind" in refused(again)


def test_new_and_carried_forward_contradict_each_other(years):
    later = priority(years, "2013/14", "15.2")
    f.PriorityLinkFactory(earlier=None, later=later, kind=Kind.NEW)
    carried = PriorityLink(
        earlier=priority(years, "2012/13", "4.1"), later=later, kind=Kind.CARRIED_FORWARD
    )
    assert refused(carried) == {"later": ["This priority is recorded as new: remove that first."]}


def test_recording_the_same_link_again_changes_nothing(years):
    earlier, later = priority(years, "2011/12", "3.1"), priority(years, "2012/13", "4.5")
    link = priority_link_record(
        kind=Kind.CARRIED_FORWARD, earlier=earlier, later=later, note="Item 1, paragraph 4.5"
    )
    again = priority_link_record(
        kind=Kind.CARRIED_FORWARD, earlier=earlier, later=later, note="Item 1, paragraph 4.5"
    )
    assert (again.pk, again.version, link.history.count()) == (link.pk, 1, 1)
    changed = priority_link_record(kind=Kind.SPLIT_FROM, earlier=earlier, later=later, note="x")
    assert (changed.pk, changed.kind, changed.version) == (link.pk, Kind.SPLIT_FROM, 2)
    assert PriorityLink.objects.count() == 1


def test_a_priority_with_lineage_can_still_be_deleted_with_its_links(years):
    link = f.PriorityLinkFactory(earlier=priority(years, "2011/12", "3.1"))
    link.earlier.delete()
    assert not PriorityLink.objects.exists()
