from django.apps import AppConfig


class LineageConfig(AppConfig):
    name = "vplan.lineage"
    label = "lineage"
