from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "trinvis.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        # Registers the menu entry and the demo data of the programmes.
        from trinvis.programmes import demo, demo_courses, home, home_courses  # noqa: F401  # noqa: F401
