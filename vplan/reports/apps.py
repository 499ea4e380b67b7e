from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "vplan.reports"
    label = "reports"
