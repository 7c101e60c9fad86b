from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "trinvis.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        # Registers the home panels, menu entries and demo data of this app.
        from trinvis.organisations import demo, home  # noqa: F401
