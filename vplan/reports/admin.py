from django.contrib import admin

from vplan.audit.admin import RecordedAdmin
from vplan.reports.models import (
    Publication,
    PublishedFile,
    ReportTemplate,
    SentReport,
    StoredReport,
)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(RecordedAdmin):
    list_display = ["filename", "administration", "is_active", "uploaded_by", "uploaded_at"]
    list_filter = ["administration", "is_active"]
    exclude = ["file"]
    readonly_fields = ["administration", "filename", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False  # templates are uploaded on the round's report page

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenAdmin(RecordedAdmin):
    """What was published is frozen: read here, never added, changed or removed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SentReport)
class SentReportAdmin(FrozenAdmin):
    """Sent reports are public documents: frozen, never changed or removed."""

    list_display = ["filename", "round", "format", "sent_by", "sent_at", "sha256"]
    list_filter = ["format"]
    exclude = ["content"]


@admin.register(Publication)
class PublicationAdmin(FrozenAdmin):
    list_display = ["round", "number", "published_at", "published_by", "correction_reason"]
    exclude = ["reports"]


@admin.register(PublishedFile)
class PublishedFileAdmin(FrozenAdmin):
    list_display = ["filename", "publication", "format", "language", "audience", "sha256"]
    list_filter = ["format", "audience"]
    exclude = ["content"]


@admin.register(StoredReport)
class StoredReportAdmin(FrozenAdmin):
    """A file a worker made of a round as its data stood: read here; a change of the round
    makes a new one, so none is ever edited."""

    list_display = ["filename", "round", "format", "language", "audience", "created_at", "size"]
    list_filter = ["format", "audience"]
    exclude = ["content"]
