"""The Django admin keeps the same trail as the pages: every save and removal is recorded.

`RecordedAdmin` is the base of every ModelAdmin in Vplan. A save records the fields that changed
with their values before and after (a new row: the values it was given); rows of inlines the same.
Removing a row for real is for superusers only, and recorded before the row goes. The change
records themselves and the purge decisions are read-only here as everywhere.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from vplan.audit.models import ChangeRecord, PurgeDecision
from vplan.audit.trail import record_change

admin.site.site_header = _("Vplan – administration")
admin.site.site_title = _("Vplan – administration")

# Never written into a change record, even as a hash.
SECRET_FIELDS = {"password", "password1", "password2", "token_hash"}


def _value(value):
    """A form value as the record keeps it: rows by their key, several rows as a list of keys."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted(_value(item) for item in value)
    return value


def changes_of(form, *, created: bool) -> dict:
    """{field: (before, after)} for the model fields a form changed; on a new row every field
    given a value."""
    model_fields = {field.name for field in form._meta.model._meta.get_fields()}
    names = form.cleaned_data if created else form.changed_data
    changes = {}
    for name in names:
        if name in SECRET_FIELDS or name not in model_fields:
            continue
        after = _value(form.cleaned_data.get(name))
        before = None if created else _value(form.initial.get(name))
        if created and after in (None, "", []):
            continue
        changes[name] = (before, after)
    return changes


def values_of(obj: models.Model) -> dict:
    """{field: (value, None)} of a row about to be removed: the trace of what it held."""
    return {
        field.name: (getattr(obj, field.attname), None)
        for field in obj._meta.concrete_fields
        if field.name not in SECRET_FIELDS and not field.primary_key
    }


class RecordedChangesMixin:
    """For ModelAdmins and inlines: removal for real only by a superuser."""

    def has_delete_permission(self, request, obj=None):
        if not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class RecordedInline(RecordedChangesMixin, admin.TabularInline):
    extra = 0


class RecordedAdmin(RecordedChangesMixin, admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        changes = changes_of(form, created=not change)
        super().save_model(request, obj, form, change)
        if changes or not change:
            action = ChangeRecord.Action.CHANGED if change else ChangeRecord.Action.CREATED
            record_change(obj=obj, by=request.user, action=action, changes=changes)

    def delete_model(self, request, obj):
        record_change(
            obj=obj, by=request.user, action=ChangeRecord.Action.REMOVED, changes=values_of(obj)
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_change(
                obj=obj, by=request.user, action=ChangeRecord.Action.REMOVED, changes=values_of(obj)
            )
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """The rows of an inline: recorded as new, changed or removed, as the main row is."""
        recorded = []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            created = inline_form.instance.pk is None
            recorded.append((inline_form, created, changes_of(inline_form, created=created)))
        removed = [
            inline_form.instance
            for inline_form in formset.deleted_forms
            if inline_form.instance.pk is not None
        ]
        for obj in removed:
            record_change(
                obj=obj, by=request.user, action=ChangeRecord.Action.REMOVED, changes=values_of(obj)
            )
        super().save_formset(request, form, formset, change)
        for inline_form, created, changes in recorded:
            action = ChangeRecord.Action.CREATED if created else ChangeRecord.Action.CHANGED
            record_change(obj=inline_form.instance, by=request.user, action=action, changes=changes)


class SoftDeletableAdmin(RecordedAdmin):
    """Admin for soft-deletable models: shows deleted rows too, marked."""

    def get_queryset(self, request):
        return self.model.all_objects.get_queryset()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read here, never added, changed or removed: not even by a superuser."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "changed_at",
        "action",
        "object_repr",
        "content_type",
        "administration",
        "changed_by",
    ]
    list_filter = ["action", "content_type", "administration"]
    search_fields = ["object_repr"]
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]


@admin.register(PurgeDecision)
class PurgeDecisionAdmin(ReadOnlyAdmin):
    list_display = ["executed_at", "reference", "executed_by"]
    readonly_fields = [f.name for f in PurgeDecision._meta.fields]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class RecordedUserAdmin(RecordedAdmin, UserAdmin):
    """People as Django's own user admin shows them, with their changes recorded."""


class ReadOnlyRecordedAdmin(RecordedAdmin):
    """For records made only by Vplan's own operations (kept as made): listed and read here,
    never added, changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
