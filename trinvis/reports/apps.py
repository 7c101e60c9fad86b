from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Charts, PDF and spreadsheet renderers: they render the data they are given."""

    name = "trinvis.reports"
    label = "reports"
    verbose_name = _("Reports")
