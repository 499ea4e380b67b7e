from django.contrib import admin

from vplan.audit.admin import RecordedInline, SoftDeletableAdmin
from vplan.objectplans.models import (
    AllocationKey,
    AllocationShare,
    BudgetLine,
    FollowUpItem,
    GoalArea,
    GoverningDocument,
    ITObject,
    LongTermGoal,
    ObjectPlan,
    ObjectPlanActivity,
    ObjectPlanVersion,
    ObjectRole,
    SharedBudgetPost,
)


class ObjectRoleInline(RecordedInline):
    model = ObjectRole
    extra = 0
    raw_id_fields = ["user"]


@admin.register(ITObject)
class ITObjectAdmin(SoftDeletableAdmin):
    list_display = ["short_name", "name", "administration", "deleted_at"]
    search_fields = ["short_name", "name"]
    inlines = [ObjectRoleInline]


class VersionInline(RecordedInline):
    model = ObjectPlanVersion
    extra = 0
    raw_id_fields = ["approved_by"]


@admin.register(ObjectPlan)
class ObjectPlanAdmin(SoftDeletableAdmin):
    list_display = ["it_object", "year", "period_start", "period_end", "deleted_at"]
    list_filter = ["year", "it_object"]
    inlines = [VersionInline]


@admin.register(GoverningDocument)
class GoverningDocumentAdmin(SoftDeletableAdmin):
    list_display = ["number", "title", "object_plan", "deleted_at"]
    list_filter = ["object_plan"]


@admin.register(GoalArea)
class GoalAreaAdmin(SoftDeletableAdmin):
    list_display = ["unit", "heading", "object_plan", "deleted_at"]
    list_filter = ["object_plan"]


@admin.register(LongTermGoal)
class LongTermGoalAdmin(SoftDeletableAdmin):
    list_display = ["code", "title", "area", "deleted_at"]
    raw_id_fields = ["parent"]


@admin.register(ObjectPlanActivity)
class ObjectPlanActivityAdmin(SoftDeletableAdmin):
    list_display = ["text", "unit", "object_plan", "activity", "deleted_at"]
    list_filter = ["object_plan", "unit"]
    raw_id_fields = ["activity"]
    search_fields = ["text"]


@admin.register(FollowUpItem)
class FollowUpItemAdmin(SoftDeletableAdmin):
    list_display = ["text", "kind", "object_plan", "deleted_at"]
    list_filter = ["object_plan", "kind"]


class AllocationShareInline(RecordedInline):
    model = AllocationShare
    extra = 0


@admin.register(AllocationKey)
class AllocationKeyAdmin(SoftDeletableAdmin):
    list_display = ["__str__", "text", "object_plan", "deleted_at"]
    inlines = [AllocationShareInline]


@admin.register(SharedBudgetPost)
class SharedBudgetPostAdmin(SoftDeletableAdmin):
    list_display = ["__str__", "kind", "amount", "object_plan", "deleted_at"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SoftDeletableAdmin):
    list_display = ["board", "kind", "system", "amount", "object_plan", "deleted_at"]
    list_filter = ["object_plan", "kind", "board"]
