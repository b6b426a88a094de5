"""The user groups and what each may do in the admin.

- Board members: no permissions; they sign in to the public pages, not the admin.
- Officers: record delivery (progress updates, readings, milestones, participating
  councils); view everything else in the three apps.
- Secretariat: run meetings, agendas, members and their roles; view the rest.
- Administrators: every permission of the three apps, plus users and groups.

It lives in `meetings`, the last app in the dependency chain, so that it can grant
the permissions of all three. Permissions are normally created after `migrate`
finishes (post_migrate), so they are created here first.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("priorities", "programmes", "meetings")

OFFICERS_RECORD = ("progressupdate", "reading", "milestone", "participation")
SECRETARIAT_RUN = (
    "meeting",
    "agendaitem",
    "paragraph",
    "action",
    "member",
    "membership",
    "themerole",
)


def group_permissions(Permission):
    """Each group's permissions, as querysets of the migration state's Permission model."""
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    views = ours.filter(codename__startswith="view_")
    officers = views | ours.filter(
        codename__in=[
            f"{action}_{model}" for model in OFFICERS_RECORD for action in ("add", "change")
        ]
    )
    secretariat = views | ours.filter(
        codename__in=[
            f"{action}_{model}"
            for model in SECRETARIAT_RUN
            for action in ("add", "change", "delete", "view")
        ]
    )
    administrators = ours | Permission.objects.filter(
        content_type__app_label="auth", content_type__model__in=["user", "group"]
    )
    return {
        "Board members": Permission.objects.none(),
        "Officers": officers,
        "Secretariat": secretariat,
        "Administrators": administrators,
    }


def create_groups(apps, schema_editor):
    for label in ("auth", *APPS):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in group_permissions(Permission).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions.distinct())


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=list(group_permissions(Permission))).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("priorities", "0001_plan_boards_themes_priorities"),
        ("programmes", "0001_delivery_programmes_indicators_councils"),
        ("meetings", "0001_governance_meetings_members_actions"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
