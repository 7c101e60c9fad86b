"""The notice on a platform administrator's home page while e-mail is not getting out. Anyone
else costs no query."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trinvis.core import home
from trinvis.outbox.selectors import outbox_counts


@home.register("todo")
def failing_email(request: HttpRequest) -> list[home.HomeItem]:
    user = request.user
    if not (user.is_authenticated and user.is_superuser):
        return []
    counts = outbox_counts()
    if not counts.troubled:
        return []
    return [
        home.HomeItem(
            title=ngettext(
                "%(count)s e-mail could not be sent",
                "%(count)s e-mails could not be sent",
                counts.troubled,
            )
            % {"count": counts.troubled},
            url=reverse("outbox:list"),
            description=_(
                "The mail server refused them or could not be reached. Trinvis tries again "
                "by itself; the outbox shows the errors and can send them again now."
            ),
            badges=(_("E-mail"),),
        )
    ]
