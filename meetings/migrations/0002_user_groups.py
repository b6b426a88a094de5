"""The user groups were first made here. Who may do what now has one home,
`boardportal/permissions.py`, applied after every `migrate` (`sync_groups`), so this
migration does nothing: it stays only because later migrations depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("priorities", "0001_plan_boards_themes_priorities"),
        ("programmes", "0001_delivery_programmes_indicators_councils"),
        ("meetings", "0001_governance_meetings_members_actions"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
