from django.urls import path, re_path

from vplan.plans import editing_views, views

app_name = "plans"
urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity"),
    # Editing, for controllers
    path("plans/<int:plan_id>/edit/", editing_views.edit_plan, name="edit"),
    re_path(
        r"^plans/(?P<plan_id>[0-9]+)/(?P<action>decide|revise)/$",
        editing_views.change_plan_state,
        name="change_state",
    ),
    path(
        "plans/<int:plan_id>/municipal-goals/new/",
        editing_views.create_municipal_goal,
        name="municipal_goal_new",
    ),
    path(
        "municipal-goals/<int:goal_id>/edit/",
        editing_views.edit_municipal_goal,
        name="municipal_goal_edit",
    ),
    path(
        "plans/<int:plan_id>/board-goals/new/",
        editing_views.create_board_goal,
        name="board_goal_new",
    ),
    path("board-goals/<int:goal_id>/edit/", editing_views.edit_board_goal, name="board_goal_edit"),
    path(
        "plans/<int:plan_id>/assignments/new/",
        editing_views.create_assignment,
        name="assignment_new",
    ),
    path(
        "assignments/<int:assignment_id>/edit/",
        editing_views.edit_assignment,
        name="assignment_edit",
    ),
    path("plans/<int:plan_id>/activities/new/", editing_views.create_activity, name="activity_new"),
    path("activities/<int:activity_id>/edit/", editing_views.edit_activity, name="activity_edit"),
    path("activities/<int:activity_id>/places/", editing_views.add_place, name="add_place"),
    path("places/<int:placement_id>/remove/", editing_views.remove_place, name="remove_place"),
    path(
        "activities/<int:activity_id>/delete/",
        editing_views.delete_activity,
        name="activity_delete",
    ),
    path(
        "activities/<int:activity_id>/restore/",
        editing_views.restore_activity,
        name="activity_restore",
    ),
    re_path(
        r"^move/(?P<kind>activity|municipal_goal|board_goal|assignment|placement)/"
        r"(?P<pk>[0-9]+)/(?P<direction>up|down)/$",
        editing_views.move,
        name="move",
    ),
]
