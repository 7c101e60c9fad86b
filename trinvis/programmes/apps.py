from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "trinvis.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        # Registers the menu entry and the demo data of the programmes.
        from trinvis.programmes import (  # noqa: F401
            demo,
            demo_courses,
            demo_workshops,
            home,
            home_courses,
            home_reports,
        )
