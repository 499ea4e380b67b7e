from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vplan.demo"
    label = "demo"
