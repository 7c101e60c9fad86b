"""What the learning module puts in the main menu."""

from django.utils.translation import gettext_lazy as _

from trinvis.core import navigation

navigation.register(_("Learning"), "learning:index", order=35)
