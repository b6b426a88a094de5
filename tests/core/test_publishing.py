"""What every publishable record shares: drafts and published rows, the permission named
after the model, and `record_publish()`. How drafts stay out of the pages, the status
and the reports is in tests/integrity/test_publishing.py."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from core.publishing import Publishable, record_publish
from programmes.models import ProgressUpdate, Reading
from tests import factories as f

pytestmark = pytest.mark.django_db


def user_in(group: str):
    user = f.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_the_publishable_models_and_their_permissions():
    publishable = {m for m in Publishable.__subclasses__() if not m._meta.abstract}
    assert publishable == {ProgressUpdate, Reading}
    assert ProgressUpdate.publish_permission() == "programmes.publish_progressupdate"
    assert Reading.publish_permission() == "programmes.publish_reading"


def test_published_and_drafts_split_the_rows():
    programme = f.ProgrammeFactory()
    published = f.ProgressUpdateFactory(programme=programme, as_at=date(2012, 6, 30))
    draft = f.ProgressUpdateFactory(programme=programme, as_at=date(2012, 9, 30), draft=True)
    assert (published.is_published, draft.is_published) == (True, False)
    assert list(ProgressUpdate.objects.published()) == [published]
    assert list(ProgressUpdate.objects.drafts()) == [draft]
    assert set(ProgressUpdate.objects.published(include_drafts=True)) == {published, draft}


def test_record_publish_stamps_who_and_when_in_one_history_row():
    reading = f.ReadingFactory(draft=True)
    secretary = user_in("Secretariat")
    assert record_publish(record=reading, user=secretary) is reading
    reading.refresh_from_db()
    assert reading.published_by == secretary
    (created, published) = reading.history.order_by("history_id")
    assert (published.history_type, published.history_user) == ("~", secretary)
    assert (created.published_at, published.published_at) == (None, reading.published_at)


def test_record_publish_leaves_a_published_record_alone():
    reading = f.ReadingFactory()  # published with its paper: nobody's name on it
    when = reading.published_at
    record_publish(record=reading, user=user_in("Secretariat"))
    reading.refresh_from_db()
    assert (reading.published_at, reading.published_by, reading.history.count()) == (
        when,
        None,
        1,
    )


def test_record_publish_needs_the_models_permission():
    reading = f.ReadingFactory(draft=True)
    with pytest.raises(PermissionDenied) as error:
        record_publish(record=reading, user=user_in("Officers"))
    assert str(error.value) == "You may not publish readings: ask the secretariat."
    reading.refresh_from_db()
    assert reading.published_at is None
