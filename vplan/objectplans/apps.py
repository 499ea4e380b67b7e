from django.apps import AppConfig


class ObjectplansConfig(AppConfig):
    name = "vplan.objectplans"
    label = "objectplans"
