"""Enrolments, implementation plans, tasks and follow-up meetings for tests, made through
the services where there is one. Used by the module's tests and by the access-matrix rows
(tests/urls_table_learning_implementation.py); every builder finds what it made before
instead of making it twice, so a row can call it for each persona."""

import datetime

from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.learning.models import (
    Activity,
    Enrolment,
    ImplementationItem,
    ImplementationPlan,
    ProcessMeeting,
    Status,
)
from trinvis.learning.services import implementation
from trinvis.organisations.models import Organisation

Area = ImplementationItem.Area


def days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def make_enrolment(activity: Activity, person: User) -> Enrolment:
    enrolment, _created = Enrolment.objects.get_or_create(activity=activity, person=person)
    return enrolment


def make_plan(
    organisation: Organisation,
    *,
    by: User,
    title: str = "Carrying the conversation guide home",
    team: list[User] | None = None,
) -> ImplementationPlan:
    found = ImplementationPlan.objects.filter(organisation=organisation, title=title).first()
    if found is not None:
        return found
    return implementation.plan_create(
        by=by,
        organisation=organisation,
        data=implementation.PlanInput(title=title, team=team or []),
    )


def item_of(plan: ImplementationPlan, area: str = Area.COMMUNICATION) -> ImplementationItem:
    """The first item of an area (a new plan has one in each)."""
    item = plan.items.filter(area=area).order_by("pk").first()
    assert item is not None, f"the plan has no item in {area}"
    return item


def make_task(
    plan: ImplementationPlan,
    *,
    by: User,
    responsible: User,
    deadline: datetime.date | None = None,
    area: str = Area.COMMUNICATION,
    activities: str = "Tell the team at the next meeting",
) -> ImplementationItem:
    """Give the area's first item a person responsible and a deadline (a task)."""
    item = item_of(plan, area)
    return implementation.item_update(
        by=by,
        item=item,
        base_version=item.version,
        data=implementation.ItemInput(
            area=area,
            activities=activities,
            responsible=responsible,
            deadline=deadline or days(7),
            status=Status.PLANNED,
        ),
    )


def make_meeting(
    plan: ImplementationPlan, *, by: User, confidence: int = 5, held_on: datetime.date | None = None
) -> ProcessMeeting:
    return implementation.meeting_record(
        by=by,
        plan=plan,
        data=implementation.MeetingInput(
            held_on=held_on or days(-1),
            confidence=confidence,
            signs_of_change="Colleagues ask each other",
            agreements="Try it in three talks",
        ),
    )
