"""django-tables2's signature of each render method, worked out once (core.tables)."""

import pytest
from django_tables2 import utils

from core.tables import cached_signature


class Columns:
    def render_name(self, record, value):
        return value

    def render_star(self, *args, value):
        return value

    @staticmethod
    def render_static(value):
        return value

    @classmethod
    def render_class(cls, record):
        return record

    def __call__(self, value, **kwargs):
        return value


def callables():
    first, second = Columns(), Columns()
    return [
        first.render_name,
        second.render_name,  # the same function bound to another table
        first.render_star,
        first.render_static,
        Columns.render_class,
        Columns.render_name,  # unbound: self is an argument
        lambda value, **extra: value,
        first,
        len,
    ]


@pytest.mark.parametrize("fn", callables())
def test_the_cached_signature_is_the_librarys(fn):
    from core.tables import _uncached

    assert cached_signature(fn) == _uncached(fn)
    assert cached_signature(fn) == _uncached(fn)  # and from the cache


def test_it_is_what_django_tables2_calls():
    assert utils.signature is cached_signature
    assert (
        utils.call_with_appropriate(Columns().render_name, {"value": 1, "record": 2, "column": 3})
        == 1
    )
    # An argument it cannot give: the method is not called, as before.
    assert utils.call_with_appropriate(Columns().render_class, {"value": 1}) is None


def test_callables_made_per_table_do_not_pile_up():
    from core import tables

    for _ in range(tables._CACHE_SIZE * 2):
        cached_signature(lambda value: value)
    assert len(tables._cache) <= tables._CACHE_SIZE
