from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LineageConfig(AppConfig):
    name = "vplan.lineage"
    label = "lineage"
    verbose_name = _("Lineage across years")
