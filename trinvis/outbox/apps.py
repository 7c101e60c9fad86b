from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trinvis.outbox"
    verbose_name = _("E-mail outbox")

    def ready(self) -> None:
        from trinvis.outbox import home  # noqa: F401  (registers the home-page notice)
