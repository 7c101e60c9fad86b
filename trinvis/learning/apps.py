from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "trinvis.learning"
    label = "learning"
    verbose_name = _("Learning and transfer")

    def ready(self) -> None:
        # Registers the menu entries, home panels, worksheet live views and the demo data.
        from trinvis.learning import (  # noqa: F401
            demo,
            demo_implementation,
            demo_plans,
            home,
            home_implementation,
            home_personal,
            live_views,
        )
