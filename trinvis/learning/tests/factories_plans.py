"""Education plans for tests: a round with prioritised needs, a plan, rows.

Used by the plans' tests and by the access-matrix rows (tests/urls_table_learning_plans.py);
every builder finds what it made before instead of making it twice, so a row can call it
for each persona.
"""

from collections.abc import Sequence
from decimal import Decimal

from conftest import World
from trinvis.accounts.models import User
from trinvis.competences.models import NeedPriority, Round
from trinvis.competences.tests.factories import make_profile, make_round
from trinvis.learning.models import Activity, EducationPlan, PlanRow, Principle, Status
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.organisations.models import Organisation

Horizon = NeedPriority.Horizon


def prioritised_round(world: World) -> Round:
    """Team A's round on municipality A's profile: the first two competences prioritised for
    the short term, the third for the long term, the fourth not now."""
    profile = make_profile(world.municipality_a)
    round = make_round(
        profile=profile, organisation=world.team_a, people=[world.bob], by=world.alice
    )
    if not round.priorities.exists():
        horizons = (Horizon.SHORT, Horizon.SHORT, Horizon.LONG, Horizon.NONE)
        competences = profile.competences.order_by("position")
        for competence, horizon in zip(competences, horizons, strict=False):
            NeedPriority.objects.create(round=round, competence=competence, horizon=horizon)
    return round


def need(round: Round, position: int) -> NeedPriority:
    """The round's need for the profile's competence at `position` (0 first)."""
    return NeedPriority.objects.get(round=round, competence__position=position)


def make_plan(
    organisation: Organisation,
    *,
    title: str = "Education plan 2027",
    round: Round | None = None,
    by: User | None = None,
) -> EducationPlan:
    found = EducationPlan.objects.filter(organisation=organisation, title=title).first()
    return found or EducationPlan.objects.create(
        organisation=organisation, title=title, period="2027", round=round, created_by=by
    )


def add_row(
    plan: EducationPlan,
    *,
    activity: Activity | None = None,
    people: Sequence[User] = (),
    purpose: str = "Better conversations",
    needs: Sequence[NeedPriority] = (),
    responsible: User | None = None,
    schedule: str = "",
    status: str = Status.PLANNED,
    principle: Principle | None = None,
    effort: tuple[int, int, int] = (0, 0, 0),
    success_criteria: str = "",
) -> PlanRow:
    before, during, after = effort
    row = PlanRow.objects.create(
        plan=plan,
        position=plan.rows.count() + 1,
        activity=activity,
        purpose=purpose,
        responsible=responsible,
        schedule=schedule,
        status=status,
        principle=principle,
        effort_before=Decimal(before),
        effort_during=Decimal(during),
        effort_after=Decimal(after),
        success_criteria=success_criteria,
    )
    row.people.set(people)
    row.needs.set(needs)
    return row


def plan_a(world: World) -> EducationPlan:
    """Municipality A's plan answering team A's round, with one row: bob alone on a course
    for the first short-term need."""
    round = prioritised_round(world)
    plan = make_plan(world.municipality_a, round=round, by=world.alice)
    if not plan.rows.exists():
        add_row(
            plan,
            activity=make_activity(world.municipality_a),
            people=[world.bob],
            needs=[need(round, 0)],
            responsible=world.alice,
            schedule="Spring",
            effort=(2, 3, 5),
        )
    return plan


def row_a(world: World) -> PlanRow:
    return plan_a(world).rows.get(position=1)
