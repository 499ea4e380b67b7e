from django.urls import path

from vplan.front import views

app_name = "front"
urlpatterns = [
    path("", views.start, name="start"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("bench/floor/", views.bench_floor, name="bench_floor"),
]
