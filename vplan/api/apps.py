from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vplan.api"
    label = "api"
