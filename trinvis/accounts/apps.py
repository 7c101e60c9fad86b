from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trinvis.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Connects the login signal that makes a new login ask afresh about two-factor, and
        # registers the home page's notice of dormant accounts.
        from trinvis.accounts import home  # noqa: F401
        from trinvis.accounts.two_factor import policy  # noqa: F401
