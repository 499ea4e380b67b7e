"""The audit log, mounted at `audit/`."""

from django.urls import path

from vplan.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.csv", views.audit_log_csv, name="export"),
]
