"""What the programmes module puts in the main menu: "Programmes", for those who see a
programme or may create one."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from trinvis.core import navigation
from trinvis.programmes.selectors_programmes import may_see_programmes


def _sees_programmes(request: HttpRequest) -> bool:
    return may_see_programmes(user=request.user)


navigation.register(_("Programmes"), "programmes:index", order=42, visible=_sees_programmes)
