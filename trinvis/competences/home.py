"""What the competence module puts in the main menu and on the home page."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from trinvis.competences.models import Assessment
from trinvis.competences.selectors import my_open_assessments
from trinvis.core import home, navigation

navigation.register(_("Competences"), "competences:index", order=30)


@home.register("todo")
def my_assessments_to_submit(request: HttpRequest) -> list[home.HomeItem]:
    """Open rounds where my own (or my team's) assessment is still missing."""
    items = []
    for round, kind in my_open_assessments(user=request.user):  # type: ignore[arg-type]
        if kind == Assessment.Kind.TEAM:
            url = reverse("competences:assess_team", args=[round.pk])
        else:
            url = reverse("competences:assess", args=[round.pk, kind, request.user.pk])
        deadline = date_format(round.deadline, "SHORT_DATE_FORMAT")
        items.append(
            home.HomeItem(
                title=round.title,
                url=url,
                meta=gettext_now("deadline %(date)s") % {"date": deadline},
                badges=(Assessment.Kind(kind).label,),
            )
        )
    return items
