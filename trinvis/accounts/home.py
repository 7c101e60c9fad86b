"""The notice on a platform administrator's home page while there are dormant accounts to
review (retention_rules.py). Anyone else costs no query."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trinvis.accounts.retention_rules import dormant_accounts
from trinvis.core import home


@home.register("todo")
def dormant_accounts_to_review(request: HttpRequest) -> list[home.HomeItem]:
    user = request.user
    if not (user.is_authenticated and user.is_superuser):
        return []
    count = dormant_accounts(now=timezone.now()).count()
    if not count:
        return []
    return [
        home.HomeItem(
            title=ngettext(
                "%(count)s dormant account to review",
                "%(count)s dormant accounts to review",
                count,
            )
            % {"count": count},
            url=reverse("accounts:dormant_accounts"),
            description=_(
                "People without an active membership for a long time. Erase those who will "
                "not return; Trinvis never does it by itself."
            ),
            badges=(_("Personal data"),),
        )
    ]
