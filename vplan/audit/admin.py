from django.contrib import admin

from vplan.audit.models import ChangeRecord


class SoftDeletableAdmin(admin.ModelAdmin):
    """Admin for soft-deletable models: shows deleted rows too, marked."""

    def get_queryset(self, request):
        return self.model.all_objects.get_queryset()


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "action", "object_repr", "content_type", "changed_by"]
    list_filter = ["action", "content_type"]
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
