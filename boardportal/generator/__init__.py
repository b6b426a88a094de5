"""A realistic dataset of any size, for the benchmark and the tests that need volume:
`manage.py generate_dataset --programmes N [--seed S]`.

Deterministic from its seed (one `random.Random`, no clock, dates fixed in the demo's
years, 2011/12 to 2013/14), fast (rows are made in memory and written with
`bulk_create` in batches, no per-row save, signal or history), and valid: every row
satisfies the rules the services enforce (`tests/boardportal/test_generator.py` runs
`full_clean()` on each one, and checks that each progress update records the status the
evidence suggests, as `programmes.services` works it out).

Three plan years (two agreed, 2013/14 a draft); priorities grow with the square root of
the programmes (a plan of 10,000 programmes has about 120 priorities a year, not 1,000),
each Board's own and organisation-wide, carried forward, renamed, new or dropped across
the years; each programme delivers a priority of 2012/13 (and of the years either side,
some of them), with quarterly progress updates (the latest a draft, for some),
milestones, indicators with readings and target schedules, councils taking part, and,
for some, councils' delivery stages and savings claims; each Board meets four times a
year, with agenda items, numbered paragraphs naming programmes, decisions, actions and
a forward plan. The whole is one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import random

from django.db import transaction

from .delivery import make_delivery
from .governance import make_governance
from .plan import make_plan
from .rows import Counts


def generate(*, programmes: int, seed: int = 1) -> dict[str, int]:
    """Fill an empty database with `programmes` programmes and everything around them;
    returns the rows made per model label. Raises ValueError on a database that already
    holds a plan (the generator never mixes its rows with real ones)."""
    from priorities.models import PlanYear

    if programmes < 1:
        raise ValueError("Say how many programmes: 1 or more.")
    if PlanYear.objects.exists():
        raise ValueError(
            "The database already holds a plan: generate into an empty database (migrate a "
            "new one, or point DATABASE_URL at one)."
        )
    rng = random.Random(seed)
    counts = Counts()
    with transaction.atomic():
        plan = make_plan(rng, programmes, counts)
        delivery = make_delivery(rng, programmes, plan, counts)
        make_governance(rng, plan, delivery, counts)
    return dict(sorted(counts.rows.items()))
