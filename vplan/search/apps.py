from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "vplan.search"
    label = "search"
