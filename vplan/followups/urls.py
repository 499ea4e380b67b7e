from django.urls import path, re_path

from vplan.followups import views

app_name = "followups"
urlpatterns = [
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path(
        "rounds/<int:round_id>/activities/<int:activity_id>/report/",
        views.report,
        name="report",
    ),
    path("rounds/<int:round_id>/missing/", views.missing, name="missing"),
    path("plans/<int:plan_id>/rounds/new/", views.create_round, name="create_round"),
    re_path(
        r"^rounds/(?P<round_id>[0-9]+)/(?P<action>close|open|publish|reopen)/$",
        views.change_state,
        name="change_state",
    ),
]
