from django.contrib import admin

from vplan.audit.admin import RecordedAdmin
from vplan.organisation.models import Administration, Board, Membership


@admin.register(Administration)
class AdministrationAdmin(RecordedAdmin):
    list_display = ["name", "short_code", "municipality"]
    search_fields = ["name", "short_code"]


@admin.register(Board)
class BoardAdmin(RecordedAdmin):
    list_display = ["display_code", "name", "administration"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(RecordedAdmin):
    list_display = ["user", "role", "administration", "board"]
    list_filter = ["role", "administration", "board"]
