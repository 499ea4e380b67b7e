"""The boards page, mounted at `organisation/`."""

from django.urls import path

from vplan.organisation import views

app_name = "organisation"

urlpatterns = [
    path("boards/", views.boards_index, name="boards_index"),
    path("administrations/<int:pk>/boards/", views.boards, name="boards"),
    path("boards/<int:pk>/", views.board, name="board"),
    path("boards/<int:pk>/retire/", views.retire, name="retire_board"),
    path("boards/<int:pk>/reactivate/", views.reactivate, name="reactivate_board"),
]
