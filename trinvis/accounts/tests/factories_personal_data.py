"""A person with data in every corner of Trinvis, for the personal-data tests: bob, rated in
a round of team A with five colleagues, with a goal, a logbook, a motivation check, a talk,
a calendar address, an enrolment, a course enrolment, a workshop place and answers to a
personal survey that five colleagues and one open-link respondent answered too.

Charlie gets a logbook entry and a survey answer of his own, so the tests can show that
nothing of his is read or touched for bob.
"""

import datetime
from dataclasses import dataclass

import time_machine
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.accounts.models import User
from trinvis.competences.models import Rating, Round
from trinvis.competences.tests.factories import colleagues, rated_team_round
from trinvis.learning.services.preferences import calendar_address_new
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import make_enrolment
from trinvis.learning.tests.factories_personal import (
    make_check,
    make_entry,
    make_follow_up,
    make_goal,
)
from trinvis.organisations.models import Membership
from trinvis.programmes.tests.factories_courses import bob_enrolment
from trinvis.programmes.tests.factories_workshops import add_participant, candidate_of, workshop_of
from trinvis.surveys.models import Invitation, Response, Survey
from trinvis.surveys.tests.factories_results import add_responses, invite, make_survey

BOBS_COMMENT = "Bob explains the rules well but rushes the interpreter"
BOBS_ANSWER = "Bob's own words about the workshops"


@dataclass
class BobsData:
    round: Round
    survey: Survey
    calendar_key: str


def _answer(index: int, comments: str) -> dict[str, object]:
    return {
        "role": "employee",
        "unit_type": "employment",
        "useful": ["agree", "strongly_agree", "neutral"][index % 3],
        "changes": "yes" if index % 2 else "no",
        "recommend": 6 + index % 4,
        "comments": comments,
    }


def survey_of_team_a(world: World) -> Survey:
    """Bob, five colleagues and charlie answered through their invitations; one more person
    answered through an open link (no invitation, no user)."""
    found = Survey.objects.filter(title="Team survey").first()
    if found is not None:
        return found
    survey = make_survey(organisation=world.municipality_a, title="Team survey")
    people = [world.bob, *colleagues(world.team_a, 5), world.charlie]
    invite(survey, people)
    texts = [BOBS_ANSWER if p == world.bob else f"Said by {p.full_name}" for p in people]
    responses = add_responses(survey, [_answer(i, text) for i, text in enumerate(texts)])
    invitations = {i.user_id: i for i in Invitation.objects.filter(survey=survey)}
    for person, response in zip(people, responses, strict=True):
        Response.objects.filter(pk=response.pk).update(
            user=person, invitation=invitations[person.pk]
        )
    add_responses(survey, [_answer(9, "From the open link")])
    return survey


def bob_with_data(world: World, *, entries: int = 2) -> BobsData:
    bob = world.bob
    round = rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=bob
    )
    Rating.objects.filter(assessment__person=bob).update(
        comment=BOBS_COMMENT, evidence="The talk of 3 March"
    )
    make_goal(bob, world.team_a)
    for number in range(entries):
        make_entry(
            bob,
            text=f"Logbook entry {number}",
            date=timezone.localdate() - datetime.timedelta(days=number),
        )
    make_check(bob, meaning=5)
    make_follow_up(bob, world.alice)
    key = calendar_address_new(person=bob)
    make_enrolment(make_activity(world.municipality_a), bob)
    bob_enrolment(world)
    add_participant(
        workshop_of(world), candidate_of(world), name=bob.full_name, email=bob.email, user=bob
    )
    make_entry(world.charlie, text="Charlie's own entry")
    return BobsData(round=round, survey=survey_of_team_a(world), calendar_key=key)


def erasable_person(world: World) -> User:
    """An employee of team A with no other part in the test world, to erase."""
    found = User.objects.filter(email="erin@example.org").first()
    if found is not None:
        return found
    erin = make_user("erin@example.org", "Erin Erasable", language="en")
    add_member(erin, world.team_a, Membership.Role.EMPLOYEE)
    return erin


def person_who_left(world: World, email: str, name: str, *, days_ago: int) -> User:
    """A person whose only membership (in team A) ended `days_ago` days ago: dormant once
    that is longer than TRINVIS_RETENTION_DORMANT_MONTHS."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
        person = make_user(email, name)
        membership = add_member(person, world.team_a, Membership.Role.EMPLOYEE)
        membership.is_active = False
        membership.save()
    return person
