from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "trinvis.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Registers the menu entry and the demo data of the survey module.
        from trinvis.surveys import demo, home  # noqa: F401
