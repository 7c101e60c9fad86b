"""Reads of the education plans: the plans a user may read, the choices of the row editor,
and the plan page with its rows, goals, enrolments and the consultant's warnings.

The plan page's query count does not depend on how many rows or people it has: rows come
with their people and needs prefetched, and goals, memberships, enrolments and the round's
needs are one query each for the whole plan (or for all plans of a worksheet).

Personal learning goals are personal records (access.py): the plan page counts them for
everyone who reads the plan, shows their text only to the person themself, and links them
for the person and their leaders (the goal's own page logs a leader's visit).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from trinvis.accounts.models import User
from trinvis.competences.access import rounds_for_user
from trinvis.competences.models import NeedPriority, Round
from trinvis.learning.access import readable_organisation_ids, shared_for_user, shared_get_for_user
from trinvis.learning.charts_plans import effort_cells
from trinvis.learning.models import (
    Activity,
    EducationPlan,
    Enrolment,
    LearningGoal,
    PlanRow,
    Principle,
    Status,
)
from trinvis.learning.plan_checks import (
    Effort,
    Links,
    NeedFacts,
    PersonFacts,
    PlanChecks,
    PlanWarning,
    RowFacts,
    check_plan,
)
from trinvis.learning.selectors_catalogue import activities_for_user
from trinvis.organisations.access import WRITE_ROLES, scope_for
from trinvis.organisations.models import Membership, Organisation

Horizon = NeedPriority.Horizon
OPEN_STATUSES = frozenset({Status.PLANNED, Status.IN_PROGRESS})
# The needs a row can answer: those the leader prioritised, short term first.
PRIORITISED = (Horizon.SHORT, Horizon.LONG)


# --- access -----------------------------------------------------------------------------------


def plans_for_user(*, user: Any) -> QuerySet[EducationPlan]:
    return shared_for_user(
        EducationPlan.objects.select_related("organisation", "round").annotate(
            row_count=Count("rows")
        ),
        user=user,
    )


def plan_get_for_user(*, user: Any, pk: Any, write: bool = False) -> EducationPlan:
    return shared_get_for_user(
        EducationPlan.objects.select_related("organisation", "round__organisation"),
        user=user,
        pk=pk,
        write=write,
    )


def plan_row_get_for_user(*, user: Any, pk: Any, write: bool = False) -> PlanRow:
    return shared_get_for_user(
        PlanRow.objects.select_related(
            "plan__organisation", "plan__round", "activity", "responsible", "principle"
        ),
        user=user,
        pk=pk,
        write=write,
        field="plan__organisation_id",
    )


def latest_plans(*, user: Any, count: int) -> list[EducationPlan]:
    return list(plans_for_user(user=user).order_by("-updated_at", "-pk")[:count])


# --- the choices of the plan and row forms ----------------------------------------------------


def line_ids(organisation: Organisation) -> list[int]:
    """The organisation and those above it, top first (from its materialised path)."""
    return [int(part) for part in organisation.path.strip("/").split("/") if part]


def rounds_for_plans(*, user: Any) -> QuerySet[Round]:
    """The competence rounds whose needs a plan may answer: those the user sees."""
    return rounds_for_user(user=user).order_by("-opened_at", "-pk")


def round_fits(round: Round, organisation: Organisation) -> bool:
    """A plan answers the needs of a round of its own organisation, of one below it (a team's
    round in a unit's plan) or of one above it (a municipality's round in a team's plan)."""
    path, other = organisation.path, round.organisation.path
    return other.startswith(path) or path.startswith(other)


def people_groups(*, organisation: Organisation) -> list[tuple[Organisation, list[User]]]:
    """The active people of the organisation and the units below it, grouped by where they
    belong; a person with several memberships is listed once, under the deepest one."""
    memberships = (
        Membership.objects.filter(
            is_active=True,
            user__is_active=True,
            organisation__path__startswith=organisation.path,
        )
        .select_related("user", "organisation")
        .order_by("organisation__path", "user__full_name", "user_id")
    )
    home: dict[int, Membership] = {}
    for membership in memberships:
        known = home.get(membership.user_id)
        if known is None or len(membership.organisation.path) > len(known.organisation.path):
            home[membership.user_id] = membership
    groups: dict[int, tuple[Organisation, list[User]]] = {}
    for membership in sorted(
        home.values(), key=lambda m: (m.organisation.path, m.user.full_name, m.user_id)
    ):
        groups.setdefault(membership.organisation_id, (membership.organisation, []))[1].append(
            membership.user
        )
    return list(groups.values())


def responsible_candidates(*, organisation: Organisation) -> QuerySet[User]:
    """Who may be responsible for a row: the people of the organisation and below it, and
    those who change shared content in the organisations above it (a municipality's leader
    for a team's plan)."""
    above = [pk for pk in line_ids(organisation) if pk != organisation.pk]
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                memberships__is_active=True,
                memberships__organisation__path__startswith=organisation.path,
            )
            | Q(
                memberships__is_active=True,
                memberships__organisation_id__in=above,
                memberships__role__in=WRITE_ROLES,
            )
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def principles_for(*, organisation: Organisation) -> QuerySet[Principle]:
    """The principles a row may follow: the organisation's own and those above it."""
    return (
        Principle.objects.filter(organisation_id__in=line_ids(organisation))
        .select_related("organisation")
        .order_by("organisation__path", "position", "pk")
    )


def need_choices(*, plan: EducationPlan, keep: Iterable[int] = ()) -> list[NeedPriority]:
    """The prioritised needs of the plan's round, short term first, plus `keep` (needs a row
    already answers, even if their priority has changed since)."""
    if plan.round_id is None:
        return []
    needs = NeedPriority.objects.filter(round_id=plan.round_id).filter(
        Q(horizon__in=PRIORITISED) | Q(pk__in=list(keep))
    )
    return sorted(
        needs.select_related("competence"),
        key=lambda need: (need.horizon != Horizon.SHORT, need.competence.position, need.pk),
    )


def activities_for_plans(*, user: Any) -> QuerySet[Activity]:
    """The catalogue the user reads, by title."""
    return activities_for_user(user=user).order_by("title", "pk")


# --- the rows as the plan page and the worksheet show them -------------------------------------


@dataclass
class GoalLine:
    """A learning goal of a row, as the viewer may see it."""

    goal: LearningGoal
    show_text: bool
    may_open: bool

    @property
    def is_personal(self) -> bool:
        return self.goal.scope == LearningGoal.Scope.PERSONAL


@dataclass
class RowView:
    row: PlanRow
    people: list[User]
    needs: list[NeedPriority]
    goals: list[GoalLine]
    enrolled: list[User]
    facts: RowFacts
    warnings: list[PlanWarning] = field(default_factory=list)

    @property
    def not_enrolled(self) -> list[User]:
        enrolled = {person.pk for person in self.enrolled}
        return [person for person in self.people if person.pk not in enrolled]

    @property
    def may_enrol(self) -> bool:
        return (
            self.row.activity_id is not None
            and self.row.status != Status.CANCELLED
            and bool(self.not_enrolled)
        )

    @property
    def effort(self) -> Effort:
        return self.facts.effort

    @property
    def effort_cells(self) -> list[str]:
        """Per phase "6 h (25 %)", then the total."""
        return effort_cells(self.facts.effort)

    @property
    def effort_outside(self) -> list[str]:
        """The row's phases outside the 30-30-40 bands, in words."""
        return self.facts.effort.outside_in_words() if self.facts.effort.total else []

    @property
    def shown_goals(self) -> list[GoalLine]:
        """The goals the viewer may see or open; the others are only counted."""
        return [line for line in self.goals if line.show_text or line.may_open]

    @property
    def hidden_goal_count(self) -> int:
        return len(self.goals) - len(self.shown_goals)

    @property
    def personal_goal_count(self) -> int:
        return sum(1 for line in self.goals if line.is_personal)


def _rows_of(plans: Sequence[EducationPlan]) -> list[PlanRow]:
    return list(
        PlanRow.objects.filter(plan__in=plans)
        .select_related("activity", "responsible", "principle__organisation")
        .prefetch_related(
            Prefetch("people", queryset=User.objects.order_by("full_name", "pk")),
            Prefetch("needs", queryset=NeedPriority.objects.select_related("competence")),
        )
        .order_by("plan_id", "position", "pk")
    )


def _goals_of(
    plans: Sequence[EducationPlan], activity_ids: set[int], people_ids: set[int]
) -> list[LearningGoal]:
    """Goals linked to the plans' rows, and the personal goals of the rows' people for the
    rows' activities."""
    for_activity = Q(
        scope=LearningGoal.Scope.PERSONAL,
        activity_id__in=activity_ids,
        person_id__in=people_ids,
    )
    return list(
        LearningGoal.objects.filter(Q(plan_row__plan__in=plans) | for_activity)
        .select_related("person")
        .order_by("scope", "created_at", "pk")
    )


def _memberships_of(people_ids: set[int]) -> dict[int, list[tuple[int, str, str]]]:
    """Per person, their active memberships as (organisation id, path, name)."""
    found: dict[int, list[tuple[int, str, str]]] = {}
    rows = Membership.objects.filter(user_id__in=people_ids, is_active=True).values_list(
        "user_id", "organisation_id", "organisation__path", "organisation__name"
    )
    for user_id, organisation_id, path, name in rows:
        found.setdefault(user_id, []).append((organisation_id, path, name))
    return found


def _home(
    person: User, organisation: Organisation, memberships: list[tuple[int, str, str]]
) -> tuple[int, str]:
    """The organisation the person belongs to for the plan: their deepest membership in or
    below the plan's organisation (the plan's organisation when they have none there)."""
    inside = [m for m in memberships if m[1].startswith(organisation.path)]
    if not inside:
        return organisation.pk, organisation.name
    organisation_id, _path, name = max(inside, key=lambda m: (len(m[1]), -m[0]))
    return organisation_id, name


def plan_rows(*, plans: Sequence[EducationPlan], user: Any) -> dict[int, list[RowView]]:
    """Each plan's rows as the page shows them, in order; a fixed number of queries for any
    number of plans, rows and people."""
    rows = _rows_of(plans)
    people_ids = {person.pk for row in rows for person in row.people.all()}
    activity_ids = {row.activity_id for row in rows if row.activity_id is not None}
    goals = _goals_of(plans, activity_ids, people_ids)
    goal_people = {goal.person_id for goal in goals if goal.person_id is not None}
    memberships = _memberships_of(people_ids | goal_people)
    enrolled = set(
        Enrolment.objects.filter(
            activity_id__in=activity_ids, person_id__in=people_ids
        ).values_list("activity_id", "person_id")
    )
    scope = scope_for(user)
    readable = readable_organisation_ids(user)

    def may_open(goal: LearningGoal) -> bool:
        if goal.person_id is None:
            return readable is None or goal.organisation_id in readable
        if goal.person_id == user.pk:
            return True
        organisation_ids = [m[0] for m in memberships.get(goal.person_id, [])]
        return scope.can_see_personal_data_in(organisation_ids)

    row_ids = {row.pk for row in rows}
    linked: dict[int, list[LearningGoal]] = {}
    unlinked: list[LearningGoal] = []
    for goal in goals:
        if goal.plan_row_id in row_ids:
            linked.setdefault(goal.plan_row_id, []).append(goal)
        else:
            unlinked.append(goal)

    plans_by_id = {plan.pk: plan for plan in plans}
    views: dict[int, list[RowView]] = {plan.pk: [] for plan in plans}
    for row in rows:
        plan = plans_by_id[row.plan_id]
        people = list(row.people.all())
        row_people = {person.pk for person in people}
        row_goals = linked.get(row.pk, []) + [
            goal
            for goal in unlinked
            if row.activity_id is not None
            and goal.activity_id == row.activity_id
            and goal.person_id in row_people
        ]
        facts = RowFacts(
            id=row.pk,
            position=row.position,
            activity_id=row.activity_id,
            activity_title=row.activity.title if row.activity else "",
            people=[
                PersonFacts(
                    person.pk,
                    person.full_name,
                    *_home(person, plan.organisation, memberships.get(person.pk, [])),
                )
                for person in people
            ],
            has_goal=bool(row_goals),
            has_responsible=row.responsible_id is not None,
            has_schedule=bool(row.schedule.strip()),
            is_open=row.status in OPEN_STATUSES,
            is_cancelled=row.status == Status.CANCELLED,
            effort=Effort(row.effort_before, row.effort_during, row.effort_after),
            need_ids=frozenset(need.pk for need in row.needs.all()),
        )
        views[row.plan_id].append(
            RowView(
                row=row,
                people=people,
                needs=sorted(
                    row.needs.all(),
                    key=lambda need: (need.horizon != Horizon.SHORT, need.competence.position),
                ),
                goals=[
                    GoalLine(
                        goal,
                        show_text=goal.person_id in (None, user.pk),
                        may_open=may_open(goal),
                    )
                    for goal in sorted(
                        row_goals, key=lambda goal: (goal.person_id is not None, goal.pk)
                    )
                ],
                enrolled=[person for person in people if (row.activity_id, person.pk) in enrolled],
                facts=facts,
            )
        )
    return views


@dataclass
class PlanPage:
    plan: EducationPlan
    rows: list[RowView]
    checks: PlanChecks
    short_needs: list[NeedPriority]


def short_term_needs(*, plan: EducationPlan) -> list[NeedPriority]:
    if plan.round_id is None:
        return []
    return list(
        NeedPriority.objects.filter(round_id=plan.round_id, horizon=Horizon.SHORT)
        .select_related("competence")
        .order_by("competence__position", "pk")
    )


def people_without_agreed_goal(row: PlanRow) -> list[User]:
    """The row's people who have no personal goal for its activity (or the row) that both
    they and their leader have confirmed: goals are agreed before enrolment, so a leader
    enrolling them should hear about it."""
    agreed = LearningGoal.objects.filter(
        Q(activity_id=row.activity_id) | Q(plan_row=row),
        scope=LearningGoal.Scope.PERSONAL,
        person_id=OuterRef("pk"),
        person_confirmed_at__isnull=False,
        leader_confirmed_at__isnull=False,
    )
    return list(row.people.filter(~Exists(agreed)).order_by("full_name", "pk"))


def plan_page(*, plan: EducationPlan, user: Any, links: Links) -> PlanPage:
    """The plan's rows with the warnings that concern each, and the plan's checks."""
    rows = plan_rows(plans=[plan], user=user)[plan.pk]
    short = short_term_needs(plan=plan)
    checks = check_plan(
        rows=[view.facts for view in rows],
        short_needs=[NeedFacts(need.pk, need.competence.name) for need in short],
        links=links,
    )
    for view in rows:
        view.warnings = checks.for_row(view.row.pk)
    return PlanPage(plan=plan, rows=rows, checks=checks, short_needs=short)
