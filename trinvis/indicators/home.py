"""What the key-figure module puts in the main menu."""

from django.utils.translation import gettext_lazy as _

from trinvis.core import navigation

navigation.register(_("Key figures"), "indicators:index", order=38)
