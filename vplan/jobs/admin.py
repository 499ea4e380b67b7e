from django.contrib import admin

from .models import Job, JobFile, JobUpload


class JobFileInline(admin.StackedInline):
    model = JobFile
    fields = ["filename", "content_type", "size", "sha256"]
    readonly_fields = fields
    can_delete = False
    extra = 0


class JobUploadInline(admin.StackedInline):
    model = JobUpload
    fields = ["filename", "size"]
    readonly_fields = fields
    can_delete = False
    extra = 0


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by the pages, the API and the commands, and run by workers."""

    list_display = ["id", "title", "kind", "state", "created_by", "created_at", "attempts"]
    list_filter = ["state", "kind"]
    exclude = ["arguments"]
    inlines = [JobUploadInline, JobFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
