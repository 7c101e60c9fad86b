"""Catalogue data for tests: an activity, a programme with modules and paths, principles.

Used by the catalogue's tests and by the access-matrix rows
(tests/urls_table_learning_catalogue.py); every builder finds what it made before instead of
making it twice, so a row can call it for each persona.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from trinvis.learning.models import (
    Activity,
    EducationPlan,
    Path,
    PathStep,
    PlanRow,
    Principle,
    Programme,
)
from trinvis.organisations.models import Organisation

Kind = Activity.Kind


def make_activity(
    organisation: Organisation,
    *,
    title: str = "Motivational conversation",
    kind: str = Kind.EXTERNAL_COURSE,
    programme: Programme | None = None,
    starts_in_days: int | None = 30,
) -> Activity:
    found = Activity.objects.filter(organisation=organisation, title=title).first()
    if found is not None:
        return found
    starts = (
        timezone.localdate() + datetime.timedelta(days=starts_in_days)
        if starts_in_days is not None
        else None
    )
    return Activity.objects.create(
        organisation=organisation,
        kind=kind,
        title=title,
        provider="Course House",
        programme=programme,
        starts_on=starts,
        ends_on=starts,
        place="Town hall",
        length_hours=Decimal("7"),
        cost=Decimal("1500"),
        currency="DKK",
        language="da",
        reminder_days=[7, 90],
        headings="Open questions\nThe participant's own goals",
    )


MODULES = ("Module 1: The local labour market", "Module 2: Employer contact", "Module 3: Follow-up")


def make_programme(
    organisation: Organisation, *, name: str = "Employer-oriented work"
) -> Programme:
    """A programme with three modules and two paths: "Job path" takes modules 1, 2, 3 and
    "Short path" takes 3 then 1."""
    found = Programme.objects.filter(organisation=organisation, name=name).first()
    if found is not None:
        return found
    programme = Programme.objects.create(
        organisation=organisation,
        name=name,
        how_modules_combine="Module 1 comes first; module 3 ends every path.",
    )
    modules = [
        make_activity(
            organisation,
            title=title,
            kind=Kind.MODULE,
            programme=programme,
            starts_in_days=40 + 10 * index,
        )
        for index, title in enumerate(MODULES)
    ]
    job = Path.objects.create(programme=programme, name="Job path")
    short = Path.objects.create(programme=programme, name="Short path")
    for position, module in enumerate(modules, 1):
        PathStep.objects.create(path=job, activity=module, position=position)
    PathStep.objects.create(path=short, activity=modules[2], position=1)
    PathStep.objects.create(path=short, activity=modules[0], position=2)
    return programme


def module(programme: Programme, number: int) -> Activity:
    return Activity.objects.get(programme=programme, title=MODULES[number - 1])


def make_principle(
    organisation: Organisation,
    *,
    title: str = "Send two or more from a unit",
    topic: str = Principle.Topic.SELECTION,
) -> Principle:
    found = Principle.objects.filter(organisation=organisation, title=title).first()
    if found is not None:
        return found
    position = Principle.objects.filter(organisation=organisation).count() + 1
    return Principle.objects.create(
        organisation=organisation, topic=topic, title=title, position=position
    )


def use_in_plan(activity: Activity, *, principle: Principle | None = None) -> PlanRow:
    """A row of an education plan of the activity's organisation that chooses the activity."""
    plan, _created = EducationPlan.objects.get_or_create(
        organisation=activity.organisation, title="Education plan"
    )
    row = PlanRow.objects.filter(plan=plan, activity=activity).first()
    return row or PlanRow.objects.create(
        plan=plan, position=plan.rows.count() + 1, activity=activity, principle=principle
    )
