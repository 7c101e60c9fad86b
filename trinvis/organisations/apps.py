from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "trinvis.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from trinvis.accounts.two_factor.policy import requirement_register

        # Registers the home panels, menu entries and demo data of this app.
        from trinvis.organisations import demo, home  # noqa: F401
        from trinvis.organisations.two_factor import membership_requires_two_factor

        # Members of an organisation that requires two-factor login must use it.
        requirement_register(membership_requires_two_factor)
