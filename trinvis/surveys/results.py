"""A survey's results: the database's aggregates (selectors.py) turned into protected
summaries, in one shape that the page, the CSV, Excel and PDF downloads, the JSON API, the
report and the compare page all read, so they show the same figures and hide the same
segments.

A table per question: one row per segment of the chosen breakdown and a total row, or the
total row alone, of all respondents or of those matching a filter (`where`: attribute →
value, see segments.py). A suppressed row carries the reason and no figures at all (not even
its n). What is hidden is decided by disclosure.py over the cells of every attribute the
view uses, so neither a small group nor the respondents a filter leaves out can be worked
out by subtracting one view's figures from another's.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from trinvis.surveys import analysis, disclosure, selectors, tally
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.models import Survey
from trinvis.surveys.result_tables import CHOICE_KINDS as CHOICE_KINDS
from trinvis.surveys.result_tables import SCALE_KINDS as SCALE_KINDS
from trinvis.surveys.result_tables import TOTAL_KEY as TOTAL_KEY
from trinvis.surveys.result_tables import (
    Column,
    QuestionData,
    QuestionTable,
    SegmentLine,
    View,
    per_question,
    question_table,
)
from trinvis.surveys.result_tables import Row as Row
from trinvis.surveys.result_tables import text_in as text_in
from trinvis.surveys.segments import BREAKDOWNS as BREAKDOWNS
from trinvis.surveys.segments import COUNTRIES as COUNTRIES
from trinvis.surveys.segments import UNKNOWN_KEY as UNKNOWN_KEY
from trinvis.surveys.segments import (
    FilterLine,
    checked_where,
    describe,
    filter_lines,
    order_segments,
    parse_breakdown,
    rank,
    segment_key,
    segment_label,
    within_limit,
)
from trinvis.surveys.selectors import Segment

YES = frozenset({"yes", "ja", "true"})


def _normal(value: Segment) -> Segment:
    return None if value == "" else value


# --- the whole survey ------------------------------------------------------------------------


@dataclass(frozen=True)
class RespondentRow:
    line: SegmentLine
    count: int | None
    suppressed: Suppressed | None


@dataclass(frozen=True)
class Population:
    """The respondents a filter selects: their number, or why it is hidden."""

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
    rate: analysis.ResponseRate  # of the whole survey: invitations carry no attributes
    respondents: tuple[RespondentRow, ...]  # by segment, when a breakdown is chosen
    questions: tuple[QuestionTable, ...]
    pairs: tuple[tuple[QuestionTable, QuestionTable], ...]
    comparison: Comparison | None
    municipalities: tuple[MeetingLine, ...]
    where: Mapping[str, Segment] = field(default_factory=dict)
    filters: tuple[FilterLine, ...] = ()  # the filters in force, as words
    selected: Population | None = None  # the respondents the filters select (None: no filter)
    dropped: tuple[FilterLine, ...] = ()  # filters past segments.MAX_ATTRIBUTES, not applied
    # The respondents' municipalities, when known from the kept figures (tally.py).
    municipality_ids: tuple[int, ...] | None = None

    @property
    def breakdown_label(self) -> str:
        return str(BREAKDOWNS[self.by]) if self.by else ""

    @property
    def filter_description(self) -> str:
        """ "Only: Role: Leader · Municipality size: Small municipality"; empty unfiltered."""
        return describe(self.filters)

    @property
    def query_items(self) -> list[tuple[str, str]]:
        """The breakdown and filters as query parameters, for links and hidden fields."""
        items = [("by", self.by)] if self.by else []
        return items + [(line.field, line.key) for line in self.filters]

    @property
    def query(self) -> str:
        return urlencode(self.query_items)

    @property
    def has_complementary(self) -> bool:
        return (
            any(t.has_complementary for t in self.questions)
            or any(row.suppressed is Suppressed.COMPLEMENTARY for row in self.respondents)
            or (self.selected is not None and self.selected.suppressed is Suppressed.COMPLEMENTARY)
        )

    @property
    def has_suppressed(self) -> bool:
        return any(not row.shown for t in self.questions for row in t.rows) or any(
            row.suppressed for row in self.respondents
        )

    def table(self, key: str) -> QuestionTable | None:
        return next((t for t in self.questions if t.key == key), None)


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


def _comparison(pair: tuple[QuestionTable, QuestionTable]) -> Comparison:
    """The two questions compared on their total rows (of the filtered respondents)."""
    first, second = pair
    labels = tuple(c.label for c in first.columns)
    if not (first.total.shown and second.total.shown):
        return Comparison(first, second, None, labels)

    def summary(table: QuestionTable, order: Sequence[str]) -> analysis.ChoiceSummary:
        counts = {
            c.name: count or 0 for c, count in zip(table.columns, table.total.counts, strict=True)
        }
        return analysis.choice_summary(options=order, counts=counts, respondents=table.total.n or 0)

    order = [c.name for c in first.columns]
    return Comparison(
        first,
        second,
        analysis.compare_choices(summary(first, order), summary(second, order)),
        labels,
    )


class _Guards:
    """disclosure.py's protection of the cells over the view's attributes: per question (on
    who answered it) and for the respondents, each worked out once."""

    def __init__(self, survey: Survey, cells: selectors.Cells, minimum: int) -> None:
        self.fields = cells.fields
        self.minimum = minimum
        self.groups = (
            {"municipality": selectors.municipality_groups(survey=survey)}
            if "municipality" in cells.fields
            else {}
        )
        self._answered: dict[int, dict[tuple[Segment, ...], int]] = {}
        for (question_id, values), n in cells.answered.items():
            self._answered.setdefault(question_id, {})[values] = n
        self._found: dict[int, disclosure.CellProtection] = {}
        self.responses = self._protect(cells.responses)

    def _protect(self, atoms: Mapping[tuple[Segment, ...], int]) -> disclosure.CellProtection:
        return disclosure.protect_cells(
            atoms, fields=self.fields, minimum=self.minimum, rank=rank, groups=self.groups
        )

    def question(self, question_id: int) -> disclosure.CellProtection:
        if question_id not in self._found:
            self._found[question_id] = self._protect(self._answered.get(question_id, {}))
        return self._found[question_id]


def _segment_sizes(
    cells: selectors.Cells, where: Mapping[str, Segment], by: str
) -> dict[Segment, int]:
    """Responses per value of `by` among those matching `where`."""
    sizes: dict[Segment, int] = {}
    for values, n in cells.responses.items():
        atom = dict(zip(cells.fields, values, strict=True))
        if all(atom[name] == value for name, value in where.items()):
            sizes[atom[by]] = sizes.get(atom[by], 0) + n
    return sizes


def _names(
    by: str | None, segments: Iterable[Segment], *filters: Mapping[str, Segment]
) -> dict[int, str]:
    """The organisations' names a view shows, in one query (none when it shows none)."""
    ids = [s for s in segments if s is not None] if by in selectors.ORGANISATION_FIELDS else []
    for where in filters:
        ids += [v for f, v in where.items() if f in selectors.ORGANISATION_FIELDS and v is not None]
    return selectors.organisation_names(ids)


def survey_results(
    *,
    survey: Survey,
    by: str | None = None,
    pair: tuple[str, str] | None = None,
    where: Mapping[str, Segment] | None = None,
    use_tally: bool = False,
) -> SurveyResults:
    """Every table of a survey, broken down by `by` (or not), of the respondents matching
    `where` (or all; filters past segments.MAX_ATTRIBUTES are dropped and listed in
    `dropped`): a fixed number of queries, whatever the number of responses. `use_tally`:
    without a breakdown and a filter, read (and keep) the figures kept between views
    (tally.py) rather than counting every answer, as the results pages do."""
    by = parse_breakdown(by)
    where, dropped = within_limit(checked_where(where), by)
    minimum = max(survey.minimum_group, analysis.LOWEST_MINIMUM)
    questions = selectors.survey_questions(survey=survey)
    default_language = survey.questionnaire.default_language
    # The default view (no breakdown, no filter) reads the kept figures (tally.py), whose
    # number of responses they were counted from is the one shown.
    kept = (
        tally.survey_tally(survey=survey)
        if use_tally and by is None and not where and survey.purged_at is None
        else None
    )
    if kept is not None:
        responses, invited = kept.responses, survey.invitations.count()
    else:
        responses, invited = selectors.response_counts(survey=survey)
    # Imported answers can outnumber the invitations; then there is no rate to give, only
    # the number of responses (as for an open link).
    rate = analysis.response_rate(
        responses=responses, invited=invited if responses <= invited else 0
    )

    fields = [name for name in BREAKDOWNS if name in where or name == by]
    counted = (
        kept.aggregates
        if kept is not None
        else selectors.aggregates(survey=survey, by=by, where=where)
    )
    cells = selectors.respondent_cells(
        survey=survey,
        fields=fields,
        unfiltered=None if where else counted,
        total=kept.responses if kept is not None else None,
    )
    guards = _Guards(survey, cells, minimum)
    sizes = _segment_sizes(cells, where, by) if by else {}
    names = _names(by, sizes, where, dropped)
    lines = (
        {
            value: SegmentLine(value, segment_key(value), segment_label(by, value, names))
            for value in order_segments(by, sizes, names)
        }
        if by
        else {}
    )
    view = View(where=where, by=by, lines=lines)
    respondents = tuple(
        RespondentRow(line, None if reason else sizes[value], reason)
        for value, line in lines.items()
        for reason in [guards.responses.reason(view.fixings(value))]
    )
    data = per_question(_normalised(counted))
    tables = tuple(
        question_table(
            q, data.get(q.pk, QuestionData()), view, guards.question(q.pk), default_language
        )
        for q in questions
    )
    selected = None
    if where:
        reason = guards.responses.reason(where)
        selected = Population(None if reason else guards.responses.size(where), reason)
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
        comparison=_comparison(chosen) if chosen else None,
        municipalities=tuple(_meeting_lines(survey, tables, minimum, where)),
        where=where,
        filters=filter_lines(where, names),
        selected=selected,
        dropped=filter_lines(dropped, names),
        municipality_ids=tuple(kept.municipalities) if kept is not None else None,
    )


def _meeting_lines(
    survey: Survey,
    tables: Sequence[QuestionTable],
    minimum: int,
    where: Mapping[str, Segment],
) -> list[MeetingLine]:
    """For yes/no questions whose total may be shown: how many municipalities said yes."""
    wanted = [
        (table, column)
        for table in tables
        if table.kind == "single_choice" and table.total.shown
        for column in table.columns[:1]
        if column.name.casefold() in YES
    ]
    if not wanted:
        return []
    found = selectors.municipalities_meeting(
        survey=survey, conditions=[(t.question.pk, c.name) for t, c in wanted], where=where
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
