from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitsConfig(AppConfig):
    name = "trinvis.toolkits"
    label = "toolkits"
    verbose_name = _("Toolkits")

    def ready(self) -> None:
        # Registers the menu entry, home panels and demo data of the toolkit engine.
        from trinvis.toolkits import demo, home  # noqa: F401
