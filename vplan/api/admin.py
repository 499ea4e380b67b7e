from django.contrib import admin

from vplan.api.models import ApiToken
from vplan.audit.admin import RecordedAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(RecordedAdmin):
    list_display = ["user", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["user", "token_hash", "hint", "created_at", "last_used_at"]
    search_fields = ["user__username", "name"]

    def has_add_permission(self, request):
        return False  # created with `vplan apitoken create`, which shows the token once
