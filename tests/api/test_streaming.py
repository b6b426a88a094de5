"""The downloads of 10,000 programmes stream: the rows are read a chunk at a time and
written as they are read, so the memory a download takes does not grow with the table.

Measured with tracemalloc while the response is read: the peak must stay below a fixed
bound, about two chunks of rows (500 each) with their prefetched records. Before the
chunks' prefetch caches were dropped as they were written (tables.in_chunks), 10,000
programmes peaked at 23 MB, and the peak grew with the table."""

import csv
import io
import tempfile
import tracemalloc
from datetime import UTC, date, datetime

import pytest

from core.rag import Rag
from programmes.models import Programme, ProgressUpdate
from tests.factories import BoardFactory, OfficerFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PROGRAMMES = 10_000
# Every this many programmes has a published progress update (a status to work out).
UPDATED_EVERY = 10
# The most a download may hold at once while it is read, whatever its length.
MOST_BYTES = 8 * 1024 * 1024


@pytest.fixture
def many_programmes(db):
    fill(PROGRAMMES)


def fill(programmes: int) -> None:
    """Programmes written in bulk (a factory per row would take minutes)."""
    board, theme, officer = BoardFactory(), ThemeFactory(), OfficerFactory()
    Programme.objects.bulk_create(
        [
            Programme(
                name=f"Programme {n:05}",
                slug=f"programme-{n:05}",
                board=board,
                theme=theme,
                lead_officer=officer,
                status=Programme.Status.ACTIVE,
                starts_on=date(2011, 4, 1),
                summary="Delivers a priority.",
            )
            for n in range(programmes)
        ],
        batch_size=1000,
    )
    published = datetime(2012, 12, 31, 12, tzinfo=UTC)
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                programme=programme,
                as_at=date(2012, 12, 31),
                rag=Rag.GREEN,
                suggested_rag=Rag.GREEN,
                headline="On track",
                published_at=published,
            )
            for programme in Programme.objects.order_by("pk")[::UPDATED_EVERY]
        ],
        batch_size=1000,
    )


def read_measured(response) -> tuple[bytes, int]:
    """The whole body, and the most memory allocated at once while reading it (the body
    goes to a file as it comes, so that only the download's own memory counts)."""
    assert response.streaming
    with tempfile.TemporaryFile() as file:
        tracemalloc.start()
        try:
            for part in response.streaming_content:
                file.write(part)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        file.seek(0)
        return file.read(), peak


def test_ten_thousand_programmes_stream_in_flat_memory(client, many_programmes):
    # CSV only: the JSON download writes the same rows (measured alike: 3.8 MB at once
    # for a 4 MB file), and tracemalloc slows every allocation while it runs.
    response = client.get("/open-data/programmes.csv?as_at=2012-12-31")
    assert response.status_code == 200
    body, peak = read_measured(response)
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert len(rows) == PROGRAMMES
    assert sum(row["status"] == "green" for row in rows) == PROGRAMMES // UPDATED_EVERY
    assert peak < MOST_BYTES, f"{peak:,} bytes at once, {len(body):,} in all"
