from django.urls import path

from vplan.overviews import views

app_name = "overviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:administration_id>/status/", views.status, name="status"),
    path("<int:administration_id>/done/", views.done_share, name="done_share"),
    path("<int:administration_id>/chronic/", views.chronic, name="chronic"),
    path("<int:administration_id>/overdue/", views.overdue, name="overdue"),
]
