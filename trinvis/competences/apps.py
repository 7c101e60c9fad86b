from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "trinvis.competences"
    label = "competences"
    verbose_name = _("Competences")

    def ready(self) -> None:
        # Registers the menu entry, home panels, worksheet live views and demo data.
        from trinvis.competences import demo, home, live_views  # noqa: F401
