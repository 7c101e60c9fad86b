from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitsConfig(AppConfig):
    name = "trinvis.toolkits"
    label = "toolkits"
    verbose_name = _("Toolkits")
