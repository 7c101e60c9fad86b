"""A survey's results: the database's aggregates (selectors.py) turned into protected
summaries (analysis.py), in one shape that the page, the CSV, Excel and PDF downloads and the
JSON API all read, so they show the same figures and hide the same segments.

A table per question: one row per segment of the chosen breakdown and a total row, or the
total row alone. A suppressed row carries the reason and no figures at all (not even its n).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from trinvis.organisations.models import Membership, Organisation
from trinvis.surveys import analysis, selectors
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.models import Question, Response, Survey
from trinvis.surveys.selectors import Segment

# The breakdowns offered on the results page, the API and the downloads.
BREAKDOWNS: dict[str, Any] = {
    "size_class": gettext_lazy("Municipality size"),
    "role": gettext_lazy("Role"),
    "unit_type": gettext_lazy("Unit type"),
    "contact_person": gettext_lazy("Contact person"),
    "country": gettext_lazy("Country"),
    "municipality": gettext_lazy("Municipality"),
}
SCALE_KINDS = ("likert", "scale_0_10")
CHOICE_KINDS = ("single_choice", "multiple_choice")
YES = frozenset({"yes", "ja", "true"})
COUNTRIES: dict[str, Any] = {
    "DK": gettext_lazy("Denmark"),
    "NO": gettext_lazy("Norway"),
    "SE": gettext_lazy("Sweden"),
    "FI": gettext_lazy("Finland"),
    "IS": gettext_lazy("Iceland"),
}
TOTAL_KEY = "total"
UNKNOWN_KEY = "unknown"


def parse_breakdown(value: str | None) -> str | None:
    return value if value in BREAKDOWNS else None


def text_in(labels: Mapping[str, str], *, fallback: str = "", default_language: str = "") -> str:
    """The label in the user's language, else the questionnaire's, else any."""
    language = (get_language() or "").split("-")[0]
    for code in (language, default_language):
        if labels.get(code):
            return labels[code]
    return next((text for text in labels.values() if text), fallback)


# --- segments -------------------------------------------------------------------------------


def segment_key(value: Segment) -> str:
    """A segment's key in URLs, downloads and the API."""
    if value is None or value == "":
        return UNKNOWN_KEY
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _segment_label(by: str, value: Segment, names: Mapping[int, str]) -> str:
    if value is None:
        return _("Not known")
    if by == "size_class":
        return str(Response.SizeClass(value).label) if value in Response.SizeClass else value
    if by == "role":
        return str(Membership.Role(value).label) if value in Membership.Role else value
    if by == "unit_type":
        unit_types = Organisation.UnitType
        return str(unit_types(value).label) if value in unit_types else value
    if by == "contact_person":
        return _("Contact person") if value else _("Not contact person")
    if by == "country":
        return str(COUNTRIES.get(value, value))
    if by in selectors.ORGANISATION_FIELDS:
        return names.get(value, _("Organisation no. %(pk)s") % {"pk": value})
    return str(value)


def _order(by: str, values: list[Segment], names: Mapping[int, str]) -> list[Segment]:
    """Segments in a reading order: the attribute's own order, names alphabetically, unknown
    last."""
    fixed: dict[str, list[Any]] = {
        "size_class": list(Response.SizeClass.values),
        "role": list(Membership.Role.values),
        "unit_type": list(Organisation.UnitType.values),
        "contact_person": [True, False],
    }

    def rank(value: Segment) -> tuple[int, int, str]:
        if value is None:
            return (2, 0, "")
        order = fixed.get(by, [])
        if value in order:
            return (0, order.index(value), "")
        return (1, 0, _segment_label(by, value, names).casefold())

    return sorted(values, key=rank)


def _normal(value: Segment) -> Segment:
    return None if value == "" else value


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


def _hidden(line: SegmentLine | None, reason: Suppressed) -> Row:
    if line is None:
        return Row(TOTAL_KEY, _("All respondents"), True, reason)
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


def _scale_row(line: SegmentLine | None, summary: analysis.ScaleSummary) -> Row:
    shares = summary.points + summary.off_scale
    top = summary.top_two_box
    return Row(
        line.key if line else TOTAL_KEY,
        line.label if line else _("All respondents"),
        line is None,
        None,
        n=summary.n,
        answered=summary.answered,
        counts=tuple(share.count for share in shares),
        percentages=tuple(share.percentage for share in shares),
        mean=summary.mean,
        top_two_box=top.percentage,
    )


def _choice_row(line: SegmentLine | None, summary: analysis.ChoiceSummary) -> Row:
    return Row(
        line.key if line else TOTAL_KEY,
        line.label if line else _("All respondents"),
        line is None,
        None,
        n=summary.n,
        answered=summary.n,
        counts=tuple(share.count for share in summary.options),
        percentages=tuple(share.percentage for share in summary.options),
    )


@dataclass(frozen=True)
class _NumberSummary:
    n: int
    total: float

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None


def _rows(
    breakdown: analysis.Breakdown[Any, Any],
    lines: Mapping[Segment, SegmentLine],
    to_row: Any,
    grouped: bool,
) -> tuple[Row, ...]:
    rows: list[Row] = []
    if grouped:
        for figures in breakdown.segments:
            line = lines[figures.segment]
            if figures.summary is None:
                rows.append(_hidden(line, figures.suppressed or Suppressed.TOO_FEW))
            else:
                rows.append(to_row(line, figures.summary))
    if breakdown.total is None:
        rows.append(_hidden(None, breakdown.protection.total_suppressed or Suppressed.TOO_FEW))
    else:
        rows.append(to_row(None, breakdown.total))
    return tuple(rows)


def _question_table(
    question: Question,
    data: selectors.Aggregates,
    lines: Mapping[Segment, SegmentLine],
    minimum: int,
    default_language: str,
) -> QuestionTable:
    grouped = data.by is not None
    segments: list[Segment] = list(lines) if grouped else [None]

    def options_of(segment: Segment) -> dict[str, int]:
        return dict(data.options.get((question.pk, segment), {}))

    def respondents_of(segment: Segment) -> int:
        return data.respondents.get((question.pk, segment), 0)

    choice_columns = tuple(
        Column(c["name"], text_in(c.get("labels", {}), fallback=c["name"]))
        for c in question.choices
    )
    columns: tuple[Column, ...] = ()
    off_scale: tuple[Column, ...] = ()
    if question.kind in SCALE_KINDS:
        scale = _scale_for(question)
        known = set(scale.points) | set(scale.off_scale)
        counts = {
            segment: {o: c for o, c in options_of(segment).items() if o in known}
            for segment in segments
        }
        breakdown: analysis.Breakdown[Any, Any] = analysis.scale_breakdown(
            scale=scale, counts=counts, minimum=minimum
        )
        by_name = {column.name: column for column in choice_columns}
        columns = tuple(by_name.get(p, Column(p, p)) for p in scale.points)
        off_scale = tuple(by_name.get(o, Column(o, o)) for o in scale.off_scale)
        rows = _rows(breakdown, lines, _scale_row, grouped)
    elif question.kind in CHOICE_KINDS:
        names = [column.name for column in choice_columns]
        counts = {
            segment: {o: c for o, c in options_of(segment).items() if o in names}
            for segment in segments
        }
        breakdown = analysis.choice_breakdown(
            options=names,
            counts=counts,
            respondents={segment: respondents_of(segment) for segment in segments},
            minimum=minimum,
        )
        columns = choice_columns
        rows = _rows(breakdown, lines, _choice_row, grouped)
    else:
        rows = _plain_rows(question, data, lines, segments, minimum, grouped)
    return QuestionTable(
        question=question,
        key=question.key,
        kind=question.kind,
        label=text_in(question.labels, fallback=question.key, default_language=default_language),
        columns=columns,
        off_scale=off_scale,
        rows=rows,
    )


def _plain_rows(
    question: Question,
    data: selectors.Aggregates,
    lines: Mapping[Segment, SegmentLine],
    segments: Sequence[Segment],
    minimum: int,
    grouped: bool,
) -> tuple[Row, ...]:
    """Numbers (n and mean) and texts (n only), protected on the respondents per segment."""
    numeric = question.kind in selectors.NUMBER_KINDS
    summaries: dict[Segment, _NumberSummary] = {}
    for segment in segments:
        if numeric:
            figures = data.numbers.get((question.pk, segment))
            summaries[segment] = _NumberSummary(
                figures.count if figures else 0, float(figures.total) if figures else 0.0
            )
        else:
            summaries[segment] = _NumberSummary(data.respondents.get((question.pk, segment), 0), 0)
    total = _NumberSummary(
        sum(s.n for s in summaries.values()), sum(s.total for s in summaries.values())
    )

    def to_row(line: SegmentLine | None, summary: _NumberSummary) -> Row:
        return Row(
            line.key if line else TOTAL_KEY,
            line.label if line else _("All respondents"),
            line is None,
            None,
            n=summary.n,
            answered=summary.n,
            mean=summary.mean if numeric else None,
        )

    guard = analysis.protection({s: summaries[s].n for s in segments}, minimum=minimum)
    breakdown = analysis.Breakdown(
        protection=guard,
        segments=tuple(
            analysis.SegmentFigures(s, summaries[s], None)
            if guard.shows(s)
            else analysis.SegmentFigures(s, None, guard.suppressed[s])
            for s in segments
        ),
        total=None if guard.total_suppressed else total,
    )
    return _rows(breakdown, lines, to_row, grouped)


# --- the whole survey ------------------------------------------------------------------------


@dataclass(frozen=True)
class RespondentRow:
    line: SegmentLine
    count: int | None
    suppressed: Suppressed | None


@dataclass(frozen=True)
class Comparison:
    """Two multiple-choice questions over the same options, compared on their totals."""

    first: QuestionTable
    second: QuestionTable
    result: analysis.ChoiceComparison | None  # None when either total is suppressed
    labels: tuple[str, ...]  # the options' labels, in the first question's order


@dataclass(frozen=True)
class MeetingLine:
    """ "Respondents from X of Y municipalities answered yes to …"."""

    table: QuestionTable
    option: Column
    figures: analysis.GroupsMeeting
    minimum: int

    @property
    def suppressed(self) -> bool:
        """A handful of respondents who said yes would be too easy to place."""
        return 0 < self.figures.respondents_meeting < self.minimum


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    by: str | None
    minimum: int
    rate: analysis.ResponseRate
    respondents: tuple[RespondentRow, ...]  # by segment, when a breakdown is chosen
    questions: tuple[QuestionTable, ...]
    pairs: tuple[tuple[QuestionTable, QuestionTable], ...]
    comparison: Comparison | None
    municipalities: tuple[MeetingLine, ...]

    @property
    def breakdown_label(self) -> str:
        return str(BREAKDOWNS[self.by]) if self.by else ""

    @property
    def has_complementary(self) -> bool:
        return any(t.has_complementary for t in self.questions) or any(
            row.suppressed is Suppressed.COMPLEMENTARY for row in self.respondents
        )

    @property
    def has_suppressed(self) -> bool:
        return any(not row.shown for t in self.questions for row in t.rows) or any(
            row.suppressed for row in self.respondents
        )

    def table(self, key: str) -> QuestionTable | None:
        return next((t for t in self.questions if t.key == key), None)


def _lines(by: str, sizes: Mapping[Segment, int]) -> dict[Segment, SegmentLine]:
    names = (
        selectors.organisation_names(v for v in sizes if v is not None)
        if by in selectors.ORGANISATION_FIELDS
        else {}
    )
    return {
        value: SegmentLine(value, segment_key(value), _segment_label(by, value, names))
        for value in _order(by, list(sizes), names)
    }


def _normalised(data: selectors.Aggregates) -> selectors.Aggregates:
    """Blank attribute values ("") and missing ones (None) form one segment."""
    if data.by is None:
        return data

    def merge(mapping: Mapping[tuple[int, Segment], Any], add: Any) -> dict[Any, Any]:
        merged: dict[tuple[int, Segment], Any] = {}
        for (question_id, segment), value in mapping.items():
            key = (question_id, _normal(segment))
            merged[key] = add(merged[key], value) if key in merged else value
        return merged

    def add_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
        return {o: a.get(o, 0) + b.get(o, 0) for o in a.keys() | b.keys()}

    return selectors.Aggregates(
        by=data.by,
        options=merge(data.options, add_counts),
        respondents=merge(data.respondents, lambda a, b: a + b),
        numbers=merge(
            data.numbers, lambda a, b: selectors.NumberFigures(a.count + b.count, a.total + b.total)
        ),
    )


def comparable_pairs(tables: Sequence[QuestionTable]) -> list[tuple[QuestionTable, QuestionTable]]:
    """Pairs of multiple-choice questions over the same options, in questionnaire order."""
    multiple = [t for t in tables if t.is_multiple and t.columns]
    return [
        (first, second)
        for index, first in enumerate(multiple)
        for second in multiple[index + 1 :]
        if sorted(c.name for c in first.columns) == sorted(c.name for c in second.columns)
    ]


def _comparison(
    pair: tuple[QuestionTable, QuestionTable], totals: Mapping[str, QuestionTable]
) -> Comparison:
    first, second = (totals[t.key] for t in pair)
    labels = tuple(c.label for c in first.columns)
    if not (first.total.shown and second.total.shown):
        return Comparison(pair[0], pair[1], None, labels)

    def summary(table: QuestionTable, order: Sequence[str]) -> analysis.ChoiceSummary:
        counts = {
            c.name: count or 0 for c, count in zip(table.columns, table.total.counts, strict=True)
        }
        return analysis.choice_summary(options=order, counts=counts, respondents=table.total.n or 0)

    order = [c.name for c in first.columns]
    return Comparison(
        pair[0],
        pair[1],
        analysis.compare_choices(summary(first, order), summary(second, order)),
        labels,
    )


def survey_results(
    *, survey: Survey, by: str | None = None, pair: tuple[str, str] | None = None
) -> SurveyResults:
    """Every table of a survey, broken down by `by` (or not): a fixed number of queries."""
    by = parse_breakdown(by)
    minimum = max(survey.minimum_group, analysis.LOWEST_MINIMUM)
    questions = selectors.survey_questions(survey=survey)
    default_language = survey.questionnaire.default_language
    responses, invited = selectors.response_counts(survey=survey)
    rate = analysis.response_rate(responses=responses, invited=max(invited, 0))

    totals_data = selectors.aggregates(survey=survey)
    totals = tuple(
        _question_table(q, totals_data, {}, minimum, default_language) for q in questions
    )
    respondents: tuple[RespondentRow, ...] = ()
    tables = totals
    if by:
        sizes = selectors.respondents_by_segment(survey=survey, by=by)
        lines = _lines(by, sizes)
        guard = analysis.protection({v: sizes[v] for v in lines}, minimum=minimum)
        respondents = tuple(
            RespondentRow(line, None if not guard.shows(v) else sizes[v], guard.suppressed.get(v))
            for v, line in lines.items()
        )
        data = _normalised(selectors.aggregates(survey=survey, by=by))
        tables = tuple(
            _question_table(q, data, lines, minimum, default_language) for q in questions
        )
    by_key = {t.key: t for t in totals}
    pairs = comparable_pairs(tables)
    chosen = next(
        (p for p in pairs if pair and (p[0].key, p[1].key) == pair), pairs[0] if pairs else None
    )
    return SurveyResults(
        survey=survey,
        by=by,
        minimum=minimum,
        rate=rate,
        respondents=respondents,
        questions=tables,
        pairs=tuple(pairs),
        comparison=_comparison(chosen, by_key) if chosen else None,
        municipalities=tuple(_meeting_lines(survey, totals, minimum)),
    )


def _meeting_lines(
    survey: Survey, totals: Sequence[QuestionTable], minimum: int
) -> list[MeetingLine]:
    """For yes/no questions whose total may be shown: how many municipalities said yes."""
    wanted = [
        (table, column)
        for table in totals
        if table.kind == "single_choice" and table.total.shown
        for column in table.columns[:1]
        if column.name.casefold() in YES
    ]
    if not wanted:
        return []
    found = selectors.municipalities_meeting(
        survey=survey, conditions=[(t.question.pk, c.name) for t, c in wanted]
    )
    lines = []
    for table, column in wanted:
        groups, people = found.meeting.get((table.question.pk, column.name), (0, 0))
        lines.append(
            MeetingLine(
                table,
                column,
                analysis.GroupsMeeting(
                    meeting=groups,
                    groups=found.municipalities,
                    respondents_meeting=people,
                    respondents=found.respondents,
                ),
                minimum,
            )
        )
    return lines
