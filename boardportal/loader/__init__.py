"""Load the demo data: the five board papers, fact by fact, from `fixtures/*.json`.

The fixtures are keyed by natural keys (labels, slugs, names, references), never by
primary keys, so the loader can run against any migrated database. A record is saved
only when it is new or its values differ, so a second run changes nothing (and writes
no history). Plain records are validated with `full_clean()` before they are saved;
those that carry rules (milestones, readings, progress updates, actions) are written
through their app's services, exactly as the admin writes them.

The papers are published facts, so their progress updates and readings are loaded
published: as at the date of the paper that reported them (its meeting's date,
never before the date the figure describes), by no one (`published_by` blank).
Every save goes through the models' optimistic locking; the loader re-reads each
row before it writes, so it never saves from an out-of-date copy.

`base` holds the plumbing and the natural-key lookups; `reference`, `plan`,
`delivery` and `governance` load the sections; `run` loads them all in order.
"""

from .base import FixtureError
from .run import FIXTURES_DIR, SUMMARY_MODELS, Loader

__all__ = ["FIXTURES_DIR", "SUMMARY_MODELS", "FixtureError", "Loader"]
