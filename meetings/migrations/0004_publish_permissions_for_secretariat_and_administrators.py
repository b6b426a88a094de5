"""The Secretariat and Administrators were first given the publish permissions here. Who
may do what now has one home, `boardportal/permissions.py`, applied after every
`migrate` (`sync_groups`), so this migration does nothing: it stays only because the
migration graph records it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0002_publishing_and_version_for_optimistic_locking"),
        ("meetings", "0003_version_for_optimistic_locking"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
