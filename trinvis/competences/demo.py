"""Demo: Odense's integration team is assessed against the shipped example profile.

Alice (leader of Odense Kommune) builds a profile from the example and has run two
self + leader rounds for the team's employees: one before the education effort (closed),
and the current one, where everyone but Bob has answered, so Bob finds his self-assessment
on his home page. The levels are fixed, not random: one competence rests on a single person
(high vulnerability) and two people see themselves two levels off their leader's view.
"""

import datetime

from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.competences.example import profile_create_from_example
from trinvis.competences.models import Assessment, Profile, Round
from trinvis.competences.selectors import profile_competences
from trinvis.competences.services.rounds import (
    RatingInput,
    assessment_save,
    round_close,
    round_open,
)
from trinvis.core import demo
from trinvis.organisations.models import Membership, Organisation

BEFORE = "Kompetencevurdering forår 2026"
NOW = "Kompetencevurdering efterår 2026"


def _levels(person_index: int, competence_index: int, expected: int, *, later: bool) -> int:
    """A plausible level around the expected one; half the competences improve later."""
    if competence_index == 2:  # conversations with an interpreter: only one person is there
        base = expected if person_index == 0 else expected - 2
    else:
        base = expected - 1 + (person_index + competence_index) % 3 // 2
    if later and competence_index % 2 == 0:
        base += 1  # the competences the education effort addressed have moved up
    return max(1, min(5, base))


def _two_apart(level: int, *, up: bool) -> int:
    """A level two steps from `level`, upwards if the scale allows (or `up` is False)."""
    if up:
        return level + 2 if level <= 3 else level - 2
    return level - 2 if level >= 3 else level + 2


def _fill(
    round: Round, people: list[User], leader: User, *, later: bool, skip: User | None
) -> None:
    competences = profile_competences(profile=round.profile)
    for p_index, person in enumerate(people):
        led = {
            c.pk: RatingInput(_levels(p_index, c_index, c.expected_level, later=later))
            for c_index, c in enumerate(competences)
        }
        # Two people see themselves two levels above their leader's view, one two below.
        own = dict(led)
        if p_index in (1, 4):
            second = competences[1].pk
            own[second] = RatingInput(_two_apart(led[second].level, up=True))
        if p_index == 7:
            fourth = competences[3].pk
            own[fourth] = RatingInput(_two_apart(led[fourth].level, up=False))
        if person != skip:
            assessment_save(
                by=person,
                round=round,
                kind=Assessment.Kind.SELF,
                person=person,
                ratings=own,
                base_version=0,
                submit=True,
            )
        assessment_save(
            by=leader,
            round=round,
            kind=Assessment.Kind.LEADER,
            person=person,
            ratings=led,
            base_version=0,
            submit=True,
        )


@demo.register(order=30)
def load() -> None:
    odense = Organisation.objects.filter(name="Odense Kommune").first()
    alice = User.objects.filter(email="alice@example.org").first()
    bob = User.objects.filter(email="bob@example.org").first()
    team = Organisation.objects.filter(parent=odense, kind=Organisation.Kind.TEAM).first()
    if odense is None or alice is None or bob is None or team is None:
        return
    if Profile.objects.filter(organisation=odense).exists():
        return
    profile = profile_create_from_example(by=alice, organisation=odense, language="da")
    people = list(
        User.objects.filter(
            memberships__organisation=team,
            memberships__role=Membership.Role.EMPLOYEE,
            memberships__is_active=True,
        ).order_by("full_name")
    )
    today = timezone.localdate()
    before = round_open(
        by=alice,
        profile=profile,
        organisation=team,
        title=BEFORE,
        deadline=today + datetime.timedelta(days=1),
        people=people,
        self_assessment=True,
        leader_assessment=True,
    )
    _fill(before, people, alice, later=False, skip=None)
    round_close(by=alice, round=before)
    half_a_year_ago = timezone.now() - datetime.timedelta(days=180)
    Round.objects.filter(pk=before.pk).update(
        opened_at=half_a_year_ago,
        deadline=(half_a_year_ago + datetime.timedelta(days=14)).date(),
        closed_at=half_a_year_ago + datetime.timedelta(days=15),
    )
    current = round_open(
        by=alice,
        profile=profile,
        organisation=team,
        title=NOW,
        deadline=today + datetime.timedelta(days=14),
        people=people,
        self_assessment=True,
        leader_assessment=True,
    )
    _fill(current, people, alice, later=True, skip=bob)
