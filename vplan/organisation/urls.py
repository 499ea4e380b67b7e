"""The boards and people pages, mounted at `organisation/`."""

from django.urls import path

from vplan.organisation import views

app_name = "organisation"

urlpatterns = [
    path("boards/", views.boards_index, name="boards_index"),
    path("administrations/<int:pk>/boards/", views.boards, name="boards"),
    path("boards/<int:pk>/", views.board, name="board"),
    path("boards/<int:pk>/retire/", views.retire, name="retire_board"),
    path("boards/<int:pk>/reactivate/", views.reactivate, name="reactivate_board"),
    path("people/", views.people_index, name="people_index"),
    path("administrations/<int:pk>/people/", views.people, name="people"),
    path("administrations/<int:pk>/people/add/", views.add_person, name="add_person"),
    path("administrations/<int:pk>/people/import/", views.import_people, name="import_people"),
    path(
        "administrations/<int:pk>/people/import/confirm/",
        views.import_people_confirm,
        name="import_people_confirm",
    ),
    path("administrations/<int:pk>/people/<int:person_pk>/", views.person, name="person"),
    path(
        "administrations/<int:pk>/people/<int:person_pk>/roles/",
        views.grant_role,
        name="grant_role",
    ),
    path(
        "administrations/<int:pk>/people/<int:person_pk>/edit/",
        views.edit_person,
        name="edit_person",
    ),
    path(
        "administrations/<int:pk>/people/<int:person_pk>/deactivate/",
        views.deactivate_person,
        name="deactivate_person",
    ),
    path(
        "administrations/<int:pk>/people/<int:person_pk>/reactivate/",
        views.reactivate_person,
        name="reactivate_person",
    ),
    path(
        "administrations/<int:pk>/people/<int:person_pk>/send-link/",
        views.send_link,
        name="send_password_link",
    ),
    path(
        "administrations/<int:pk>/memberships/<int:membership_pk>/end/",
        views.end_role,
        name="end_role",
    ),
]
