"""Reads of the competence module: the matrix of a round and what is built from it.

The matrix needs four queries whatever its size: the competences of the profile, the people
of the round, every submitted rating of the round (one row per rating: kind, person,
competence, level) and the leader's need priorities. Everything else is computed in
`analysis`, in Python.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from trinvis.accounts.models import User
from trinvis.competences import analysis
from trinvis.competences.models import (
    CATEGORY_ORDER,
    Assessment,
    Category,
    Competence,
    NeedPriority,
    Profile,
    Rating,
    Round,
)

Kind = Assessment.Kind


def profile_competences(*, profile: Profile) -> list[Competence]:
    """The profile's competences in the order of the four categories, then by position."""
    competences = list(Competence.objects.filter(profile=profile))
    return sorted(competences, key=lambda c: (CATEGORY_ORDER[c.category], c.position, c.pk))


def competences_by_category(
    competences: Iterable[Competence],
) -> list[tuple[Category, list[Competence]]]:
    grouped: dict[str, list[Competence]] = defaultdict(list)
    for competence in competences:
        grouped[competence.category].append(competence)
    return [(category, grouped[category.value]) for category in Category if grouped[category]]


def round_people(*, round: Round) -> list[User]:
    return list(round.people.order_by("full_name", "email"))


def vulnerability_rule(profile: Profile) -> analysis.VulnerabilityRule:
    return analysis.VulnerabilityRule(
        high_below=profile.vulnerability_high_below,
        medium_below=profile.vulnerability_medium_below,
    )


@dataclass
class MatrixRow:
    competence: Competence
    # The level that counts for each person (columns in `Matrix.people` order): the leader's
    # rating where given, otherwise the person's own; None when neither is submitted.
    levels: list[int | None]
    self_levels: list[int | None]
    leader_levels: list[int | None]
    team_level: int | None
    figures: analysis.CompetenceFigures
    priority: NeedPriority | None = None


@dataclass
class Matrix:
    round: Round
    people: list[User]
    rows: list[MatrixRow]
    rule: analysis.VulnerabilityRule
    # People with at least one level that counts: the group size the figures rest on.
    assessed: int
    conversation_points: list[analysis.ConversationPoint[int]] = field(default_factory=list)
    needs: list[analysis.Need] = field(default_factory=list)

    @property
    def team_only(self) -> bool:
        """A round with only a team assessment: the team's agreed level counts for everyone."""
        return not (self.round.self_assessment or self.round.leader_assessment)

    @property
    def shareable(self) -> bool:
        """Whether the figures may be shown to people who may not see the individuals."""
        return self.assessed >= analysis.SMALLEST_GROUP

    def by_category(self) -> list[tuple[Category, list[MatrixRow]]]:
        grouped: dict[str, list[MatrixRow]] = defaultdict(list)
        for row in self.rows:
            grouped[row.competence.category].append(row)
        return [(category, grouped[category.value]) for category in Category if grouped[category]]

    @cached_property
    def _rows_by_id(self) -> dict[str, MatrixRow]:
        return {str(row.competence.pk): row for row in self.rows}

    @cached_property
    def _people_by_id(self) -> dict[int, User]:
        return {person.pk: person for person in self.people}

    def row_for(self, competence_id: int | str) -> MatrixRow | None:
        """The row of a competence; conversation points and needs name it by its id."""
        return self._rows_by_id.get(str(competence_id))

    def person(self, person_id: int) -> User | None:
        return self._people_by_id.get(person_id)


def submitted_ratings(*, round: Round) -> "QuerySet[Rating, tuple[str, int | None, int, int]]":
    """Every submitted rating of the round, as the matrix reads them: the bare SQL it needs."""
    return Rating.objects.filter(
        assessment__round=round, assessment__submitted_at__isnull=False
    ).values_list("assessment__kind", "assessment__person_id", "competence_id", "level")


def round_matrix(*, round: Round) -> Matrix:
    competences = profile_competences(profile=round.profile)
    people = round_people(round=round)
    column = {person.pk: index for index, person in enumerate(people)}
    width = len(people)
    own: dict[int, list[int | None]] = {c.pk: [None] * width for c in competences}
    leader: dict[int, list[int | None]] = {c.pk: [None] * width for c in competences}
    team: dict[int, int] = {}
    for kind, person_id, competence_id, level in submitted_ratings(round=round):
        if kind == Kind.TEAM:
            team[competence_id] = level
            continue
        index = column.get(person_id) if person_id is not None else None
        if index is None or competence_id not in own:
            continue  # a person taken off the round, or a competence since removed
        (own if kind == Kind.SELF else leader)[competence_id][index] = level
    priorities = {p.competence_id: p for p in NeedPriority.objects.filter(round=round)}
    rule = vulnerability_rule(round.profile)
    team_only = not (round.self_assessment or round.leader_assessment)
    rows = []
    assessed: set[int] = set()
    for competence in competences:
        selfs, leaders = own[competence.pk], leader[competence.pk]
        if team_only:
            team_level = team.get(competence.pk)
            levels: list[int | None] = [team_level] * width
        else:
            levels = [lv if lv is not None else sv for sv, lv in zip(selfs, leaders, strict=True)]
        assessed.update(i for i, level in enumerate(levels) if level is not None)
        figures = analysis.competence_figures(
            expected=competence.expected_level, ratings=levels, rule=rule
        )
        rows.append(
            MatrixRow(
                competence=competence,
                levels=levels,
                self_levels=selfs,
                leader_levels=leaders,
                team_level=team.get(competence.pk),
                figures=figures,
                priority=priorities.get(competence.pk),
            )
        )
    ids = [person.pk for person in people]
    points = analysis.conversation_points(
        self_ratings=_by_person_and_competence(own, ids),
        leader_ratings=_by_person_and_competence(leader, ids),
    )
    needs = analysis.ranked_needs({str(row.competence.pk): row.figures for row in rows})
    return Matrix(
        round=round,
        people=people,
        rows=rows,
        rule=rule,
        assessed=len(assessed),
        conversation_points=points,
        needs=needs,
    )


def _by_person_and_competence(
    levels: dict[int, list[int | None]], ids: list[int]
) -> dict[tuple[int, str], int]:
    """{(person id, competence id): level} of the given levels, as analysis takes them."""
    result = {}
    for competence_id, values in levels.items():
        key = str(competence_id)
        for person_id, value in zip(ids, values, strict=True):
            if value is not None:
                result[person_id, key] = value
    return result


@dataclass(frozen=True)
class PersonRating:
    competence: Competence
    self_rating: Rating | None
    leader_rating: Rating | None

    @property
    def difference(self) -> int | None:
        if self.self_rating is None or self.leader_rating is None:
            return None
        return self.self_rating.level - self.leader_rating.level

    @property
    def conversation_point(self) -> bool:
        return self.difference is not None and abs(self.difference) >= 2


def person_ratings(*, round: Round, person: User, submitted_only: bool) -> list[PersonRating]:
    """One person's self and leader ratings side by side, in the profile's order.

    The person sees their leader's rating once it is submitted (`submitted_only=True`); a
    leader also sees drafts.
    """
    assessments = Assessment.objects.filter(
        round=round, person=person, kind__in=[Kind.SELF, Kind.LEADER]
    )
    if submitted_only:
        assessments = assessments.filter(submitted_at__isnull=False)
    ratings: dict[tuple[str, int], Rating] = {}
    for assessment in assessments.prefetch_related(
        Prefetch("ratings", queryset=Rating.objects.all())
    ):
        for rating in assessment.ratings.all():
            ratings[(assessment.kind, rating.competence_id)] = rating
    return [
        PersonRating(
            competence=competence,
            self_rating=ratings.get((Kind.SELF, competence.pk)),
            leader_rating=ratings.get((Kind.LEADER, competence.pk)),
        )
        for competence in profile_competences(profile=round.profile)
    ]


def own_assessment(*, round: Round, person: User) -> Assessment | None:
    return Assessment.objects.filter(round=round, kind=Kind.SELF, person=person).first()


def pending_assessors(*, round: Round) -> list[tuple[User, list[str]]]:
    """Who still has an assessment to submit in the round, and which kinds."""
    submitted = set(
        Assessment.objects.filter(round=round, submitted_at__isnull=False).values_list(
            "kind", "person_id"
        )
    )
    pending: dict[int, tuple[User, list[str]]] = {}
    people = round_people(round=round)
    if round.self_assessment:
        for person in people:
            if (Kind.SELF.value, person.pk) not in submitted:
                pending.setdefault(person.pk, (person, []))[1].append(Kind.SELF.value)
    owner = round.opened_by
    if owner is not None and owner.is_active:
        if round.leader_assessment and any(
            (Kind.LEADER.value, person.pk) not in submitted for person in people
        ):
            pending.setdefault(owner.pk, (owner, []))[1].append(Kind.LEADER.value)
        if round.team_assessment and (Kind.TEAM.value, None) not in submitted:
            pending.setdefault(owner.pk, (owner, []))[1].append(Kind.TEAM.value)
    return list(pending.values())


def rounds_with_progress(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """Rounds annotated with how many people they assess and how many assessments are in."""
    return rounds.annotate(
        people_count=Count("people", distinct=True),
        submitted_count=Count(
            "assessments", filter=Q(assessments__submitted_at__isnull=False), distinct=True
        ),
    )


def my_open_assessments(*, user: User) -> list[tuple[Round, str]]:
    """Open rounds where the user still has their own (self or team) assessment to submit."""
    submitted = Assessment.objects.filter(round=OuterRef("pk"), submitted_at__isnull=False)
    rounds = (
        Round.objects.filter(people=user, closed_at__isnull=True)
        .annotate(
            self_done=Exists(submitted.filter(kind=Kind.SELF, person=user)),
            team_done=Exists(submitted.filter(kind=Kind.TEAM)),
        )
        .order_by("deadline", "pk")
    )
    todo: list[tuple[Round, str]] = []
    for round in rounds:
        if round.self_assessment and not round.self_done:
            todo.append((round, Kind.SELF.value))
        if round.team_assessment and not round.team_done:
            todo.append((round, Kind.TEAM.value))
    return todo


def profile_rounds(*, profile: Profile) -> list[Round]:
    return list(profile.rounds.select_related("organisation").order_by("opened_at", "pk"))


def development(*, before: Round, after: Round) -> list[tuple[Competence, Any, Any]]:
    """Team figures of the same profile in two rounds, per competence: before and after."""
    first, second = round_matrix(round=before), round_matrix(round=after)
    later = {row.competence.pk: row.figures for row in second.rows}
    return [(row.competence, row.figures, later.get(row.competence.pk)) for row in first.rows]
