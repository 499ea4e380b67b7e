from django.urls import path, re_path

from vplan.followups import (
    late_correction_views,
    missing_views,
    postponement_views,
    readiness_views,
    round_action_views,
    round_sheet_views,
    views,
)

app_name = "followups"
urlpatterns = [
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path(
        "rounds/<int:round_id>/activities/<int:activity_id>/report/",
        views.report,
        name="report",
    ),
    path("rounds/<int:round_id>/missing/", views.missing, name="missing"),
    path("rounds/<int:round_id>/sheet/", round_sheet_views.round_sheet_upload, name="round_sheet"),
    path(
        "rounds/<int:round_id>/sheet/download/",
        round_sheet_views.round_sheet_download,
        name="round_sheet_download",
    ),
    path(
        "rounds/<int:round_id>/sheet/apply/",
        round_sheet_views.round_sheet_apply,
        name="round_sheet_apply",
    ),
    path(
        "rounds/<int:round_id>/missing/people/",
        missing_views.missing_by_person,
        name="missing_people",
    ),
    path(
        "rounds/<int:round_id>/activities/<int:activity_id>/late-correction/",
        late_correction_views.late_correction,
        name="late_correction",
    ),
    path(
        "rounds/<int:round_id>/activities/<int:activity_id>/postpone/",
        postponement_views.postpone_activity,
        name="postpone",
    ),
    path(
        "rounds/<int:round_id>/activities/<int:activity_id>/responsible/",
        postponement_views.responsible_people,
        name="responsible_people",
    ),
    path(
        "rounds/<int:round_id>/postponements/",
        postponement_views.round_postponements,
        name="postponements",
    ),
    path("rounds/<int:round_id>/sign-off/", readiness_views.readiness, name="readiness"),
    path(
        "rounds/<int:round_id>/sign-off/<int:board_id>/",
        readiness_views.take_readiness_step,
        name="readiness_step",
    ),
    path(
        "rounds/<int:round_id>/reminders/",
        missing_views.send_chosen_reminders,
        name="send_reminders",
    ),
    path(
        "rounds/<int:round_id>/reminder-days/",
        missing_views.change_reminder_days,
        name="reminder_days",
    ),
    path(
        "rounds/<int:round_id>/missing/people.csv",
        missing_views.missing_by_person_csv,
        name="missing_people_csv",
    ),
    path("plans/<int:plan_id>/rounds/new/", round_action_views.create_round, name="create_round"),
    re_path(
        r"^rounds/(?P<round_id>[0-9]+)/(?P<action>close|open|publish|reopen)/$",
        round_action_views.change_state,
        name="change_state",
    ),
]
