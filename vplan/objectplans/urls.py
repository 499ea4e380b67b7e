from django.urls import path

from vplan.objectplans import views

app_name = "objectplans"

urlpatterns = [
    path("", views.object_plan_list, name="list"),
    path("import/", views.object_plan_import, name="import"),
    path("<int:pk>/", views.object_plan_detail, name="detail"),
    path("<int:pk>/report.docx", views.object_plan_report, {"format": "docx"}, name="report_docx"),
    path("<int:pk>/report.pdf", views.object_plan_report, {"format": "pdf"}, name="report_pdf"),
    path("<int:pk>/export.json", views.object_plan_export, name="export"),
    path("<int:pk>/versions/approve/", views.approve_version, name="approve"),
    path("<int:pk>/activities/<int:item_pk>/link/", views.link_activity, name="link"),
    path("<int:pk>/budget/lines/", views.add_budget_line, name="add_line"),
    path(
        "<int:pk>/budget/lines/<int:line_pk>/remove/", views.remove_budget_line, name="remove_line"
    ),
    path("<int:pk>/budget/keys/", views.add_allocation_key, name="add_key"),
    path("<int:pk>/budget/shared/", views.add_shared_post, name="add_post"),
    path(
        "<int:pk>/budget/shared/<int:post_pk>/remove/", views.remove_shared_post, name="remove_post"
    ),
    path("<int:pk>/budget/forecast/", views.set_forecast, name="forecast"),
]
