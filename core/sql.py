"""Querysets built once, and subqueries compiled once.

`built_once` keeps what a function builds (a queryset, never run) per process for each
set of arguments, and hands each caller a clone to filter and run: building the pages'
status querysets took longer than running them.

Pages read programmes and indicators through querysets built once per process for a
date (`programmes.querysets.listing_with_status`), so the same resolved subqueries are
compiled to SQL on every request: their inner queries were, after building them, the
largest cost of a page. `KeptSubquery` keeps the SQL of its inner query for each
database connection. That SQL cannot change: it is compiled only once the subquery is
resolved against its outer query, and Django never alters a resolved expression in
place (resolving or relabelling it again works on a copy, which keeps nothing)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps

from django.db.models import QuerySet, Subquery


def built_once(build: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """Decorate a function that builds a queryset from hashable arguments: it is built
    once per process for each (the last 64 kept) and every call returns a clone, so the
    one kept is never run and holds no rows. Every argument its SQL depends on must be
    an argument (a setting read inside would be kept with its first value)."""
    kept = lru_cache(maxsize=64)(build)

    @wraps(build)
    def clone(*args):
        return kept(*args).all()

    return clone


class KeptSubquery(Subquery):
    """`Subquery`, its inner query's SQL compiled once per database connection."""

    def copy(self) -> KeptSubquery:
        clone = super().copy()
        clone._kept = {}
        return clone

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_kept", None)
        return state

    def as_sql(self, compiler, connection, template=None, **extra_context):
        kept = self.__dict__.setdefault("_kept", {})
        found = kept.get(connection.alias)
        if found is None:
            found = kept[connection.alias] = self.query.as_sql(compiler, connection)
        subquery_sql, sql_params = found
        connection.ops.check_expression_support(self)
        template_params = {**self.extra, **extra_context, "subquery": subquery_sql[1:-1]}
        template = template or template_params.get("template", self.template)
        return template % template_params, list(sql_params)
