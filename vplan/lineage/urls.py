from django.urls import path

from vplan.lineage import views

app_name = "lineage"
urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_links, name="plan"),
    path("plans/<int:plan_id>/propose/", views.propose, name="propose"),
    path("plans/<int:plan_id>/rollover/", views.rollover, name="rollover"),
    path("links/<int:link_id>/decide/", views.decide, name="decide"),
]
