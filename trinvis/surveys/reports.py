"""A survey's report: which of its result tables it shows, in which order, each with or
without its chart and with a note, and a title and introduction above them.

Only the choice is stored (Report, ReportItem). The figures are computed from the answers
each time, by the same code as the results page (results.py), so a report is always
current and hides exactly the small groups the results page hides.

A table is named by its key: a question's key, `RESPONDENTS_KEY` for the respondents by
segment, or `COMPARISON_PREFIX` + "<first>|<second>" for two multiple-choice questions
compared. The fixed keys start with a colon, which an XLSForm name never contains, so a
question called "respondents" cannot be mistaken for the respondents' table.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trinvis.reports.charts import ChartFigure
from trinvis.surveys import selectors
from trinvis.surveys.charts import comparison_figure, question_figure
from trinvis.surveys.exports import RESPONDENTS_KEY
from trinvis.surveys.models import Question, Report, ReportItem, Survey
from trinvis.surveys.results import (
    BREAKDOWNS,
    Column,
    Comparison,
    QuestionTable,
    SurveyResults,
    comparable_pairs,
    survey_results,
    text_in,
)

COMPARISON_PREFIX = ":comparison:"
TITLE_MAX = 200
INTRODUCTION_MAX = 5000
NOTE_MAX = 2000
# More tables than any questionnaire has: a bound on what one form post may carry.
MAX_TABLES = 500


class ReportConflict(Exception):
    """Someone saved the report after the form was opened; nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__("report changed since it was opened")
        self.report = report


@dataclass(frozen=True)
class ItemInput:
    """One chosen table as the edit form sends it."""

    key: str
    position: int
    show_chart: bool = True
    note: str = ""


@dataclass(frozen=True)
class Available:
    """A table a report of the survey may show."""

    key: str
    label: str
    has_chart: bool
    is_question: bool = False


def comparison_key(first: str, second: str) -> str:
    return f"{COMPARISON_PREFIX}{first}|{second}"


def comparison_pair(key: str) -> tuple[str, str] | None:
    if not key.startswith(COMPARISON_PREFIX):
        return None
    first, bar, second = key.removeprefix(COMPARISON_PREFIX).partition("|")
    return (first, second) if bar and first and second else None


def _outlines(survey: Survey, questions: Sequence[Question]) -> list[QuestionTable]:
    """The questions as tables without rows: enough to name them and to find the pairs
    `results.comparable_pairs` would offer, without counting any answer."""
    language = survey.questionnaire.default_language
    return [
        QuestionTable(
            question=q,
            key=q.key,
            kind=q.kind,
            label=text_in(q.labels, fallback=q.key, default_language=language),
            columns=tuple(Column(c["name"], "") for c in q.choices),
            off_scale=(),
            rows=(),
        )
        for q in questions
    ]


def available_tables(*, survey: Survey) -> list[Available]:
    """Every table a report of the survey may show: the respondents, each question in the
    questionnaire's order, then each pair of comparable questions. One query."""
    outlines = _outlines(survey, selectors.survey_questions(survey=survey))
    tables = [Available(RESPONDENTS_KEY, _("Respondents per group"), has_chart=False)]
    tables += [
        Available(t.key, t.label, has_chart=t.is_scale or t.is_choice, is_question=True)
        for t in outlines
    ]
    tables += [
        Available(
            comparison_key(first.key, second.key),
            _("%(first)s compared with %(second)s")
            % {"first": first.label, "second": second.label},
            has_chart=True,
        )
        for first, second in comparable_pairs(outlines)
    ]
    return tables


def report_for(*, survey: Survey) -> Report:
    """The survey's saved report, or an unsaved default (version 0) that shows every
    question's table in order without a breakdown."""
    found = Report.objects.filter(survey=survey).first()
    return found if found is not None else Report(survey=survey, version=0)


def report_items(*, report: Report) -> list[ReportItem]:
    """The report's tables in order; for the unsaved default, every question's."""
    if report.pk is not None:
        return list(report.items.all())
    return [
        ReportItem(key=question.key, position=index, show_chart=True)
        for index, question in enumerate(selectors.survey_questions(survey=report.survey), 1)
    ]


def _text(value: str) -> str:
    """One kind of line break in stored text, whatever the browser sent."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _too_long(value: str, limit: int) -> str:
    return _("At most %(limit)s characters (now %(length)s).") % {
        "limit": limit,
        "length": len(value),
    }


def _check(
    survey: Survey,
    *,
    title: str,
    breakdown: str,
    introduction: str,
    items: Sequence[ItemInput],
) -> None:
    """Raise one ValidationError with everything that is wrong, by field."""
    errors: dict[str, list[str]] = {}
    if len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(_too_long(title, TITLE_MAX))
    if breakdown and breakdown not in BREAKDOWNS:
        errors.setdefault("breakdown", []).append(_("Choose one of the breakdowns offered."))
    if len(introduction) > INTRODUCTION_MAX:
        errors.setdefault("introduction", []).append(_too_long(introduction, INTRODUCTION_MAX))
    labels = {table.key: table.label for table in available_tables(survey=survey)}
    seen: set[str] = set()
    for item in items:
        if item.key not in labels:
            errors.setdefault("items", []).append(
                _("“%(key)s” is not a table of this survey.") % {"key": item.key}
            )
        elif item.key in seen:
            errors.setdefault("items", []).append(
                _("“%(table)s” is in the report twice.") % {"table": labels[item.key]}
            )
        elif len(_text(item.note)) > NOTE_MAX:
            errors.setdefault("items", []).append(
                _("The note on “%(table)s”: %(problem)s")
                % {"table": labels[item.key], "problem": _too_long(_text(item.note), NOTE_MAX)}
            )
        seen.add(item.key)
    if len(items) > MAX_TABLES:
        errors.setdefault("items", []).append(_("Too many tables."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_save(
    *,
    by: Any,
    survey: Survey,
    version: int,
    title: str,
    breakdown: str,
    introduction: str,
    items: Sequence[ItemInput],
) -> Report:
    """Save the report's fields and its whole list of tables (those left out are removed).

    `version` is the one the form was opened on (0 for the unsaved default); when someone
    saved since, `ReportConflict` is raised and nothing is written. The tables are stored
    in the order of their `position`, then of `items`, numbered from 1.
    """
    current = Report.objects.select_for_update().filter(survey=survey).first()
    if (current.version if current is not None else 0) != version:
        raise ReportConflict(current if current is not None else report_for(survey=survey))
    title, introduction = _text(title), _text(introduction)
    _check(survey, title=title, breakdown=breakdown, introduction=introduction, items=items)
    report = current if current is not None else Report(survey=survey)
    report.title = title
    report.breakdown = breakdown
    report.introduction = introduction
    report.version = version + 1
    report.updated_by = by
    # The one-to-one's uniqueness is left to the database: two first saves at once make
    # one of them a conflict below, not a form error.
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ReportConflict(Report.objects.get(survey=survey)) from None
    ordered = sorted(enumerate(items), key=lambda pair: (pair[1].position, pair[0]))
    rows = [
        ReportItem(
            report=report,
            key=item.key,
            position=position,
            show_chart=item.show_chart,
            note=_text(item.note),
        )
        for position, (_index, item) in enumerate(ordered, 1)
    ]
    for row in rows:
        row.full_clean(exclude=["report"], validate_unique=False, validate_constraints=False)
    ReportItem.objects.filter(report=report).delete()
    ReportItem.objects.bulk_create(rows)
    return report


# --- reading: the report with its figures ----------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One chosen table with its figures: a question's (`table`), two questions compared
    (`comparison`) or, with neither, the respondents by segment. `figure` is the chart, when
    chosen and when anything may be drawn; the page draws its spec, the PDF its SVG."""

    key: str
    title: str
    note: str
    show_chart: bool
    table: QuestionTable | None = None
    comparison: Comparison | None = None
    figure: ChartFigure | None = None

    @property
    def is_respondents(self) -> bool:
        return self.key == RESPONDENTS_KEY


@dataclass(frozen=True)
class ReportData:
    report: Report
    results: SurveyResults
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return self.report.title or self.report.survey.title


def _comparisons(
    survey: Survey, results: SurveyResults, pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], Comparison]:
    """The chosen comparisons. `survey_results` compares one pair per call: the first comes
    with the report's results, each further one costs a call without breakdown (a fixed
    number of queries per pair chosen, however many responses)."""
    offered = {(first.key, second.key) for first, second in results.pairs}
    found: dict[tuple[str, str], Comparison] = {}
    for pair in pairs:
        if pair not in offered:
            continue
        comparison = results.comparison
        if comparison is None or (comparison.first.key, comparison.second.key) != pair:
            comparison = survey_results(survey=survey, pair=pair).comparison
        if comparison is not None and (comparison.first.key, comparison.second.key) == pair:
            found[pair] = comparison
    return found


def report_data(*, report: Report, items: Sequence[ReportItem]) -> ReportData:
    """The report's sections with their figures, in order. A table no longer in the
    questionnaire is left out."""
    survey = report.survey
    pairs = [pair for item in items if (pair := comparison_pair(item.key))]
    results = survey_results(
        survey=survey, by=report.breakdown or None, pair=pairs[0] if pairs else None
    )
    comparisons = _comparisons(survey, results, pairs)
    sections = []
    for index, item in enumerate(items):
        chart_id = f"report-chart-{index}"
        pair = comparison_pair(item.key)
        base = Section(key=item.key, title="", note=item.note, show_chart=item.show_chart)
        if item.key == RESPONDENTS_KEY:
            title = (
                _("Respondents by %(by)s") % {"by": results.breakdown_label}
                if results.by
                else _("Respondents")
            )
            sections.append(replace(base, title=title))
        elif pair is not None and pair in comparisons:
            comparison = comparisons[pair]
            title = _("%(first)s compared with %(second)s") % {
                "first": comparison.first.label,
                "second": comparison.second.label,
            }
            figure = comparison_figure(comparison, id=chart_id)
            sections.append(replace(base, title=title, comparison=comparison, figure=figure))
        elif pair is None and (table := results.table(item.key)) is not None:
            figure = question_figure(table, id=chart_id) if item.show_chart else None
            sections.append(replace(base, title=table.label, table=table, figure=figure))
    return ReportData(report=report, results=results, sections=tuple(sections))
