"""The production settings (boardportal.settings, from the environment), plus what only
the benchmark mounts: the bare view (scripts.bench.urls) and a header that counts each
request's database queries. The collected static files go to the run's own directory."""

import os
from pathlib import Path

from boardportal.settings import *  # noqa: F403
from boardportal.settings import BOARDPORTAL_PAGE_CACHE_EXCLUDE, MIDDLEWARE

STATIC_ROOT = Path(os.environ["BOARDPORTAL_BENCH_STATIC_ROOT"])
ROOT_URLCONF = "scripts.bench.urls"
# Outermost, so that a page served from the cache counts the queries it made (none).
MIDDLEWARE = ["scripts.bench.urls.count_queries", *MIDDLEWARE]
# The bare view is the yardstick: always rendered, never cached.
BOARDPORTAL_PAGE_CACHE_EXCLUDE = (*BOARDPORTAL_PAGE_CACHE_EXCLUDE, "/bench/")
