from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "vplan.organisation"
    label = "organisation"
