from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "vplan.imports"
    label = "imports"
