"""What the personal tools put on the home page: goals waiting for my confirmation, and
follow-up talks that are due (to hold as a leader, or to take part in)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now

from trinvis.core import home
from trinvis.learning.selectors_personal import follow_ups_due, goals_waiting_for_me


def _short(text: str, length: int = 80) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= length else line[: length - 1] + "…"


@home.register("todo")
def goals_to_confirm(request: HttpRequest) -> list[home.HomeItem]:
    """Goals the other party has agreed to and I have not yet."""
    items = []
    for goal in goals_waiting_for_me(user=request.user):
        assert goal.person is not None
        own = goal.person_id == request.user.pk
        meta = (
            gettext_now("Your leader has confirmed it")
            if own
            else gettext_now("%(name)s has confirmed it") % {"name": goal.person.full_name}
        )
        items.append(
            home.HomeItem(
                title=_short(goal.what_to_learn),
                url=reverse("learning:goal_detail", args=[goal.pk]),
                meta=meta,
                badges=(gettext_now("Learning goal: waiting for you"),),
            )
        )
    return items


@home.register("todo")
def talks_due(request: HttpRequest) -> list[home.HomeItem]:
    """Follow-up talks from a week before their date until they are recorded as held."""
    today = timezone.localdate()
    items = []
    for talk in follow_ups_due(user=request.user, today=today):
        leading = talk.person_id != request.user.pk
        other = talk.person if leading else talk.leader
        day = date_format(talk.planned_for, "SHORT_DATE_FORMAT")
        if talk.planned_for < today:
            meta = gettext_now("planned for %(date)s – not recorded as held yet") % {"date": day}
        else:
            meta = gettext_now("planned for %(date)s") % {"date": day}
        items.append(
            home.HomeItem(
                title=gettext_now("Follow-up talk with %(name)s")
                % {"name": other.full_name if other else gettext_now("your leader")},
                url=reverse("learning:follow_up", args=[talk.pk]),
                meta=meta,
                badges=(gettext_now("Overdue"),) if talk.planned_for < today else (),
            )
        )
    return items
