"""Every change is in the history with who and when, bulk actions included, and a bulk
action's change can be reverted; nothing an officer does writes rows behind history's back."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from priorities.models import Board
from programmes.models import Milestone, ProgressUpdate
from tests import factories as f
from tests.test_admin import admin_url, form_data

pytestmark = pytest.mark.django_db


def revert(client, obj, record):
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/{record.history_id}/"
    return client.post(url, form_data(client.get(url)))


def test_marking_milestones_done_records_each_with_who_and_can_be_reverted(
    admin_client, admin_user
):
    first, second = f.MilestoneFactory(), f.MilestoneFactory()
    admin_client.post(
        admin_url(Milestone, "changelist"),
        {"action": "complete_today", "_selected_action": [first.pk, second.pk]},
    )
    for milestone in (first, second):
        latest = milestone.history.latest()
        assert (latest.history_type, latest.history_user) == ("~", admin_user)
        assert latest.completed_on == timezone.localdate()
        assert latest.prev_record.completed_on is None

    assert revert(admin_client, first, first.history.earliest()).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.completed_on is None
    assert second.completed_on == timezone.localdate()  # the other keeps the action's change
    assert first.history.count() == 3
    assert first.history.latest().history_user == admin_user


def test_publishing_in_bulk_records_each_and_a_revert_makes_a_draft_again(admin_client, admin_user):
    updates = [
        f.ProgressUpdateFactory(draft=True, as_at=date(2012, 6, 30)),
        f.ProgressUpdateFactory(draft=True, as_at=date(2012, 9, 30)),
    ]
    admin_client.post(
        admin_url(ProgressUpdate, "changelist"),
        {"action": "publish_selected", "_selected_action": [u.pk for u in updates]},
    )
    for update in updates:
        latest = update.history.latest()
        assert latest.history_user == admin_user
        assert (latest.published_by, latest.prev_record.published_at) == (admin_user, None)

    update = updates[0]
    assert revert(admin_client, update, update.history.earliest()).status_code == 302
    update.refresh_from_db()
    assert (update.published_at, update.published_by) == (None, None)  # a draft again
    assert update.history.latest().history_user == admin_user
    assert updates[1].history.latest().published_by == admin_user  # the other stays published


def test_deleting_in_bulk_records_each_deletion_with_who(admin_client, admin_user):
    milestones = [f.MilestoneFactory(), f.MilestoneFactory()]
    response = admin_client.post(
        admin_url(Milestone, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [m.pk for m in milestones],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    for milestone in milestones:
        deleted = Milestone.history.filter(id=milestone.pk).latest()
        assert (deleted.history_type, deleted.history_user) == ("-", admin_user)


def test_editing_a_list_in_place_records_each_row(admin_client, admin_user):
    boards = [f.BoardFactory(order=1), f.BoardFactory(order=2)]
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "_save": "Save",
    }
    for i, board in enumerate(Board.objects.order_by("order", "name")):
        data[f"form-{i}-id"] = board.pk
        data[f"form-{i}-order"] = 10 + i
    response = admin_client.post(admin_url(Board, "changelist"), data)
    assert response.status_code == 302
    for board in boards:
        board.refresh_from_db()
        assert board.order >= 10
        assert board.history.latest().history_user == admin_user


BULK_WRITE = re.compile(r"\.(update|bulk_create|bulk_update|raw)\(|\.execute\(|\bdelete\(\)")
# The only bulk write: optimistic locking's compare-and-set, followed by a normal save.
ALLOWED = {("core/locking.py", 'rows.update(version=F("version") + 1) == 0')}


def officer_code_paths() -> list[Path]:
    base = Path(settings.BASE_DIR)
    paths = []
    for app in ("priorities", "programmes", "meetings"):
        paths += [base / app / name for name in ("models.py", "admin.py", "services.py")]
        paths += [base / app / "querysets.py", base / app / "locking.py"]
    paths += [base / "boardportal" / "admin_helpers.py"]
    paths += sorted((base / "boardportal" / "management" / "commands").glob("load_*.py"))
    return [path for path in paths if path.exists()]


def test_no_officer_code_path_writes_rows_without_history():
    base = Path(settings.BASE_DIR)
    found = set()
    for path in officer_code_paths():
        for line in path.read_text().splitlines():
            if BULK_WRITE.search(line) and not line.strip().startswith("#"):
                found.add((str(path.relative_to(base)), line.split(" = ")[-1].strip()))
    assert found <= ALLOWED, found - ALLOWED
