from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "trinvis.indicators"
    label = "indicators"
    verbose_name = _("Key figures")

    def ready(self) -> None:
        # Registers the menu entry and the demo data of the key-figure module.
        from trinvis.indicators import demo, home  # noqa: F401
