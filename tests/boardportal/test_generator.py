"""`manage.py generate_dataset`: counts, determinism, valid rows, and queries per page
that stay the same as the generated plan grows."""

import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boardportal.generator import generate
from boardportal.generator.plan import sizes
from programmes.models import Programme, ProgressUpdate
from programmes.services import suggested_rag_for
from scripts.bench.pages import PAGE_TYPES, page_urls

APPS = ("priorities", "programmes", "meetings")


def generated_models():
    return [
        model
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    ]


def fingerprint() -> str:
    """A digest of every generated row, primary keys and all."""
    digest = hashlib.sha256()
    for model in generated_models():
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_counts_grow_with_the_programmes(db):
    counts = generate(programmes=30, seed=4)
    assert counts["programmes.Programme"] == 30 == Programme.objects.count()
    boards, priorities, officers = sizes(30)
    assert counts["priorities.Board"] == boards
    assert counts["priorities.Priority"] == 3 * priorities
    assert counts["priorities.Officer"] == officers
    for label in (
        "programmes.ProgressUpdate",
        "programmes.Milestone",
        "programmes.Indicator",
        "programmes.Reading",
        "programmes.TargetPeriod",
        "programmes.Participation",
        "programmes.DeliveryStage",
        "programmes.SavingsClaim",
        "priorities.PriorityLink",
        "meetings.Meeting",
        "meetings.AgendaItem",
        "meetings.Paragraph",
        "meetings.Action",
        "meetings.Decision",
        "meetings.ForwardPlanEntry",
    ):
        assert counts[label] > 0, label
    # Drafts and published records both.
    assert ProgressUpdate.objects.drafts().exists()
    assert ProgressUpdate.objects.published().exists()
    # A plan grows in programmes far faster than in priorities.
    assert sizes(10_000)[1] < 200


def test_every_row_passes_the_models_rules(db):
    generate(programmes=25, seed=2)
    for model in generated_models():
        for row in model._default_manager.all():
            row.full_clean()


def test_each_update_records_what_the_evidence_suggests(db):
    """As `programmes.services.progress_update_check` would have recorded it, and the
    officer's own status differs from it only with a reason."""
    generate(programmes=25, seed=3)
    updates = ProgressUpdate.objects.select_related("programme")
    assert updates.count() > 50
    for update in updates:
        suggested = suggested_rag_for(programme=update.programme, as_at=update.as_at)
        assert update.suggested_rag == (suggested.value if suggested else ""), update
        if suggested and update.rag != suggested:
            assert update.override_reason, update


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_makes_the_same_data():
    # From an emptied database each time: the fingerprint holds the primary keys, and
    # earlier transactional tests leave the sequences where they stopped.
    call_command("flush", interactive=False, verbosity=0)
    generate(programmes=12, seed=7)
    first = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    generate(programmes=12, seed=7)
    assert fingerprint() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(programmes=12, seed=8)
    assert fingerprint() != first


def test_the_command_reports_and_refuses_a_database_with_a_plan(db):
    out = io.StringIO()
    call_command("generate_dataset", programmes=5, seed=1, stdout=out)
    assert "programmes.Programme" in out.getvalue()
    assert "Generated" in out.getvalue()
    with pytest.raises(CommandError, match="already holds a plan"):
        call_command("generate_dataset", programmes=5, stdout=io.StringIO())
    with pytest.raises(ValueError):
        generate(programmes=0)


def queries_per_page(client) -> dict[str, int]:
    counts = {}
    for name, path in page_urls():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            assert response.status_code == 200, (name, path)
            if response.streaming:
                b"".join(response.streaming_content)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db(transaction=True)
def test_queries_per_page_are_the_same_at_10_and_200_programmes(client):
    """Every page type the benchmark measures, on the generated plan at two sizes."""
    generate(programmes=10, seed=1)
    small = queries_per_page(client)
    assert list(small) == list(PAGE_TYPES)
    call_command("flush", interactive=False, verbosity=0)
    generate(programmes=200, seed=1)
    assert queries_per_page(client) == small
