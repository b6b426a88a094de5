"""Who may publish progress updates and readings: the Secretariat and Administrators.

Officers add and change drafts; publishing (what the public, status and reports
see) is the secretariat's. The permissions are created here rather than left to
post_migrate so the groups can be given them in the same `migrate`.
"""

from django.db import migrations

PUBLISH = {
    "progressupdate": ("publish_progressupdate", "Can publish progress updates"),
    "reading": ("publish_reading", "Can publish readings"),
}
GROUPS = ("Secretariat", "Administrators")


def publish_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for model, (codename, name) in PUBLISH.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="programmes", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    return permissions


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = publish_permissions(apps)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = publish_permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0002_publishing_and_version_for_optimistic_locking"),
        ("meetings", "0003_version_for_optimistic_locking"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
