"""What the survey module puts in the main menu."""

from django.utils.translation import gettext_lazy as _

from trinvis.core import navigation

navigation.register(_("Surveys"), "surveys:index", order=40)
