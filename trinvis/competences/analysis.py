"""Competence matrix calculations: pure functions, no Django, so they are fast to test.

The matrix has competences as rows and people as columns, each cell a rating on the
five-point scale (1 novice … 5 expert) or None when not rated. For each competence we
compute how many people meet the expected level, the team's median, the gap to the expected
level and how vulnerable the team is; across competences we rank the needs. Every figure
keeps the numbers it was computed from, so a page can show the reasoning.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from statistics import median
from typing import Generic, TypeVar

SCALE = range(1, 6)
SMALLEST_GROUP = 5  # aggregates over fewer people are never shown outside the unit

PersonId = TypeVar("PersonId")


class Vulnerability(IntEnum):
    """How exposed a team is on one competence; the value is the weight in the needs rank."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3


@dataclass(frozen=True)
class VulnerabilityRule:
    """High when fewer than `high_below` people meet the expected level, medium when fewer
    than `medium_below`; low otherwise. The default: a team that depends on one person is
    highly vulnerable, one that depends on two is moderately so."""

    high_below: int = 2
    medium_below: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.high_below <= self.medium_below:
            raise ValueError("need 1 <= high_below <= medium_below")

    def level(self, meeting: int) -> Vulnerability:
        if meeting < self.high_below:
            return Vulnerability.HIGH
        if meeting < self.medium_below:
            return Vulnerability.MEDIUM
        return Vulnerability.LOW


@dataclass(frozen=True)
class CompetenceFigures:
    """The computed columns of one matrix row."""

    expected: int
    rated: int
    meeting: int
    below: int
    team_median: float | None
    gap: float
    vulnerability: Vulnerability


def _check_rating(value: int, what: str) -> None:
    if value not in SCALE:
        raise ValueError(f"{what} must be 1–5, not {value!r}")


def competence_figures(
    *, expected: int, ratings: Iterable[int | None], rule: VulnerabilityRule = VulnerabilityRule()
) -> CompetenceFigures:
    """Figures of one competence from the team's ratings (None = not rated, left out)."""
    _check_rating(expected, "expected level")
    given = [rating for rating in ratings if rating is not None]
    for rating in given:
        _check_rating(rating, "a rating")
    meeting = sum(1 for rating in given if rating >= expected)
    team_median = float(median(given)) if given else None
    return CompetenceFigures(
        expected=expected,
        rated=len(given),
        meeting=meeting,
        below=len(given) - meeting,
        team_median=team_median,
        gap=max(0.0, expected - team_median) if team_median is not None else 0.0,
        vulnerability=rule.level(meeting),
    )


@dataclass(frozen=True)
class ConversationPoint(Generic[PersonId]):
    """A competence where a person and their leader see the level differently."""

    person: PersonId
    competence: str
    self_rating: int
    leader_rating: int

    @property
    def difference(self) -> int:
        return self.self_rating - self.leader_rating


def conversation_points(
    *,
    self_ratings: Mapping[tuple[PersonId, str], int],
    leader_ratings: Mapping[tuple[PersonId, str], int],
    threshold: int = 2,
) -> list[ConversationPoint[PersonId]]:
    """Pairs (person, competence) rated by both where the two differ by `threshold` or more.

    These are for the person's appraisal talk with their leader, never for colleagues.
    """
    points = []
    for key, own in self_ratings.items():
        leader = leader_ratings.get(key)
        if leader is not None and abs(own - leader) >= threshold:
            points.append(ConversationPoint(key[0], key[1], own, leader))
    return sorted(points, key=lambda p: (-abs(p.difference), str(p.person), p.competence))


@dataclass(frozen=True)
class Need:
    """One competence in the ranked needs list, with the numbers behind its score."""

    competence: str
    gap: float
    below: int
    vulnerability: Vulnerability

    @property
    def score(self) -> float:
        """(expected − team median) × people below the expected level × vulnerability."""
        return self.gap * self.below * int(self.vulnerability)


def ranked_needs(figures: Mapping[str, CompetenceFigures]) -> list[Need]:
    """Competences with a gap, most pressing first; ties by name so the order is stable."""
    needs = [
        Need(name, f.gap, f.below, f.vulnerability)
        for name, f in figures.items()
        if f.gap > 0 and f.below > 0
    ]
    return sorted(needs, key=lambda need: (-need.score, need.competence))


def shareable_mean(values: Sequence[int], *, minimum: int = SMALLEST_GROUP) -> float | None:
    """The mean of a group's ratings, or None when the group is too small to show."""
    if len(values) < minimum:
        return None
    return sum(values) / len(values)
