from django.contrib import admin

from vplan.audit.admin import RecordedAdmin
from vplan.lineage.models import LineageLink


@admin.register(LineageLink)
class LineageLinkAdmin(RecordedAdmin):
    """Links are proposed by `vplan lineage --propose` and decided on the lineage page."""

    list_display = ["activity", "predecessor", "confidence", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    raw_id_fields = ["activity", "predecessor"]
    readonly_fields = ["confidence", "reasons", "proposed_at", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
