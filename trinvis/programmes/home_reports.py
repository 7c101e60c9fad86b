"""What the reports put on the home page: under "My organisation", for a municipality's
leaders and administrators, the way to the report on their municipality. Someone without a
manager role costs no query (the request's scope says so); a manager, one."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from trinvis.core import home
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Organisation
from trinvis.programmes.access_reports import managed_ids


@home.register("organisation")
def municipality_reports(request: HttpRequest) -> list[home.HomeItem]:
    """The platform administrator reaches every municipality's report through the list page
    and is not offered it here, where it would name them all."""
    if scope_for(request.user).is_platform_admin:
        return []
    managed = managed_ids(request.user)
    if not managed:
        return []
    names = list(
        Organisation.objects.filter(pk__in=managed, kind=Organisation.Kind.MUNICIPALITY)
        .order_by("name")
        .values_list("name", flat=True)
    )
    if not names:
        return []
    return [
        home.HomeItem(
            title=_("Reports on your municipality"),
            url=reverse("programmes:municipality_reports"),
            meta=", ".join(names),
            description=_(
                "Key figures against your targets, your programmes and courses, and your "
                "survey results, as PDF or Excel."
            ),
        )
    ]
