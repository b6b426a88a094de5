"""Who may do what: the user groups and their permissions, in one place.

- Board members: no permissions; they sign in to the public pages, not the admin.
- Officers: record delivery (progress updates, indicators and their readings,
  milestones, participating councils) for the programmes they lead or are delegated
  (`Programme.objects.recordable_by`); view everything else in the three apps.
- Secretariat: run meetings, agendas, members and their roles; run the quarterly
  update rounds (open, review, return, publish, correct, sign off and close); view the
  rest.
- Administrators: every permission of the three apps, plus users and groups.

`sync_groups()` makes the groups hold exactly these permissions. It runs after every
`migrate` (so a new model's permissions reach the groups with the migration that adds
it) and may be run again at any time: it only ever sets what is written here.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db.models import Q

APPS = ("priorities", "programmes", "meetings")

OFFICERS_RECORD = ("progressupdate", "reading", "milestone", "participation", "indicator")
SECRETARIAT_RUN = (
    "meeting",
    "agendaitem",
    "paragraph",
    "action",
    "member",
    "membership",
    "themerole",
)
SECRETARIAT_PUBLISH = (
    "programmes.publish_progressupdate",
    "programmes.publish_reading",
    "programmes.change_progressupdate",
    "programmes.change_reading",
    "programmes.add_reportinground",
    "programmes.change_reportinground",
    "programmes.close_reportinground",
)


def _codenames(models, actions) -> Q:
    return Q(codename__in=[f"{action}_{model}" for model in models for action in actions])


def _named(permissions) -> Q:
    query = Q(pk__in=[])
    for name in permissions:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return query


def group_permissions(Permission) -> dict[str, object]:
    """Each group's permissions, as QuerySets of `Permission` (the model is passed in so
    a migration could use its historical one)."""
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    views = ours.filter(codename__startswith="view_")
    return {
        "Board members": Permission.objects.none(),
        "Officers": views | ours.filter(_codenames(OFFICERS_RECORD, ("add", "change"))),
        "Secretariat": views
        | ours.filter(_codenames(SECRETARIAT_RUN, ("add", "change", "delete", "view")))
        | ours.filter(_named(SECRETARIAT_PUBLISH)),
        "Administrators": ours
        | Permission.objects.filter(
            content_type__app_label="auth", content_type__model__in=["user", "group"]
        ),
    }


def sync_groups(**kwargs) -> None:
    """Create the groups if need be and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    sender = kwargs.get("sender")
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if sender is not None and sender is not with_models[-1]:
        return
    using = kwargs.get("using", "default")
    # Permissions are made after each app's migrations; make sure all of ours exist.
    for label in ("auth", *APPS):
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using)
    for name, permissions in group_permissions(Permission).items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions.using(using).distinct())
