from django.contrib import admin

from vplan.audit.admin import ReadOnlyRecordedAdmin, RecordedAdmin
from vplan.followups.models import (
    BoardReadiness,
    FollowUpRound,
    Postponement,
    Reminder,
    RoundOverride,
    Status,
    StatusReport,
)


@admin.register(Status)
class StatusAdmin(RecordedAdmin):
    list_display = ["name", "category", "order", "is_active"]
    list_filter = ["category", "is_active"]


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(RecordedAdmin):
    list_display = ["label", "plan", "as_of", "reporting_deadline", "state"]
    list_filter = ["state", "plan"]


@admin.register(StatusReport)
class StatusReportAdmin(RecordedAdmin):
    """Read-only: reports are append-only and are added through the follow-up page."""

    list_display = ["activity", "round", "version", "display_status", "author", "created_at"]
    list_filter = ["round", "status"]
    raw_id_fields = ["activity"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoundOverride)
class RoundOverrideAdmin(ReadOnlyRecordedAdmin):
    """Read-only: an override is a recorded choice, made on the round's pages or in the API."""

    list_display = ["round", "kind", "made_by", "made_at"]
    list_filter = ["kind"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyRecordedAdmin):
    """Read-only: a reminder is a record of a mail sent."""

    list_display = ["round", "person", "address", "activity_count", "kind", "sent_by", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["round", "person"]


@admin.register(BoardReadiness)
class BoardReadinessAdmin(ReadOnlyRecordedAdmin):
    """Read-only: each sign-off step is made on the round's sign-off page or in the API."""

    list_display = ["round", "board", "state", "made_by", "made_at"]
    list_filter = ["state"]
    raw_id_fields = ["round"]


@admin.register(Postponement)
class PostponementAdmin(ReadOnlyRecordedAdmin):
    """Read-only: a postponement is made in the round's grid or in the API."""

    list_display = ["round", "activity", "moved_from", "moved_to", "made_by", "made_at"]
    raw_id_fields = ["round", "activity"]
