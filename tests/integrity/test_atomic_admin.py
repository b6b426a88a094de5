"""A failure part-way through saving a record with its inlines, or through a bulk action,
leaves nothing half-saved: the admin saves each page and each action in one transaction."""

import pytest

from core.publishing import record_publish
from programmes.models import Milestone, Programme, ProgressUpdate
from tests import factories as f
from tests.test_admin import add_inline_row, admin_url, form_data

pytestmark = pytest.mark.django_db


class Injected(RuntimeError):
    """The failure a test injects."""


def fail_on_call(monkeypatch, cls, name: str, n: int):
    """Make `cls.name` raise Injected on its n-th call (the earlier calls work)."""
    original = getattr(cls, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise Injected(f"{cls.__name__}.{name} call {n}")
        return original(*args, **kwargs)

    monkeypatch.setattr(cls, name, failing)
    return calls


def test_a_failure_on_the_second_inline_row_saves_nothing(admin_client, monkeypatch):
    programme = f.ProgrammeFactory(name="Knowledge Hub", summary="Before")
    url = admin_url(programme, "change", programme.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Knowledge Hub renamed"
    data["summary"] = "After"
    add_inline_row(data, "milestones", {"title": "Business case", "due_on": "2012-01-31"})
    add_inline_row(data, "milestones", {"title": "Delivery plan", "due_on": "2012-03-31"})
    calls = fail_on_call(monkeypatch, Milestone, "save", 2)

    admin_client.raise_request_exception = False
    response = admin_client.post(url, data)

    assert response.status_code == 500
    assert len(calls) == 2  # the programme and the first milestone had been saved
    programme.refresh_from_db()
    assert (programme.name, programme.summary, programme.version) == ("Knowledge Hub", "Before", 1)
    assert not Milestone.objects.exists()
    assert programme.history.count() == 1
    assert not Milestone.history.exists()


def test_a_failure_saving_a_new_programme_with_its_inlines_saves_nothing(admin_client, monkeypatch):
    data = {
        "name": "Leeds Castle",
        "slug": "leeds-castle",
        "status": "active",
        "weight": "1",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
    }
    add_inline_row(data, "milestones", {"title": "Cohort 1", "due_on": "2012-01-31"})
    add_inline_row(data, "milestones", {"title": "Cohort 2", "due_on": "2012-03-31"})
    fail_on_call(monkeypatch, Milestone, "save", 2)
    admin_client.raise_request_exception = False
    response = admin_client.post(admin_url(Programme, "add"), data)
    assert response.status_code == 500
    assert not Programme.objects.exists()
    assert not Milestone.objects.exists()
    assert not Programme.history.exists()


def test_a_failure_part_way_through_a_bulk_action_publishes_nothing(admin_client, monkeypatch):
    drafts = [
        f.ProgressUpdateFactory(draft=True),
        f.ProgressUpdateFactory(draft=True),
        f.ProgressUpdateFactory(draft=True),
    ]
    import core.admin

    calls = []

    def failing_publish(*, record, user):
        calls.append(record.pk)
        if len(calls) == 2:
            raise Injected("publishing the second")
        return record_publish(record=record, user=user)

    monkeypatch.setattr(core.admin, "record_publish", failing_publish)
    admin_client.raise_request_exception = False
    response = admin_client.post(
        admin_url(ProgressUpdate, "changelist"),
        {"action": "publish_selected", "_selected_action": [d.pk for d in drafts]},
    )
    assert response.status_code == 500
    assert len(calls) == 2
    assert ProgressUpdate.objects.drafts().count() == 3
    assert all(d.history.count() == 1 for d in drafts)


def test_with_pytest_raises_the_failure_is_the_injected_one(admin_client, monkeypatch):
    programme = f.ProgrammeFactory(name="Knowledge Hub")
    url = admin_url(programme, "change", programme.pk)
    data = form_data(admin_client.get(url))
    add_inline_row(data, "milestones", {"title": "One", "due_on": "2012-01-31"})
    add_inline_row(data, "milestones", {"title": "Two", "due_on": "2012-03-31"})
    fail_on_call(monkeypatch, Milestone, "save", 2)
    with pytest.raises(Injected):
        admin_client.post(url, data)
    assert not Milestone.objects.exists()
