from django.contrib import admin

from vplan.audit.admin import RecordedAdmin
from vplan.imports.models import DocumentImport, PendingImport


@admin.register(DocumentImport)
class DocumentImportAdmin(RecordedAdmin):
    """The record of every imported document (read-only)."""

    list_display = [
        "source_name",
        "format",
        "plan",
        "round",
        "activity_count",
        "imported_by",
        "imported_at",
    ]
    list_filter = ["format"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PendingImport)
class PendingImportAdmin(RecordedAdmin):
    """Uploads awaiting confirmation on the import page (removed after a day)."""

    list_display = ["source_name", "administration", "uploaded_by", "created_at"]
    exclude = ["parsed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
