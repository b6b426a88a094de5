"""A subquery compiled once (core.sql.KeptSubquery): the same SQL and rows as Django's
Subquery, kept per resolved subquery and never carried to a relabelled copy."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import OuterRef, Subquery

from core.rag import Rag
from core.sql import KeptSubquery
from programmes.models import Programme, ProgressUpdate
from tests.factories import ProgrammeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def with_latest(kind, on=date(2012, 12, 31)):
    latest = ProgressUpdate.objects.filter(programme=OuterRef("pk"), as_at__lte=on).order_by(
        "-as_at", "-pk"
    )
    return Programme.objects.annotate(latest_rag=kind(latest.values("rag")[:1])).order_by("pk")


@pytest.fixture
def programmes():
    first, second, third = ProgrammeFactory(), ProgrammeFactory(), ProgrammeFactory()
    ProgressUpdateFactory(programme=first, as_at=date(2012, 6, 30), rag=Rag.GREEN)
    ProgressUpdateFactory(programme=first, as_at=date(2012, 12, 31), rag=Rag.RED)
    ProgressUpdateFactory(programme=second, as_at=date(2013, 1, 31), rag=Rag.AMBER)
    return first, second, third


def sql_of(queryset):
    return queryset.query.get_compiler(connection=connection).as_sql()


def test_the_same_sql_and_rows_as_djangos(programmes):
    kept, plain = with_latest(KeptSubquery), with_latest(Subquery)
    assert sql_of(kept) == sql_of(plain)
    assert sql_of(kept) == sql_of(kept)  # and again, from what it kept
    rows = list(kept.values_list("pk", "latest_rag"))
    assert rows == list(plain.values_list("pk", "latest_rag"))
    assert [rag for _, rag in rows] == [Rag.RED, None, None]


def test_a_kept_query_filtered_and_counted_further(programmes):
    base = with_latest(KeptSubquery)
    list(base)  # compiled once
    assert base.filter(latest_rag=Rag.RED).count() == 1
    assert list(base.filter(latest_rag__isnull=True).values_list("pk", flat=True)) == [
        programmes[1].pk,
        programmes[2].pk,
    ]


def test_used_inside_another_query_its_aliases_change_and_nothing_kept_is_reused(programmes):
    base = with_latest(KeptSubquery).filter(latest_rag=Rag.RED)
    assert list(base.values_list("pk", flat=True)) == [programmes[0].pk]
    # As a subquery of a query on the same table its aliases are relabelled: a copy,
    # compiled afresh.
    outer = with_latest(KeptSubquery, on=date(2013, 3, 31)).filter(pk__in=base.values("pk"))
    assert list(outer.values_list("pk", "latest_rag")) == [(programmes[0].pk, Rag.RED)]
    assert sql_of(outer) == sql_of(
        with_latest(Subquery, on=date(2013, 3, 31)).filter(
            pk__in=with_latest(Subquery).filter(latest_rag=Rag.RED).values("pk")
        )
    )


def test_a_copy_keeps_nothing():
    subquery = KeptSubquery(ProgressUpdate.objects.values("rag")[:1])
    subquery._kept = {"default": ("(SELECT 1)", ())}
    assert subquery.copy()._kept == {}
    assert "_kept" not in subquery.__getstate__()


def test_built_once_builds_once_and_hands_out_clones(programmes):
    from core.sql import built_once

    builds = []

    @built_once
    def latest_on(on):
        builds.append(on)
        return with_latest(KeptSubquery, on=on)

    first, second = latest_on(date(2012, 12, 31)), latest_on(date(2012, 12, 31))
    assert builds == [date(2012, 12, 31)]
    assert first is not second
    # Running one (or filtering it) leaves the next caller's clone unrun and unfiltered.
    assert [rag for _, rag in first.values_list("pk", "latest_rag")] == [Rag.RED, None, None]
    assert second.filter(latest_rag=Rag.RED).count() == 1
    assert latest_on(date(2012, 12, 31))._result_cache is None
    assert latest_on(date(2012, 12, 31)).count() == 3
    latest_on(date(2013, 3, 31))
    assert builds == [date(2012, 12, 31), date(2013, 3, 31)]
