"""The admin's people pages: "Add a person", and user and group admins in which an
editor who is not a superuser grants only what they hold.

- A non-superuser cannot make anyone (themselves included) a superuser: the box is
  read-only, and a crafted post of it is refused.
- Permissions and groups on offer are those the editor holds (a group only if the
  editor holds every permission in it); posting any other is refused with a form error
  and nothing is saved.
- Superusers, and people holding more than the editor, can be viewed but not changed
  or deleted (`boardportal.people.may_manage`), nor can groups holding more. So what an
  editor may change never holds anything beyond the editor's reach.
- The user admin's own add page is "Add a person": nobody types a password for someone.
- Removing someone's authenticator app also removes their backup codes, so a lost phone
  and a lost sheet of codes are dealt with together. Backup codes are secrets of their
  owner, so they have no admin page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import AdminForm
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OTPTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from core.admin_widgets import AccessibleWidgetsMixin, PasswordSummary
from priorities.models import Officer
from programmes.models import Council

from .people import (
    PersonNotEmailed,
    Role,
    access_notes,
    groups_grantable,
    may_manage,
    permissions_held,
    person_add,
    roles_grantable,
    with_access_facts,
)

User = get_user_model()

NOT_HELD = "You can grant only what you hold yourself: %(value)s is not one of those"
SUPERUSER_REFUSED = "Only a superuser can make someone a superuser"


# --- Granting only what one holds ----------------------------------------------------


def scoped(field: forms.ModelMultipleChoiceField, allowed) -> None:
    field.queryset = field.queryset.filter(pk__in=allowed.values("pk"))
    field.error_messages["invalid_choice"] = NOT_HELD


class ScopedUserChangeForm(DjangoUserAdmin.form):
    """The user change form for `editor` (set by `UserAdmin.get_form`)."""

    editor = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSummary()
        if self.editor.is_superuser:
            return
        if "user_permissions" in self.fields:
            scoped(self.fields["user_permissions"], permissions_held(self.editor))
        if "groups" in self.fields:
            scoped(self.fields["groups"], groups_grantable(self.editor))

    def clean(self):
        cleaned = super().clean()
        posted_superuser = forms.CheckboxInput().value_from_datadict(
            self.data, self.files, self.add_prefix("is_superuser")
        )
        # Read-only for them, so not in the form: a crafted post of it is refused, not
        # just ignored.
        if posted_superuser and not self.editor.is_superuser:
            raise ValidationError(SUPERUSER_REFUSED)
        return cleaned


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccessibleWidgetsMixin, DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "admin_access")
    change_form_template = "admin/auth/user/change_form.html"
    change_list_template = "admin/auth/user/change_list.html"

    def get_queryset(self, request):
        return with_access_facts(super().get_queryset(request))

    @admin.display(description="Admin access")
    def admin_access(self, user) -> str:
        notes = access_notes(user)
        if not notes:
            return "–"
        return format_html_join("", "<p>{}</p>", ((note.text,) for note in notes))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type("ScopedUserChangeForm", (ScopedUserChangeForm, form), {"editor": request.user})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(not may_manage(request.user, user) for user in objs):
            # The "delete selected" action asks here, not has_delete_permission(obj).
            perms_needed = {*perms_needed, "users who hold more than you do"}
        return deleted, counts, perms_needed, protected

    def add_view(self, request, form_url="", extra_context=None):
        """The add page is "Add a person": an account, its group and record, and an
        email with a link to set a password."""
        return person_add_page(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, object_id)
        if user is not None:
            extra_context = {**(extra_context or {}), "access_notes": access_notes(user)}
        return super().change_view(request, object_id, form_url, extra_context)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AccessibleWidgetsMixin, DjangoGroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if db_field.name == "permissions" and not request.user.is_superuser:
            scoped(field, permissions_held(request.user))
        return field

    def may_edit(self, request, group) -> bool:
        return group is None or groups_grantable(request.user).filter(pk=group.pk).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_edit(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(not self.may_edit(request, group) for group in objs):
            perms_needed = {*perms_needed, "groups that hold more than you do"}
        return deleted, counts, perms_needed, protected


# --- Second factor -------------------------------------------------------------------

admin.site.unregister(StaticDevice)
admin.site.unregister(TOTPDevice)
# The report worker's queue is the operator's (`manage.py prune_db_task_results`); a
# report's state and error are on its own page (boardportal.reports.builds).
admin.site.unregister(DBTaskResult)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(AccessibleWidgetsMixin, OTPTOTPDeviceAdmin):
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        StaticDevice.objects.filter(user=obj.user_id).delete()

    def delete_queryset(self, request, queryset):
        users = list(queryset.values_list("user", flat=True))
        super().delete_queryset(request, queryset)
        StaticDevice.objects.filter(user__in=users).delete()


# --- Add a person --------------------------------------------------------------------


class PersonForm(forms.Form):
    """What "Add a person" asks. The rules (who needs a position, duplicates...) are
    `person_add()`'s, which puts its reasons against these fields."""

    name = forms.CharField(
        label="Full name", max_length=300, help_text="As they write it, e.g. Jane Smith."
    )
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="Their work address. It is also their username, and the link to set "
        "a password goes there.",
    )
    role = forms.ChoiceField(label="What they are", widget=forms.RadioSelect)
    position = forms.CharField(
        label="Position",
        required=False,
        max_length=200,
        help_text="Officers only: their job title, e.g. Programme Manager.",
    )
    officer = forms.ModelChoiceField(
        label="Their officer record",
        queryset=Officer.objects.filter(user__isnull=True),
        required=False,
        empty_label="None: make a new one",
        help_text="Officers only: if they already lead programmes or are a report's "
        "contact, choose their record to link it to the account.",
    )
    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.all(),
        required=False,
        empty_label="Not stated",
        help_text="Board members only: the council they were elected to.",
    )

    FIELDSETS = [
        (None, {"fields": ["name", "email", "role"]}),
        ("For an officer", {"fields": ["position", "officer"]}),
        ("For a Board member", {"fields": ["council"]}),
    ]

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles_grantable(editor)]


ROLE_AS = {
    Role.BOARD_MEMBER: "a Board member",
    Role.OFFICER: "an officer",
    Role.SECRETARIAT: "a member of the Secretariat",
    Role.ADMINISTRATOR: "an administrator",
}


def person_added(request: HttpRequest, user, role: str, *, emailed: bool) -> HttpResponse:
    """Say what was done, and go to the new account's page, which says whether they can
    open the admin; an editor who may not see accounts is told here instead."""
    added = f"{user.get_full_name()} ({user.email}) was added as {ROLE_AS[role]}."
    messages.success(request, added)
    if emailed:
        messages.info(
            request, f"An email with a link to set a password is on its way to {user.email}."
        )
    else:
        messages.error(
            request,
            f"The email to {user.email} could not be sent. Once email works, they can ask "
            "for a link on the sign-in page (“Forgotten your password?”).",
        )
    if admin.site.get_model_admin(User).has_view_or_change_permission(request, user):
        return redirect("admin:auth_user_change", user.pk)
    for note in access_notes(user):
        messages.add_message(request, getattr(messages, note.level.upper()), note.text)
    return redirect("admin_person_add")


def person_add_page(request: HttpRequest) -> HttpResponse:
    """ "Add a person" (admin, for those who may add users). On success, to the new
    account's page, which says whether they can open the admin."""
    if not request.user.has_perm("auth.add_user"):
        raise PermissionDenied
    form = PersonForm(request.POST if request.method == "POST" else None, editor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = person_add(**form.cleaned_data, added_by=request.user)
            emailed = True
        except ValidationError as error:
            form.add_error(None, error)
        except PersonNotEmailed as failure:
            user, emailed = failure.user, False
        if not form.errors:
            return person_added(request, user, form.cleaned_data["role"], emailed=emailed)
    context = {
        **admin.site.each_context(request),
        "title": "Add a person",
        "form": form,
        "adminform": AdminForm(form, PersonForm.FIELDSETS, {}),
        "opts": User._meta,
    }
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/people/person_add.html", context)
