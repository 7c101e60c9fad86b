"""What the toolkit engine puts in the main menu and on the home page."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from trinvis.core import home, navigation
from trinvis.toolkits.localise import pick
from trinvis.toolkits.selectors import run_steps_owned_open, runs_in_progress

navigation.register(_("Toolkits"), "toolkits:list", order=20)
navigation.register(_("Runs"), "toolkits:run_list", order=21, covers=("toolkits:run_",))


def _due(date: Any) -> str:
    if date is None:
        return gettext_now("no due date")
    return gettext_now("due %(date)s") % {"date": date_format(date, "SHORT_DATE_FORMAT")}


@home.register("todo")
def my_open_run_steps(request: HttpRequest) -> list[home.HomeItem]:
    """Steps of runs I own that are neither done nor skipped."""
    language = get_language() or "da"
    return [
        home.HomeItem(
            title=pick(step.content.get("title"), language)[0],  # type: ignore[attr-defined]
            url=reverse("toolkits:run_step", args=[step.run_id, step.key]),
            meta=f"{step.run.title} · {_due(step.due_date)}",
            badges=(step.get_status_display(),),
        )
        for step in run_steps_owned_open(user=request.user)
    ]


@home.register("steps")
def runs_with_next_step(request: HttpRequest) -> list[home.HomeItem]:
    """Runs in progress in my organisations, each with its next step, owner and due date."""
    language = get_language() or "da"
    items = []
    for run in runs_in_progress(user=request.user):
        progress: Any = run  # annotated by the selector
        step_title = pick(progress.next_step["title"], language)[0] if progress.next_step else ""
        items.append(
            home.HomeItem(
                title=run.title,
                url=reverse("toolkits:run_detail", args=[run.pk]),
                meta=gettext_now("%(organisation)s · %(done)s of %(total)s steps done")
                % {
                    "organisation": run.organisation.name,
                    "done": progress.steps_settled,
                    "total": progress.steps_total,
                },
                description=gettext_now("Next: %(step)s · %(owner)s · %(due)s")
                % {
                    "step": step_title,
                    "owner": progress.next_step_owner or gettext_now("no owner yet"),
                    "due": _due(progress.next_step_due),
                },
            )
        )
    return items
