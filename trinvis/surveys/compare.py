"""Comparisons of a survey's figures: leaders against employees on every scale item, and one
wave of a questionnaire against another.

Leaders and employees. The self-evaluation of Trin 0 may be filled separately by leaders
and by employees, then compared "to show where they see things differently". The two
groups are the respondents whose frozen role is `leader` and those whose role is
`employee` (Membership.Role). Other roles (development consultants, contact persons,
facilitators, administrators, and respondents without a known role) are in neither group:
folding them into "employees" would make a group the results page does not show, and its
difference with the results page's employees would give a small role away. Because the two
groups are the role segments of the results page's breakdown by role, they are hidden
exactly when the results page hides them (disclosure.py): a side below the minimum, or
hidden so that a smaller role cannot be worked out, shows its reason and no figures.

Waves. Surveys of the same questionnaire (before and after a course, year on year) that the
user may read are compared on their totals, each protected as on its own results page:
per scale item each wave's n, mean and top-2-box with the change, per choice question the
percentage per option in each wave. Surveys are compared oldest first, so a change reads
from "before" to "after". There is no breakdown "by wave" on the results page: a breakdown
splits one survey's respondents, while waves are separate surveys, each with its own
invitations, readers, minimum group and retention; the wave comparison shows what such a
breakdown would (each wave's totals side by side per question) under each wave's own rules.

The differences that matter most are marked in words, not colour alone: a gap of at least
LARGE_GAP of the scale's length between the two means (half a point on a 1–5 scale).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from trinvis.core.numbers import rounded_text
from trinvis.reports.charts import ChartFigure, GroupedBarChart, Series
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.exports import suppressed_note
from trinvis.surveys.models import Survey
from trinvis.surveys.results import QuestionTable, Row, SurveyResults, survey_results

LEADERS = "leader"
EMPLOYEES = "employee"
LARGE_GAP = 0.125  # of the scale's length: half a point on 1–5, 1.25 points on 0–10


@dataclass(frozen=True)
class Side:
    """One group's or one wave's figures on one item; None throughout when hidden."""

    n: int | None
    mean: float | None
    top_two_box: float | None
    suppressed: Suppressed | None
    minimum: int  # the survey's smallest group shown

    @property
    def shown(self) -> bool:
        return self.suppressed is None

    @property
    def note(self) -> str:
        """Why the side is hidden, in words; empty when shown."""
        return suppressed_note(self.suppressed, self.minimum)


def _side(row: Row | None, minimum: int) -> Side:
    if row is None:  # nobody of the group answered
        return Side(None, None, None, Suppressed.TOO_FEW, minimum)
    if not row.shown:
        return Side(None, None, None, row.suppressed, minimum)
    return Side(row.n, row.mean, row.top_two_box, None, minimum)


@dataclass(frozen=True)
class ScaleItem:
    """A scale question (or matrix item) compared between two sides: `second − first`."""

    key: str
    label: str
    length: int  # the scale's highest value minus its lowest
    first: Side
    second: Side

    @property
    def difference(self) -> float | None:
        """The difference between the means, in points of the scale."""
        if self.first.mean is None or self.second.mean is None:
            return None
        return self.second.mean - self.first.mean

    @property
    def top_two_difference(self) -> float | None:
        """The difference between the top-2-boxes, in percentage points."""
        if self.first.top_two_box is None or self.second.top_two_box is None:
            return None
        return self.second.top_two_box - self.first.top_two_box

    @property
    def gap(self) -> float | None:
        """The size of the difference as a share of the scale's length, so items on a 1–5
        and a 0–10 scale can be ranked together."""
        difference = self.difference
        return None if difference is None or not self.length else abs(difference) / self.length

    @property
    def large(self) -> bool:
        return self.gap is not None and self.gap >= LARGE_GAP


def biggest_first(items: Sequence[ScaleItem]) -> list[ScaleItem]:
    """The items by the size of their difference, largest first; those without one last,
    in questionnaire order."""
    return sorted(items, key=lambda item: (item.gap is None, -(item.gap or 0)))


def _scale_item(key: str, label: str, table: QuestionTable, first: Side, second: Side) -> ScaleItem:
    return ScaleItem(key, label, max(len(table.columns) - 1, 0), first, second)


# --- leaders and employees -------------------------------------------------------------------


@dataclass(frozen=True)
class GroupComparison:
    """Leaders (first) against employees (second) on every scale item of a survey."""

    results: SurveyResults  # broken down by role: the groups' counts and protection
    items: tuple[ScaleItem, ...]
    first_label: str
    second_label: str

    @property
    def minimum(self) -> int:
        return self.results.minimum

    def respondents(self, key: str) -> tuple[int | None, Suppressed | None]:
        row = next((r for r in self.results.respondents if r.line.key == key), None)
        return (None, Suppressed.TOO_FEW) if row is None else (row.count, row.suppressed)

    @property
    def first_respondents(self) -> tuple[int | None, Suppressed | None]:
        return self.respondents(LEADERS)

    @property
    def second_respondents(self) -> tuple[int | None, Suppressed | None]:
        return self.respondents(EMPLOYEES)


def compare_groups(*, survey: Survey) -> GroupComparison:
    """The results page's breakdown by role, read for its leaders and employees."""
    results = survey_results(survey=survey, by="role")
    items = []
    for table in results.questions:
        if table.is_scale and table.columns:
            rows = {row.key: row for row in table.segments}
            first = _side(rows.get(LEADERS), results.minimum)
            second = _side(rows.get(EMPLOYEES), results.minimum)
            items.append(_scale_item(table.key, table.label, table, first, second))
    return GroupComparison(results, tuple(items), _("Leaders"), _("Employees"))


# --- waves -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionShares:
    """One answer option of a choice question, its share in each wave (None: hidden)."""

    label: str
    first: float | None
    second: float | None

    @property
    def difference(self) -> float | None:
        if self.first is None or self.second is None:
            return None
        return self.second - self.first


@dataclass(frozen=True)
class ChoiceItem:
    """A choice question compared between two waves, on each wave's total."""

    key: str
    label: str
    multiple: bool
    first: Side
    second: Side
    options: tuple[OptionShares, ...]


@dataclass(frozen=True)
class WaveComparison:
    """Two surveys of one questionnaire, the older first."""

    first: SurveyResults
    second: SurveyResults
    scale_items: tuple[ScaleItem, ...]
    choice_items: tuple[ChoiceItem, ...]

    @property
    def first_label(self) -> str:
        return wave_label(self.first.survey)

    @property
    def second_label(self) -> str:
        return wave_label(self.second.survey)


def wave_label(survey: Survey) -> str:
    return f"{survey.title} ({survey.wave})" if survey.wave else survey.title


def _choice_item(
    first: QuestionTable, second: QuestionTable, minimums: tuple[int, int]
) -> ChoiceItem:
    names = {column.name: index for index, column in enumerate(second.columns)}

    def share(row: Row, index: int | None) -> float | None:
        return None if not row.shown or index is None else row.percentages[index]

    options = tuple(
        OptionShares(
            column.label, share(first.total, index), share(second.total, names.get(column.name))
        )
        for index, column in enumerate(first.columns)
    )
    return ChoiceItem(
        first.key,
        first.label,
        first.is_multiple,
        _side(first.total, minimums[0]),
        _side(second.total, minimums[1]),
        options,
    )


def compare_waves(*, survey: Survey, other: Survey) -> WaveComparison:
    """Each wave's totals, matched by question; the older survey first."""
    if survey.questionnaire_id != other.questionnaire_id:
        raise ValueError("waves must be surveys of the same questionnaire")
    older, newer = sorted((survey, other), key=lambda s: (s.opened_at, s.pk))
    first, second = survey_results(survey=older), survey_results(survey=newer)
    minimums = (first.minimum, second.minimum)
    scale_items, choice_items = [], []
    for table in first.questions:
        later = second.table(table.key)
        if later is None or later.kind != table.kind:
            continue
        if table.is_scale and table.columns:
            before, after = _side(table.total, minimums[0]), _side(later.total, minimums[1])
            scale_items.append(_scale_item(table.key, table.label, table, before, after))
        elif table.is_choice:
            choice_items.append(_choice_item(table, later, minimums))
    return WaveComparison(first, second, tuple(scale_items), tuple(choice_items))


# --- charts and downloads -------------------------------------------------------------------


def _number(value: float | None, digits: int) -> str:
    """Rounded half up, as the page's tables round."""
    return "–" if value is None else rounded_text(value, digits)


def _side_cells(side: Side) -> list[str]:
    if not side.shown:
        return [side.note, "–", "–"]
    return [str(side.n), _number(side.mean, 2), f"{_number(side.top_two_box, 0)} %"]


def scale_figure(
    items: Sequence[ScaleItem], *, first: str, second: str, id: str
) -> ChartFigure | None:
    """Grouped bars of the top-2-box per item, one bar per side, with the figures as a
    table and the largest difference in the summary; None when no side is shown."""
    drawn = [item for item in items if item.first.shown or item.second.shown]
    if not drawn:
        return None
    chart = GroupedBarChart(
        categories=[item.label for item in drawn],
        series=[
            Series(first, [item.first.top_two_box for item in drawn]),
            Series(second, [item.second.top_two_box for item in drawn]),
        ],
        description=_("Top 2 box per item: %(first)s and %(second)s")
        % {"first": first, "second": second},
        category_title=_("Item"),
        series_title=_("Group"),
        value_title=_("Top 2 box (per cent)"),
    )
    largest = next((item for item in biggest_first(drawn) if item.gap is not None), None)
    summary = _(
        "Share answering on the two highest points of the scale, per item, "
        "for %(first)s and %(second)s."
    ) % {"first": first, "second": second}
    if largest is not None:
        summary += " " + _(
            "The largest difference between the means is in “%(item)s”: "
            "%(first)s %(a)s, %(second)s %(b)s."
        ) % {
            "item": largest.label,
            "first": first,
            "a": _number(largest.first.mean, 2),
            "second": second,
            "b": _number(largest.second.mean, 2),
        }
    return ChartFigure(
        id=id,
        chart=chart,
        caption=_("Top 2 box per item"),
        summary=summary,
        row_header=_("Item"),
        columns=[
            _("%(group)s: n") % {"group": first},
            _("%(group)s: mean") % {"group": first},
            _("%(group)s: top 2 box") % {"group": first},
            _("%(group)s: n") % {"group": second},
            _("%(group)s: mean") % {"group": second},
            _("%(group)s: top 2 box") % {"group": second},
            _("Difference in the mean"),
        ],
        rows=[
            (
                item.label,
                [
                    *_side_cells(item.first),
                    *_side_cells(item.second),
                    _number(item.difference, 2),
                ],
            )
            for item in drawn
        ],
    )


def _rounded(value: float | None, digits: int) -> float | str:
    return "" if value is None else round(value, digits)


def _side_values(side: Side) -> list[Any]:
    return ["" if side.n is None else side.n, _rounded(side.mean, 2), _rounded(side.top_two_box, 1)]


def scale_lines(
    items: Sequence[ScaleItem], *, first: str, second: str
) -> tuple[list[str], list[list[Any]]]:
    """The scale items as a table for a CSV: each side's n, mean and top-2-box, the
    differences, the mark and the reason a side is hidden."""
    headers = [_("Item"), _("Question")]
    for group in (first, second):
        headers += [
            _("%(group)s: n") % {"group": group},
            _("%(group)s: mean") % {"group": group},
            _("%(group)s: top 2 box (per cent)") % {"group": group},
        ]
    headers += [
        _("Difference in the mean"),
        _("Difference in the top 2 box (percentage points)"),
        _("Large difference"),
        _("Note"),
    ]
    rows = []
    for item in items:
        notes = [
            f"{group}: {side.note}"
            for group, side in ((first, item.first), (second, item.second))
            if not side.shown
        ]
        rows.append(
            [
                item.key,
                item.label,
                *_side_values(item.first),
                *_side_values(item.second),
                _rounded(item.difference, 2),
                _rounded(item.top_two_difference, 1),
                _("yes") if item.large else "",
                "; ".join(notes),
            ]
        )
    return headers, rows


def choice_lines(
    items: Sequence[ChoiceItem], *, first: str, second: str
) -> tuple[list[str], list[list[Any]]]:
    """The choice questions of two waves as a table for a CSV: a row per option."""
    headers = [
        _("Question"),
        _("Answer"),
        _("%(group)s: per cent") % {"group": first},
        _("%(group)s: per cent") % {"group": second},
        _("Change (percentage points)"),
        _("Note"),
    ]
    rows = []
    for item in items:
        notes = "; ".join(
            f"{group}: {side.note}"
            for group, side in ((first, item.first), (second, item.second))
            if not side.shown
        )
        rows += [
            [
                item.label,
                option.label,
                _rounded(option.first, 1),
                _rounded(option.second, 1),
                _rounded(option.difference, 1),
                notes,
            ]
            for option in item.options
        ]
    return headers, rows
