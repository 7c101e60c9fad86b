"""The competence matrix as a table to show: sorting, cells with a symbol and a word, and the
explanations in words. Shared by the matrix page and its Excel and PDF exports.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.accounts.models import User
from trinvis.competences.analysis import Need, Vulnerability, VulnerabilityRule
from trinvis.competences.models import CATEGORY_ORDER, Category, Round
from trinvis.competences.selectors import Matrix, MatrixRow

SORTS = ("category", "name", "gap", "vulnerability", "median")
DEFAULT_SORT = "category"
# The columns a sort orders by, and in which direction (for aria-sort).
SORT_DIRECTION = {
    "name": "ascending",
    "gap": "descending",
    "vulnerability": "descending",
    "median": "ascending",
}
PEOPLE_PER_PAGE = 30

VULNERABILITY_LABELS: dict[Vulnerability, Promise] = {
    Vulnerability.HIGH: gettext_lazy("High"),
    Vulnerability.MEDIUM: gettext_lazy("Medium"),
    Vulnerability.LOW: gettext_lazy("Low"),
}
VULNERABILITY_CLASS = {
    Vulnerability.HIGH: "high",
    Vulnerability.MEDIUM: "medium",
    Vulnerability.LOW: "low",
}

MEETS, BELOW, NONE = "meets", "below", "none"
STATUS_SYMBOL = {MEETS: "▲", BELOW: "▼", NONE: "–"}
STATUS_WORD: dict[str, Promise] = {
    MEETS: gettext_lazy("meets"),
    BELOW: gettext_lazy("below"),
    NONE: gettext_lazy("not rated"),
}


def status_of(level: int | None, expected: int) -> str:
    if level is None:
        return NONE
    return MEETS if level >= expected else BELOW


@dataclass(frozen=True)
class Cell:
    """One person's level of one competence, with their own rating where it differs."""

    level: int | None
    status: str
    own: int | None = None

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOL[self.status]

    @property
    def word(self) -> str:
        return str(STATUS_WORD[self.status])


@dataclass(frozen=True)
class Column:
    """A person's column: M1…Mn over everyone in the round, whatever page is shown."""

    number: int
    person: User

    @property
    def code(self) -> str:
        return f"M{self.number}"


def cells_html(cells: Sequence[Cell]) -> SafeString:
    """The <td> of every cell of a row, built here rather than by a template include per cell:
    a page of 30 people × 60 competences has 1,800 of them."""
    words = {status: escape(STATUS_WORD[status]) for status in STATUS_SYMBOL}
    own = escape(_("own: %(level)s"))
    parts = []
    for cell in cells:
        status = (
            f'<span aria-hidden="true">{STATUS_SYMBOL[cell.status]}</span> {words[cell.status]}'
        )
        if cell.level is None:
            parts.append(
                f'<td class="trinvis-cell--none"><span class="trinvis-level">{status}</span></td>'
            )
            continue
        extra = ""
        if cell.own is not None:
            extra = f'<span class="trinvis-level__own">{own % {"level": cell.own}}</span>'
        parts.append(
            f'<td class="trinvis-cell--{cell.status}"><span class="trinvis-level">'
            f'<span class="trinvis-level__value">{cell.level}</span> '
            f'<span class="trinvis-level__status">{status}</span></span>{extra}</td>'
        )
    # Every piece is a number, a fixed symbol or escaped text.
    return mark_safe("".join(parts))  # noqa: S308


@dataclass(frozen=True)
class Line:
    row: MatrixRow
    cells: list[Cell]

    @property
    def cells_html(self) -> SafeString:
        return cells_html(self.cells)

    @property
    def vulnerability_label(self) -> str:
        return str(VULNERABILITY_LABELS[self.row.figures.vulnerability])

    @property
    def vulnerability_class(self) -> str:
        return VULNERABILITY_CLASS[self.row.figures.vulnerability]

    @property
    def category_label(self) -> str:
        return str(Category(self.row.competence.category).label)


@dataclass(frozen=True)
class Group:
    label: str | None  # None: one sorted list, not grouped by category
    lines: list[Line]


def normalise_sort(value: str | None) -> str:
    return value if value in SORTS else DEFAULT_SORT


def _name_key(row: MatrixRow) -> tuple[str, int]:
    return (row.competence.name.casefold(), row.competence.pk)


def sorted_rows(rows: Sequence[MatrixRow], sort: str) -> list[MatrixRow]:
    if sort == "name":
        return sorted(rows, key=_name_key)
    if sort == "gap":
        return sorted(rows, key=lambda r: (-r.figures.gap, *_name_key(r)))
    if sort == "vulnerability":
        return sorted(
            rows, key=lambda r: (-int(r.figures.vulnerability), -r.figures.gap, *_name_key(r))
        )
    if sort == "median":
        # Lowest median first; competences nobody rated last.
        return sorted(
            rows,
            key=lambda r: (
                r.figures.team_median is None,
                r.figures.team_median or 0.0,
                *_name_key(r),
            ),
        )
    return sorted(
        rows,
        key=lambda r: (
            CATEGORY_ORDER[r.competence.category],
            r.competence.position,
            r.competence.pk,
        ),
    )


def show_own_rating(round: Round) -> bool:
    """In a round with both own and leader ratings, the own rating is shown where it differs."""
    return round.self_assessment and round.leader_assessment


def cells(row: MatrixRow, columns: range, *, show_own: bool) -> list[Cell]:
    expected = row.competence.expected_level
    result = []
    for index in columns:
        level = row.levels[index]
        own = row.self_levels[index] if show_own else None
        result.append(
            Cell(
                level=level,
                status=status_of(level, expected),
                own=own if own is not None and own != level else None,
            )
        )
    return result


def groups(matrix: Matrix, *, sort: str, columns: range = range(0)) -> list[Group]:
    """The rows to show: by category (the default) or one list in the chosen order."""
    show_own = show_own_rating(matrix.round)
    ordered = sorted_rows(matrix.rows, sort)
    if sort != DEFAULT_SORT:
        return [Group(None, [Line(row, cells(row, columns, show_own=show_own)) for row in ordered])]
    result: list[Group] = []
    for row in ordered:
        label = str(Category(row.competence.category).label)
        if not result or result[-1].label != label:
            result.append(Group(label, []))
        result[-1].lines.append(Line(row, cells(row, columns, show_own=show_own)))
    return result


def person_columns(people: Sequence[User], columns: range) -> list[Column]:
    return [Column(index + 1, people[index]) for index in columns]


def rule_in_words(rule: VulnerabilityRule) -> str:
    return _(
        "Vulnerability is high when fewer than %(high)s people meet the expected level, "
        "medium when fewer than %(medium)s do, and low otherwise."
    ) % {"high": rule.high_below, "medium": rule.medium_below}


def levels_in_words(round: Round) -> str:
    """Which rating counts in this round's figures."""
    if not (round.self_assessment or round.leader_assessment):
        return _(
            "The team agreed on one level per competence together: that level counts for "
            "everyone in the round."
        )
    if round.self_assessment and round.leader_assessment:
        return _(
            "The level that counts is the leader's rating where it is given, otherwise the "
            "person's own rating. Where the person's own rating differs, it is shown beside it."
        )
    if round.leader_assessment:
        return _("The levels are the leader's ratings.")
    return _("The levels are the people's own ratings.")


def score_in_words(need: Need) -> str:
    """'1.5 × 4 × 3 = 18': the reasoning behind a need's place in the list."""
    return f"{_number(need.gap)} × {need.below} × {int(need.vulnerability)} = {_number(need.score)}"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


@dataclass(frozen=True)
class NeedLine:
    rank: int
    need: Need
    row: MatrixRow

    @property
    def vulnerability_label(self) -> str:
        return str(VULNERABILITY_LABELS[self.need.vulnerability])

    @property
    def vulnerability_class(self) -> str:
        return VULNERABILITY_CLASS[self.need.vulnerability]

    @property
    def score_in_words(self) -> str:
        return score_in_words(self.need)


def need_lines(matrix: Matrix) -> list[NeedLine]:
    lines = []
    for rank, need in enumerate(matrix.needs, start=1):
        row = matrix.row_for(need.competence)
        if row is not None:
            lines.append(NeedLine(rank, need, row))
    return lines


@dataclass(frozen=True)
class PointLine:
    """A conversation point with the person and competence it names."""

    person: User
    column: int
    row: MatrixRow
    self_rating: int
    leader_rating: int

    @property
    def difference(self) -> int:
        return self.self_rating - self.leader_rating


def conversation_lines(matrix: Matrix) -> list[PointLine]:
    column = {person.pk: index + 1 for index, person in enumerate(matrix.people)}
    lines = []
    for point in matrix.conversation_points:
        person = matrix.person(point.person)
        row = matrix.row_for(point.competence)
        if person is not None and row is not None:
            lines.append(
                PointLine(person, column[person.pk], row, point.self_rating, point.leader_rating)
            )
    return lines


@dataclass(frozen=True)
class PersonPoints:
    """One person's conversation points, for one line on the matrix page."""

    person: User
    column: int
    points: list[PointLine]


def points_by_person(lines: Sequence[PointLine]) -> list[PersonPoints]:
    """Conversation points grouped by person, in column order (M1, M2, …)."""
    grouped: dict[int, PersonPoints] = {}
    for line in lines:
        entry = grouped.setdefault(line.person.pk, PersonPoints(line.person, line.column, []))
        entry.points.append(line)
    return sorted(grouped.values(), key=lambda entry: entry.column)


def context_for(matrix: Matrix, *, full: bool, sort: str, columns: range) -> dict[str, Any]:
    """What the matrix page and the PDF show, for a viewer who sees people (`full`) or not."""
    shown = person_columns(matrix.people, columns) if full else []
    show_team_level = matrix.round.team_assessment and not matrix.team_only
    return {
        "matrix": matrix,
        "full": full,
        "visible": full or matrix.shareable,
        "sort": sort,
        "groups": groups(matrix, sort=sort, columns=columns if full else range(0)),
        "columns": shown,
        # Columns of a row: competence, expected, people, team level, the four figures.
        "width": 2 + len(shown) + int(show_team_level) + 4,
        "rule_text": rule_in_words(matrix.rule),
        "levels_text": levels_in_words(matrix.round),
        "show_own": show_own_rating(matrix.round),
        "show_team_level": show_team_level,
        "points": points_by_person(conversation_lines(matrix)) if full else [],
        "needs": need_lines(matrix),
    }
