from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vplan.audit"
    label = "audit"
