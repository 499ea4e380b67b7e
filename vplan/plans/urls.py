from django.urls import path

from vplan.plans import views

app_name = "plans"
urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity"),
]
