"""django-tables2 made cheap per cell.

django-tables2 calls each column's `render` (and our `render_<column>` methods) through
`utils.call_with_appropriate`, which works out the callable's signature with
`inspect.signature` for every cell: on the programmes list that was a tenth of the
page's time. A signature does not change between calls, so it is worked out once per
function (bounded, so callables made per table do not pile up) and the library's own
`signature` is replaced by the cached one at start-up (`core.apps`)."""

from __future__ import annotations

from collections.abc import Callable

from django_tables2 import utils

_uncached = utils.signature


_cache: dict[tuple[Callable, bool], tuple[tuple[str, ...], str | None]] = {}
_CACHE_SIZE = 1024


def cached_signature(fn: Callable) -> tuple[tuple[str, ...], str | None]:
    """`django_tables2.utils.signature`, worked out once per function: a bound method's
    once for its function (the instance it is bound to does not change it)."""
    function = getattr(fn, "__func__", None)
    bound = function is not None and getattr(fn, "__self__", None) is not None
    try:
        key = (function if bound else fn, bound)
        found = _cache.get(key)
    except TypeError:  # an unhashable callable
        return _uncached(fn)
    if found is None:
        found = _uncached(fn)
        if len(_cache) >= _CACHE_SIZE:
            # Callables made per table (lambdas) must not pile up.
            _cache.clear()
        _cache[key] = found
    return found


def install() -> None:
    utils.signature = cached_signature
