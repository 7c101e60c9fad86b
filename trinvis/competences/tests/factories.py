"""Competence data for tests: a small profile, a round of team A, ratings through the service.

Used by the module's tests and by the access-matrix rows (tests/urls_table_competences_*.py),
so every builder finds what it made before instead of making it twice.
"""

import datetime
from collections.abc import Sequence

from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.competences.models import Assessment, Category, Competence, Profile, Round
from trinvis.competences.services.rounds import RatingInput, assessment_save, round_open
from trinvis.organisations.models import Membership, Organisation

# (category, name, expected level): two professional, one of each other category.
COMPETENCES: Sequence[tuple[str, str, int]] = (
    (Category.PROFESSIONAL, "Labour-market knowledge", 4),
    (Category.PROFESSIONAL, "Case law on integration", 3),
    (Category.SOCIAL, "Conversations with an interpreter", 4),
    (Category.ORGANISATIONAL, "Working across units", 3),
    (Category.PERSONAL, "Intercultural communication", 3),
)


def make_profile(organisation: Organisation, *, name: str = "Integration work") -> Profile:
    found = Profile.objects.filter(organisation=organisation, name=name).first()
    if found is not None:
        return found
    profile = Profile.objects.create(
        organisation=organisation,
        name=name,
        applies_to="Programme advisers",
        strategy_goal="More refugees in work or education",
        id_number=f"profile-{organisation.pk}-{Profile.objects.count() + 1}",
    )
    for position, (category, competence, expected) in enumerate(COMPETENCES):
        Competence.objects.create(
            profile=profile,
            category=category,
            name=competence,
            expected_level=expected,
            id_number=f"c{position + 1}",
            position=position,
        )
    return profile


def colleagues(team: Organisation, count: int) -> list[User]:
    """`count` employees of the team besides those already there (bob in team A)."""
    people = []
    for number in range(1, count + 1):
        user, created = User.objects.get_or_create(
            email=f"colleague{number}-{team.pk}@example.org",
            defaults={"full_name": f"Colleague {number}", "language": "en"},
        )
        if created:
            Membership.objects.create(user=user, organisation=team, role=Membership.Role.EMPLOYEE)
        people.append(user)
    return people


def make_round(
    *,
    profile: Profile,
    organisation: Organisation,
    people: Sequence[User],
    by: User,
    title: str = "Spring assessment",
    self_assessment: bool = True,
    leader_assessment: bool = True,
    team_assessment: bool = False,
    deadline: datetime.date | None = None,
) -> Round:
    found = Round.objects.filter(profile=profile, organisation=organisation, title=title).first()
    return found or round_open(
        by=by,
        profile=profile,
        organisation=organisation,
        title=title,
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=21),
        people=people,
        self_assessment=self_assessment,
        leader_assessment=leader_assessment,
        team_assessment=team_assessment,
    )


def rate(
    round: Round,
    *,
    kind: str,
    person: User | None,
    by: User,
    levels: Sequence[int],
    submit: bool = True,
) -> Assessment:
    """Rate the profile's competences in order (as in COMPETENCES) with `levels`."""
    from trinvis.competences.selectors import profile_competences

    competences = profile_competences(profile=round.profile)
    existing = Assessment.objects.filter(
        round=round, kind=kind, person=person if kind != Assessment.Kind.TEAM else None
    ).first()
    return assessment_save(
        by=by,
        round=round,
        kind=kind,
        person=person,
        ratings={
            c.pk: RatingInput(level=level) for c, level in zip(competences, levels, strict=False)
        },
        base_version=existing.version if existing else 0,
        submit=submit,
    )


def rated_team_round(
    *, leader: User, team: Organisation, profile_owner: Organisation, bob: User
) -> Round:
    """A self + leader round of team A: bob and five colleagues, all rated and submitted.

    Bob rates himself high on the first competence, his leader low: a conversation point.
    """
    profile = make_profile(profile_owner)
    people = [bob, *colleagues(team, 5)]
    round = make_round(profile=profile, organisation=team, people=people, by=leader)
    if not round.assessments.exists():
        for index, person in enumerate(people):
            own = [5 if person == bob else 3, 3, 2 + index % 3, 3, 4]
            led = [2 if person == bob else 3, 3, 2 + index % 2, 2, 4]
            rate(round, kind=Assessment.Kind.SELF, person=person, by=person, levels=own)
            rate(round, kind=Assessment.Kind.LEADER, person=person, by=leader, levels=led)
    return round
