"""Personal records for tests: goals, logbook entries, motivation checks and follow-up
talks, made through the services where there is one. Used by the module's tests and by the
access-matrix rows (tests/urls_table_learning_personal.py).

`extra_people(world)` adds the people the privacy rules are about: a colleague in bob's
team, a development consultant and an employee of the unit above bob's team in
municipality A.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.accounts.models import User
from trinvis.learning.models import (
    FollowUp,
    LearningGoal,
    LogbookEntry,
    MotivationCheck,
    Sharing,
)
from trinvis.learning.services.goals import GoalData, goal_create
from trinvis.learning.services.logbook import EntryData, entry_create
from trinvis.learning.services.motivation import check_create
from trinvis.organisations.models import Membership, Organisation

Role = Membership.Role


@dataclass
class People:
    colleague: User  # employee in team A, like bob
    consultant: User  # development consultant of municipality A
    unit_employee: User  # employee of the jobcentre unit above team A


def extra_people(world: World) -> People:
    colleague = make_user("dora@example.org", "Dora Colleague", language="en")
    consultant = make_user("conor@example.org", "Conor Consultant", language="en")
    unit_employee = make_user("ulla@example.org", "Ulla Unit", language="en")
    add_member(colleague, world.team_a, Role.EMPLOYEE)
    add_member(consultant, world.municipality_a, Role.DEVELOPMENT_CONSULTANT)
    add_member(unit_employee, world.unit_a_job, Role.EMPLOYEE)
    return People(colleague, consultant, unit_employee)


def make_goal(
    person: User,
    organisation: Organisation,
    *,
    by: User | None = None,
    what: str = "Motivational interviewing with an interpreter",
) -> LearningGoal:
    return goal_create(
        by=by or person,
        scope=LearningGoal.Scope.PERSONAL,
        person=person,
        data=GoalData(
            organisation=organisation,
            what_to_learn=what,
            use_in_practice="In the first talk with each new participant",
            results="Participants set their own goals for the programme",
            organisational_goals="70 % in work or education",
            leader_support="Two hours a week to practise with a colleague",
        ),
    )


def make_org_goal(organisation: Organisation, *, by: User) -> LearningGoal:
    return goal_create(
        by=by,
        scope=LearningGoal.Scope.ORGANISATIONAL,
        data=GoalData(organisation=organisation, what_to_learn="Employer-oriented work"),
    )


def make_entry(
    author: User,
    *,
    sharing: str = Sharing.PRIVATE,
    text: str = "Tried the new conversation guide",
    date: datetime.date | None = None,
) -> LogbookEntry:
    return entry_create(
        by=author,
        data=EntryData(date=date or timezone.localdate(), what_happened=text, sharing=sharing),
    )


def make_check(
    person: User, *, taken_on: datetime.date | None = None, **scores: int
) -> MotivationCheck:
    values = {"meaning": 4, "ability": 4, "will": 4, "frame": 4, "benefit": 4, **scores}
    return check_create(
        by=person, person=person, taken_on=taken_on or timezone.localdate(), scores=values
    )


def make_follow_up(
    person: User, leader: User, *, planned_for: datetime.date | None = None
) -> FollowUp:
    return FollowUp.objects.create(
        person=person,
        leader=leader,
        planned_for=planned_for or timezone.localdate() + datetime.timedelta(days=3),
    )
