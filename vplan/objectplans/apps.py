from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectplansConfig(AppConfig):
    name = "vplan.objectplans"
    label = "objectplans"
    verbose_name = _("IT object plans")
