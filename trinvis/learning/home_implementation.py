"""What implementation puts on the home page: my tasks from implementation plans that are
due within two weeks, or overdue."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now

from trinvis.core import home
from trinvis.learning.selectors_implementation import tasks_due


def task_title(text: str, fallback: str, length: int = 80) -> str:
    """The first line of a task's activities or description, shortened; else `fallback`."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not line:
        return fallback
    return line if len(line) <= length else line[: length - 1] + "…"


@home.register("todo")
def implementation_tasks_due(request: HttpRequest) -> list[home.HomeItem]:
    today = timezone.localdate()
    items = []
    for item in tasks_due(user=request.user, today=today):
        assert item.deadline is not None  # tasks have a deadline
        overdue = item.deadline < today
        area = item.get_area_display()
        items.append(
            home.HomeItem(
                title=task_title(item.activities or item.description, area),
                url=reverse("learning:implementation_detail", args=[item.plan_id])
                + f"#item-{item.pk}",
                description=gettext_now("%(area)s – %(plan)s") % {"area": area, "plan": item.plan},
                meta=gettext_now("deadline %(date)s")
                % {"date": date_format(item.deadline, "SHORT_DATE_FORMAT")},
                badges=(gettext_now("Overdue"),)
                if overdue
                else (gettext_now("Implementation task"),),
            )
        )
    return items
