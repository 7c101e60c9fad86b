"""The tables of a survey's results: one per question, a row per segment and a total row,
each row's figures summarised (analysis.py) or hidden with the reason disclosure.py gives.
results.py builds them for a whole survey; the page, the downloads, the API, the report
and the compare page read them.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trinvis.surveys import analysis, disclosure, selectors
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.models import Question
from trinvis.surveys.selectors import Segment

SCALE_KINDS = ("likert", "scale_0_10")
CHOICE_KINDS = ("single_choice", "multiple_choice")
TOTAL_KEY = "total"


def text_in(labels: Mapping[str, str], *, fallback: str = "", default_language: str = "") -> str:
    """The label in the user's language, else the questionnaire's, else any."""
    language = (get_language() or "").split("-")[0]
    for code in (language, default_language):
        if labels.get(code):
            return labels[code]
    return next((text for text in labels.values() if text), fallback)


@dataclass(frozen=True)
class SegmentLine:
    """A segment as a row header."""

    value: Segment
    key: str
    label: str


# --- tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """An answer option as a column: its stored name and its label."""

    name: str
    label: str


@dataclass(frozen=True)
class Row:
    """One segment's figures for one question, or the total; None throughout when hidden.

    `counts` and `percentages` follow the table's `columns` then its `off_scale` columns; a
    scale point's percentage is of `n`, an off-scale option's of `answered`, a multiple
    choice option's of the respondents who answered (so they may add up past 100).
    """

    key: str
    label: str
    is_total: bool
    suppressed: Suppressed | None
    n: int | None = None
    answered: int | None = None
    counts: tuple[int | None, ...] = ()
    percentages: tuple[float | None, ...] = ()
    mean: float | None = None
    top_two_box: float | None = None

    @property
    def shown(self) -> bool:
        return self.suppressed is None

    @property
    def cells(self) -> list[tuple[int | None, float | None]]:
        return list(zip(self.counts, self.percentages, strict=True))


@dataclass(frozen=True)
class QuestionTable:
    """One question's figures, per segment and in total."""

    question: Question
    key: str
    kind: str
    label: str
    columns: tuple[Column, ...]
    off_scale: tuple[Column, ...]
    rows: tuple[Row, ...]  # the segments, then the total

    @property
    def total(self) -> Row:
        return self.rows[-1]

    @property
    def segments(self) -> tuple[Row, ...]:
        return self.rows[:-1]

    @property
    def is_scale(self) -> bool:
        return self.kind in SCALE_KINDS

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_multiple(self) -> bool:
        return self.kind == "multiple_choice"

    @property
    def is_number(self) -> bool:
        return self.kind in selectors.NUMBER_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in selectors.TEXT_KINDS

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.off_scale

    @property
    def has_mean(self) -> bool:
        return self.is_scale or self.is_number

    @property
    def width(self) -> int:
        """Columns after the row header: n, the options, the mean and the top-2-box."""
        return 1 + len(self.all_columns) + self.has_mean + self.is_scale

    @property
    def has_complementary(self) -> bool:
        return any(row.suppressed is Suppressed.COMPLEMENTARY for row in self.rows)

    def shown_segment(self, key: str) -> bool:
        return any(row.key == key and row.shown for row in self.segments)


def _total_label(filtered: bool) -> str:
    return _("All selected respondents") if filtered else _("All respondents")


def _hidden(line: SegmentLine | None, reason: Suppressed, *, filtered: bool = False) -> Row:
    if line is None:
        return Row(TOTAL_KEY, _total_label(filtered), True, reason)
    return Row(line.key, line.label, False, reason)


def _scale_for(question: Question) -> analysis.Scale:
    if question.kind == "scale_0_10":
        return analysis.Scale.zero_to_ten()
    points = sorted(
        (c for c in question.choices if c.get("scale_value") is not None),
        key=lambda c: c["scale_value"],
    )
    return analysis.Scale(
        points=tuple(c["name"] for c in points),
        first_value=points[0]["scale_value"] if points else 1,
        off_scale=tuple(c["name"] for c in question.choices if c.get("scale_value") is None),
    )


def _header(line: SegmentLine | None, filtered: bool) -> tuple[str, str, bool]:
    if line is None:
        return TOTAL_KEY, _total_label(filtered), True
    return line.key, line.label, False


def _scale_row(
    line: SegmentLine | None, summary: analysis.ScaleSummary, filtered: bool = False
) -> Row:
    shares = summary.points + summary.off_scale
    return Row(
        *_header(line, filtered),
        None,
        n=summary.n,
        answered=summary.answered,
        counts=tuple(share.count for share in shares),
        percentages=tuple(share.percentage for share in shares),
        mean=summary.mean,
        top_two_box=summary.top_two_box.percentage,
    )


def _choice_row(
    line: SegmentLine | None, summary: analysis.ChoiceSummary, filtered: bool = False
) -> Row:
    return Row(
        *_header(line, filtered),
        None,
        n=summary.n,
        answered=summary.n,
        counts=tuple(share.count for share in summary.options),
        percentages=tuple(share.percentage for share in summary.options),
    )


@dataclass(frozen=True)
class _PlainSummary:
    """A number question's answers (n and their sum) or a text question's (n)."""

    n: int
    total: float
    numeric: bool


def _plain_row(line: SegmentLine | None, summary: _PlainSummary, filtered: bool = False) -> Row:
    return Row(
        *_header(line, filtered),
        None,
        n=summary.n,
        answered=summary.n,
        mean=summary.total / summary.n if summary.numeric and summary.n else None,
    )


@dataclass
class QuestionData:
    """One question's aggregates per segment (None: not broken down)."""

    options: dict[Segment, dict[str, int]] = field(default_factory=dict)
    respondents: dict[Segment, int] = field(default_factory=dict)
    numbers: dict[Segment, selectors.NumberFigures] = field(default_factory=dict)


def per_question(data: selectors.Aggregates) -> dict[int, QuestionData]:
    """The aggregates regrouped by question, so each table reads only its own."""
    found: dict[int, QuestionData] = {}
    for (question_id, segment), counts in data.options.items():
        found.setdefault(question_id, QuestionData()).options[segment] = counts
    for (question_id, segment), n in data.respondents.items():
        found.setdefault(question_id, QuestionData()).respondents[segment] = n
    for (question_id, segment), figures in data.numbers.items():
        found.setdefault(question_id, QuestionData()).numbers[segment] = figures
    return found


def _added(counts: Iterable[Mapping[str, int]], wanted: Iterable[str]) -> dict[str, int]:
    names = set(wanted)
    total: dict[str, int] = {}
    for one in counts:
        for option, count in one.items():
            if option in names:
                total[option] = total.get(option, 0) + count
    return total


@dataclass(frozen=True)
class View:
    """What one page, file or API answer shows: a filter and a breakdown with its segments.
    Each row is a cell of disclosure.py, named by `fixings`: the filter, plus the segment."""

    where: Mapping[str, Segment]
    by: str | None
    lines: Mapping[Segment, SegmentLine]

    def fixings(self, segment: Segment) -> dict[str, Segment]:
        return {**self.where, self.by: segment} if self.by else dict(self.where)


RowOf = Callable[[SegmentLine | None], Row]  # a segment's row, or (None) the total's


def _picked(data: QuestionData, line: SegmentLine | None) -> list[dict[str, int]]:
    return list(data.options.values()) if line is None else [data.options.get(line.value, {})]


def _respondents(data: QuestionData, line: SegmentLine | None) -> int:
    return sum(data.respondents.values()) if line is None else data.respondents.get(line.value, 0)


def _scale_rows(
    question: Question, data: QuestionData, choices: tuple[Column, ...], filtered: bool
) -> tuple[tuple[Column, ...], tuple[Column, ...], RowOf]:
    scale = _scale_for(question)
    known = (*scale.points, *scale.off_scale)
    by_name = {column.name: column for column in choices}

    def row_of(line: SegmentLine | None) -> Row:
        counts = _added(_picked(data, line), known)
        return _scale_row(line, analysis.scale_summary(scale=scale, counts=counts), filtered)

    return (
        tuple(by_name.get(p, Column(p, p)) for p in scale.points),
        tuple(by_name.get(o, Column(o, o)) for o in scale.off_scale),
        row_of,
    )


def _choice_rows(data: QuestionData, choices: tuple[Column, ...], filtered: bool) -> RowOf:
    names = [column.name for column in choices]

    def row_of(line: SegmentLine | None) -> Row:
        summary = analysis.choice_summary(
            options=names,
            counts=_added(_picked(data, line), names),
            respondents=_respondents(data, line),
        )
        return _choice_row(line, summary, filtered)

    return row_of


def _plain_rows(question: Question, data: QuestionData, filtered: bool) -> RowOf:
    """Numbers (n and mean) and texts (n only)."""
    numeric = question.kind in selectors.NUMBER_KINDS

    def row_of(line: SegmentLine | None) -> Row:
        if not numeric:
            return _plain_row(line, _PlainSummary(_respondents(data, line), 0.0, False), filtered)
        found = list(data.numbers.values()) if line is None else [data.numbers.get(line.value)]
        figures = [f for f in found if f is not None]
        summary = _PlainSummary(
            sum(f.count for f in figures), float(sum(f.total for f in figures)), True
        )
        return _plain_row(line, summary, filtered)

    return row_of


def question_table(
    question: Question,
    data: QuestionData,
    view: View,
    guard: disclosure.CellProtection,
    default_language: str,
) -> QuestionTable:
    choices = tuple(
        Column(c["name"], text_in(c.get("labels", {}), fallback=c["name"]))
        for c in question.choices
    )
    filtered = bool(view.where)
    columns: tuple[Column, ...] = ()
    off_scale: tuple[Column, ...] = ()
    if question.kind in SCALE_KINDS:
        columns, off_scale, row_of = _scale_rows(question, data, choices, filtered)
    elif question.kind in CHOICE_KINDS:
        columns, row_of = choices, _choice_rows(data, choices, filtered)
    else:
        row_of = _plain_rows(question, data, filtered)
    rows: list[Row] = []
    for segment, line in view.lines.items():
        reason = guard.reason(view.fixings(segment))
        rows.append(_hidden(line, reason) if reason else row_of(line))
    reason = guard.reason(view.where)
    rows.append(_hidden(None, reason, filtered=filtered) if reason else row_of(None))
    return QuestionTable(
        question=question,
        key=question.key,
        kind=question.kind,
        label=text_in(question.labels, fallback=question.key, default_language=default_language),
        columns=columns,
        off_scale=off_scale,
        rows=tuple(rows),
    )
