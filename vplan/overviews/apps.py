from django.apps import AppConfig


class OverviewsConfig(AppConfig):
    name = "vplan.overviews"
    label = "overviews"
