"""Write implementation plans: the plan with its team and anchoring, the items of the
eleven areas of the checklist, and the follow-up meetings of the implementation process
sheet (DOMAIN.md §3, phase 5).

A new plan starts with one empty item per area, so the team sees the whole checklist and
fills it in; more items can be added to any area, and an area keeps at least one. Plans and
items carry a version number: a save on top of a newer version is a conflict that writes
nothing, so the form can show the user's input again. The people on the team, the
ambassadors and the person responsible for an item are people of the plan's organisation
(selectors_implementation.plan_people), so each of them can open the plan.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning.models import (
    Activity,
    EducationPlan,
    ImplementationItem,
    ImplementationPlan,
    ProcessMeeting,
    Status,
)
from trinvis.learning.selectors_implementation import plan_people
from trinvis.organisations.models import Organisation

Area = ImplementationItem.Area


class ImplementationConflict(Exception):
    """Someone saved the plan or item after the form was opened; nothing was written.
    `current` is the newer row, for the form's next base version."""

    def __init__(self, current: ImplementationPlan | ImplementationItem) -> None:
        super().__init__("changed since it was opened")
        self.current = current


def _text(value: str) -> str:
    """One kind of line break in stored text, whatever the browser sent."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _in_line(organisation: Organisation, other: Organisation) -> bool:
    """The other organisation is the same, above or below: what a plan may link to."""
    return other.path.startswith(organisation.path) or organisation.path.startswith(other.path)


# --- plans -----------------------------------------------------------------------------------


@dataclass
class PlanInput:
    """A plan's fields as a form gives them; `team` and `ambassadors` are the whole sets."""

    title: str
    education_plan: EducationPlan | None = None
    activity: Activity | None = None
    team: Collection[User] = field(default_factory=list)
    ambassadors: Collection[User] = field(default_factory=list)
    theme_days: str = ""
    new_employees: str = ""


def _check_plan(plan: ImplementationPlan, data: PlanInput) -> None:
    """The rules a form field alone cannot check; all problems at once."""
    problems: dict[str, list[str]] = {}
    organisation = plan.organisation
    if data.education_plan and not _in_line(organisation, data.education_plan.organisation):
        problems["education_plan"] = [
            _("Choose an education plan of the organisation itself, or of one above or below it.")
        ]
    if data.activity and not _in_line(organisation, data.activity.organisation):
        problems["activity"] = [
            _("Choose an activity of the organisation itself, or of one above or below it.")
        ]
    chosen = {person.pk for person in [*data.team, *data.ambassadors]}
    allowed = set(plan_people(organisation).filter(pk__in=chosen).values_list("pk", flat=True))
    for name, people in (("team", data.team), ("ambassadors", data.ambassadors)):
        if any(person.pk not in allowed for person in people):
            problems[name] = [
                _("Choose people of %(organisation)s: others cannot open the plan.")
                % {"organisation": organisation.name}
            ]
    if problems:
        raise ValidationError(problems)


def _fill_plan(plan: ImplementationPlan, data: PlanInput) -> None:
    plan.title = data.title.strip()
    plan.education_plan = data.education_plan
    plan.activity = data.activity
    plan.theme_days = _text(data.theme_days)
    plan.new_employees = _text(data.new_employees)


@transaction.atomic
def plan_create(*, by: User, organisation: Organisation, data: PlanInput) -> ImplementationPlan:
    """A new implementation plan with one empty item for each of the eleven areas."""
    plan = ImplementationPlan(organisation=organisation, created_by=by)
    _fill_plan(plan, data)
    _check_plan(plan, data)
    plan.full_clean()
    plan.save()
    plan.team.set(list(data.team))
    plan.ambassadors.set(list(data.ambassadors))
    ImplementationItem.objects.bulk_create(
        [ImplementationItem(plan=plan, area=area) for area in Area.values]
    )
    return plan


@transaction.atomic
def plan_update(
    *, by: User, plan: ImplementationPlan, base_version: int, data: PlanInput
) -> ImplementationPlan:
    """Save the plan's title, links, team and anchoring; `ImplementationConflict` when
    someone saved it after `base_version`."""
    current = ImplementationPlan.objects.select_for_update().get(pk=plan.pk)
    if current.version != base_version:
        raise ImplementationConflict(current)
    _fill_plan(current, data)
    _check_plan(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    current.team.set(list(data.team))
    current.ambassadors.set(list(data.ambassadors))
    return current


@transaction.atomic
def plan_delete(*, by: User, plan: ImplementationPlan) -> None:
    """Delete the plan with its items and meetings."""
    ImplementationPlan.objects.select_for_update().get(pk=plan.pk).delete()


# --- items -----------------------------------------------------------------------------------


@dataclass
class ItemInput:
    area: str
    description: str = ""
    activities: str = ""
    period: str = ""
    responsible: User | None = None
    deadline: datetime.date | None = None
    status: str = Status.PLANNED


def _fill_item(item: ImplementationItem, data: ItemInput) -> None:
    item.area = data.area
    item.description = _text(data.description)
    item.activities = _text(data.activities)
    item.period = data.period.strip()
    item.responsible = data.responsible
    item.deadline = data.deadline
    _set_status(item, data.status)


def _set_status(item: ImplementationItem, status: str) -> None:
    """The status, with the moment it was done (kept while it stays done)."""
    item.status = status
    if status != Status.DONE:
        item.done_at = None
    elif item.done_at is None:
        item.done_at = timezone.now()


def _check_item(item: ImplementationItem, *, moving_from: str | None = None) -> None:
    problems: dict[str, list[str]] = {}
    if item.responsible is not None and (
        not plan_people(item.plan.organisation).filter(pk=item.responsible.pk).exists()
    ):
        problems["responsible"] = [
            _("Choose a person of %(organisation)s: others cannot open the plan.")
            % {"organisation": item.plan.organisation.name}
        ]
    if moving_from and moving_from != item.area and _is_last_of_area(item, moving_from):
        problems["area"] = [
            _("It is the only item of its area, which the checklist keeps. Add another first.")
        ]
    if problems:
        raise ValidationError(problems)


def _is_last_of_area(item: ImplementationItem, area: str) -> bool:
    return (
        not ImplementationItem.objects.filter(plan_id=item.plan_id, area=area)
        .exclude(pk=item.pk)
        .exists()
    )


@transaction.atomic
def item_add(*, by: User, plan: ImplementationPlan, data: ItemInput) -> ImplementationItem:
    """One more item in an area of the plan."""
    item = ImplementationItem(plan=plan)
    _fill_item(item, data)
    _check_item(item)
    item.full_clean()
    item.save()
    return item


def _locked_item(item: ImplementationItem, base_version: int) -> ImplementationItem:
    current = (
        ImplementationItem.objects.select_for_update()
        .select_related("plan__organisation")
        .get(pk=item.pk)
    )
    if current.version != base_version:
        raise ImplementationConflict(current)
    return current


@transaction.atomic
def item_update(
    *, by: User, item: ImplementationItem, base_version: int, data: ItemInput
) -> ImplementationItem:
    current = _locked_item(item, base_version)
    moving_from = current.area
    _fill_item(current, data)
    _check_item(current, moving_from=moving_from)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def item_mark_done(*, by: User, item: ImplementationItem, base_version: int) -> ImplementationItem:
    """Mark a task done (the person responsible, from their task list)."""
    current = _locked_item(item, base_version)
    _set_status(current, Status.DONE)
    current.version = base_version + 1
    current.save(update_fields=["status", "done_at", "version"])
    return current


@transaction.atomic
def item_delete(*, by: User, item: ImplementationItem, base_version: int) -> None:
    """Remove an item; the last item of an area stays (clear it instead), so the checklist
    keeps all eleven areas."""
    current = _locked_item(item, base_version)
    if _is_last_of_area(current, current.area):
        raise ValidationError(
            _("It is the only item of its area, which the checklist keeps. Clear its text instead.")
        )
    current.delete()


# --- follow-up meetings ----------------------------------------------------------------------


@dataclass
class MeetingInput:
    held_on: datetime.date
    confidence: int
    worries: str = ""
    what_works: str = ""
    signs_of_change: str = ""
    agreements: str = ""
    blockers: str = ""
    next_meeting_on: datetime.date | None = None


@transaction.atomic
def meeting_record(*, by: User, plan: ImplementationPlan, data: MeetingInput) -> ProcessMeeting:
    """A follow-up meeting of the implementation process sheet, recorded after it was held."""
    problems: dict[str, list[str]] = {}
    if data.held_on > timezone.localdate():
        problems["held_on"] = [_("Record a meeting once it has been held.")]
    if data.next_meeting_on is not None and data.next_meeting_on <= data.held_on:
        problems["next_meeting_on"] = [_("The next follow-up comes after this meeting.")]
    if problems:
        raise ValidationError(problems)
    meeting = ProcessMeeting(
        plan=plan,
        held_on=data.held_on,
        worries=_text(data.worries),
        what_works=_text(data.what_works),
        signs_of_change=_text(data.signs_of_change),
        agreements=_text(data.agreements),
        blockers=_text(data.blockers),
        confidence=data.confidence,
        next_meeting_on=data.next_meeting_on,
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_delete(*, by: User, meeting: ProcessMeeting) -> None:
    """Remove a meeting recorded by mistake."""
    ProcessMeeting.objects.filter(pk=meeting.pk).delete()
