"""The plain copy of a profile that every file format reads into and writes from, and what
the formats share: categories in three languages, problems with their line, and the checks
of every value read."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from trinvis.competences.models import Category, Competence, Profile

LANGUAGES = ("en", "da", "nb")
MARKER = "\n\n[trinvis] "
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "'")
NAME_LENGTH, ID_LENGTH = 200, 100
DEFAULT_HIGH, DEFAULT_MEDIUM = 2, 3


@dataclass
class CompetenceData:
    category: str
    id_number: str
    name: str
    description: str = ""
    expected_level: int = 3
    goal: str = ""
    # The competence being changed when the profile is edited; None for a new one.
    pk: int | None = None


@dataclass
class ProfileData:
    name: str
    id_number: str = ""
    applies_to: str = ""
    description: str = ""
    strategy_goal: str = ""
    vulnerability_high_below: int = DEFAULT_HIGH
    vulnerability_medium_below: int = DEFAULT_MEDIUM
    competences: list[CompetenceData] = field(default_factory=list)


@dataclass(frozen=True)
class RowProblem:
    """One reason a file is refused: its line (CSV) or row (Excel sheet), and what is wrong."""

    line: int | None
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet} " if self.sheet else ""
        return f"{where}{self.line}: {self.message}" if self.line else self.message


class InterchangeError(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def profile_data(profile: Profile, competences: Iterable[Competence]) -> ProfileData:
    """A saved profile as data; pass the competences in order (selectors.profile_competences)."""
    return ProfileData(
        name=profile.name,
        id_number=profile.id_number,
        applies_to=profile.applies_to,
        description=profile.description,
        strategy_goal=profile.strategy_goal,
        vulnerability_high_below=profile.vulnerability_high_below,
        vulnerability_medium_below=profile.vulnerability_medium_below,
        competences=[
            CompetenceData(
                category=c.category,
                id_number=c.id_number,
                name=c.name,
                description=c.description,
                expected_level=c.expected_level,
                goal=c.goal,
                pk=c.pk,
            )
            for c in competences
        ],
    )


# --- words in three languages ------------------------------------------------------------


def in_every_language(text: str | Promise) -> set[str]:
    words = {str(text).casefold()}
    for language in LANGUAGES:
        with translation.override(language):
            words.add(str(text).casefold())
    return words


def category_of(text: str) -> str | None:
    """The category key for a key or a category name in English, Danish or Norwegian."""
    wanted = text.strip().casefold()
    for category in Category:
        if wanted == category.value or wanted in in_every_language(category.label):
            return category.value
    return None


def category_label(key: str) -> str:
    return str(Category(key).label)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_level(value: Any) -> int:
    """A whole number, or 0 (off the scale) for anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else 0
    text = str(value).strip()
    return int(text) if text.isdigit() else 0


def check_thresholds(
    high: Any, medium: Any, *, line: int, problems: list[RowProblem], sheet: str = ""
) -> tuple[int, int]:
    high_value, medium_value = as_level(high), as_level(medium)
    if high_value < 1 or medium_value < 1 or high_value > medium_value:
        problems.append(
            RowProblem(
                line,
                _(
                    "The vulnerability thresholds must be whole numbers with 1 ≤ high ≤ medium "
                    "(got %(high)s and %(medium)s)."
                )
                % {"high": high, "medium": medium},
                sheet,
            )
        )
        return DEFAULT_HIGH, DEFAULT_MEDIUM
    return high_value, medium_value


def check_profile_fields(
    data: ProfileData, *, line: int, problems: list[RowProblem], sheet: str = ""
) -> None:
    if not data.name:
        problems.append(RowProblem(line, _("The profile needs a name."), sheet))
    elif len(data.name) > NAME_LENGTH:
        problems.append(
            RowProblem(line, _("The profile’s name is longer than 200 characters."), sheet)
        )
    if len(data.id_number) > ID_LENGTH:
        problems.append(
            RowProblem(line, _("The profile’s ID number is longer than 100 characters."), sheet)
        )
    if len(data.applies_to) > NAME_LENGTH:
        problems.append(RowProblem(line, _("“For whom” is longer than 200 characters."), sheet))


def check_competence(
    competence: CompetenceData, *, line: int, problems: list[RowProblem], sheet: str = ""
) -> None:
    add: Callable[[str], None] = lambda message: problems.append(  # noqa: E731
        RowProblem(line, message, sheet)
    )
    if not competence.name:
        add(_("The competence needs a name."))
    elif len(competence.name) > NAME_LENGTH:
        add(_("The competence’s name is longer than 200 characters."))
    if len(competence.id_number) > ID_LENGTH:
        add(_("The ID number is longer than 100 characters."))
    if competence.expected_level not in range(1, 6):
        add(_("The expected level must be a whole number from 1 to 5."))
