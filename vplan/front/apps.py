from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "vplan.front"
    label = "front"
