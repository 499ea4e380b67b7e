from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "vplan.plans"
    label = "plans"
