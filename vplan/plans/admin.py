from django.contrib import admin

from vplan.audit.admin import RecordedAdmin, RecordedInline, SoftDeletableAdmin
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Placement,
    Plan,
)


@admin.register(Perspective)
class PerspectiveAdmin(RecordedAdmin):
    list_display = ["name", "order"]


@admin.register(Plan)
class PlanAdmin(SoftDeletableAdmin):
    list_display = ["administration", "year", "state", "deleted_at"]
    list_filter = ["state", "administration"]
    filter_horizontal = ["boards"]


@admin.register(MunicipalGoal)
class MunicipalGoalAdmin(RecordedAdmin):
    list_display = ["title", "perspective", "plan", "order"]
    list_filter = ["plan", "perspective"]


@admin.register(BoardGoal)
class BoardGoalAdmin(RecordedAdmin):
    list_display = ["title", "municipal_goal", "plan", "order"]
    list_filter = ["plan"]


@admin.register(Assignment)
class AssignmentAdmin(RecordedAdmin):
    list_display = ["number", "text", "scope", "is_struck", "plan"]
    list_filter = ["plan", "scope", "is_struck"]
    filter_horizontal = ["boards"]


class PlacementInline(RecordedInline):
    model = Placement
    extra = 0
    autocomplete_fields = []


@admin.register(Activity)
class ActivityAdmin(SoftDeletableAdmin):
    list_display = ["text", "plan", "decided_end", "current_end", "deleted_at"]
    list_filter = ["plan"]
    search_fields = ["text"]
    raw_id_fields = ["carried_over_from", "parent"]
    filter_horizontal = ["boards"]
    inlines = [PlacementInline]


@admin.register(Placement)
class PlacementAdmin(RecordedAdmin):
    list_display = ["activity", "perspective", "municipal_goal", "board_goal", "assignment"]
    raw_id_fields = ["activity"]
