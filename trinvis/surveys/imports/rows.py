"""Reading the rows of a response file for one survey: each mapped cell read as an answer or
a respondent attribute, skip logic and constraints applied as when submitting in Trinvis,
and the problems collected on the side (the first MAX_PROBLEMS listed, the rest counted).

The loop over cells is the hot path of a big import (100,000 rows × 40 questions): each
column gets one prepared reader, and readers of choices, numbers and attributes remember
what each distinct cell gave, so most cells cost a dictionary lookup.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trinvis.core.imports.problems import ImportFailed, Problem
from trinvis.core.imports.reading import FileUnreadable, Table, normalise_heading
from trinvis.organisations.models import Membership, Organisation
from trinvis.surveys import expressions
from trinvis.surveys.forms import AnswerPlan, AnswerValue, Item, label_in
from trinvis.surveys.imports.columns import (
    ATTRIBUTE,
    ATTRIBUTES,
    OPTION,
    QUESTION,
    Target,
    check_columns,
)
from trinvis.surveys.imports.values import (
    AttributeReaders,
    CellError,
    Municipalities,
    QuestionReader,
    quote,
    read_ticked,
)
from trinvis.surveys.models import Question, Response, Survey
from trinvis.surveys.results import COUNTRIES
from trinvis.surveys.xlsform import QuestionType

MAX_PROBLEMS = 200  # listed; beyond them only counted
TEXT_KINDS = (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT)


@dataclass(frozen=True)
class MappedColumn:
    """A column shown in the preview: its heading as written and what it maps to."""

    heading: str
    target: str


@dataclass
class ParsedRow:
    number: int
    attributes: dict[str, Any]
    values: dict[str, AnswerValue]


@dataclass(frozen=True)
class _Column:
    index: int
    heading: str
    target: Target
    reader: QuestionReader | None  # for questions and options
    read: Callable[[str], Any]  # the cell's reader, prepared once


@dataclass
class RowReader:
    """Reads the rows of one file for one survey; collects the problems as it goes."""

    survey: Survey
    headings: list[str]
    columns: Mapping[str, str]
    language: str = field(default_factory=lambda: (get_language() or "en").split("-")[0])
    problems: list[Problem] = field(default_factory=list)
    more: int = 0
    rows_read: int = 0  # rows with something in a mapped column: one response each
    skipped: int = 0  # rows with nothing in the mapped columns (a footer, a stray note)
    hidden: int = 0

    def __post_init__(self) -> None:
        questionnaire = self.survey.questionnaire
        self.default = questionnaire.default_language
        questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position"))
        self.questions = {q.key: q for q in questions}
        normalised = {normalise_heading(h): str(t) for h, t in self.columns.items()}
        resolved, problems = check_columns(self.headings, normalised, questions)
        if problems:
            raise ImportFailed(problems)
        readers = {
            target.name: QuestionReader.build(
                self.questions[target.name], language=self.language, default=self.default
            )
            for _index, target in resolved
            if target.kind in (QUESTION, OPTION)
        }
        names = {target.name for _index, target in resolved if target.kind == ATTRIBUTE}
        attributes = AttributeReaders(
            Municipalities.of(self._municipalities() if "municipality" in names else [])
        )
        self.mapped: list[_Column] = []
        for index, target in resolved:
            reader = readers.get(target.name)
            read: Callable[[str], Any]
            if target.kind == QUESTION:
                assert reader is not None
                read = reader.reader()
            elif target.kind == OPTION:
                read = read_ticked
            else:
                read = attributes.readers[target.name]
            self.mapped.append(_Column(index, self.headings[index], target, reader, read))
        self.per_option = {c.target.name for c in self.mapped if c.target.kind == OPTION}
        self.plan = AnswerPlan(questionnaire, questions)
        items = [item for page in self.plan.pages for item in page.items]
        self.conditional: list[Item] = [i for i in items if i.relevants and i.keys]
        self.constrained: list[Item] = [i for i in items if i.question.constraint and i.keys]

    def _municipalities(self) -> list[Organisation]:
        """The municipalities in the survey organisation's reach: in its tree, or the one it
        belongs to."""
        organisation = self.survey.organisation
        return list(
            Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).filter(
                Q(path__startswith=organisation.path) | Q(pk__in=organisation.ancestor_ids)
            )
        )

    def problem(self, row: int | None, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))
        else:
            self.more += 1

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def rows(self, table: Table) -> Iterator[ParsedRow]:
        """The rows without problems, ready to store; problems are collected on the side.
        Rows with nothing in the mapped columns are skipped."""
        try:
            for number, cells in table.rows:
                if not any(cells):
                    continue
                row = self._row(number, cells)
                if row is not None:
                    yield row
        except FileUnreadable as error:
            self.problem(error.row, "", error.message)

    def _row(self, number: int, cells: list[str]) -> ParsedRow | None:
        values: dict[str, Any] = {}
        attributes: dict[str, Any] = {}
        ok = True
        width = len(cells)
        filled = False
        for column in self.mapped:
            cell = cells[column.index] if column.index < width else ""
            if not cell:
                continue
            filled = True
            try:
                value = column.read(cell)
            except CellError as error:
                self.problem(number, column.heading, error.message)
                ok = False
                continue
            kind, name = column.target.kind, column.target.name
            if kind == QUESTION:
                values[name] = value
            elif kind == OPTION:
                if value:
                    values.setdefault(name, []).append(column.target.choice)
            else:
                attributes[name] = value
        if not filled:
            self.skipped += 1
            return None
        self.rows_read += 1
        for key in self.per_option & values.keys():
            chosen = set(values[key])
            values[key] = [c["name"] for c in self.questions[key].choices if c["name"] in chosen]
        # Checked on a row with bad cells too, so that one reading lists all its problems.
        if (self.conditional or self.constrained) and not self._apply_logic(number, values):
            return None
        return ParsedRow(number, _with_municipality(attributes), values) if ok else None

    def _apply_logic(self, number: int, values: dict[str, AnswerValue]) -> bool:
        """Leave out the answers skip logic hides (as submitting in Trinvis does), then
        check the constraints of the answers that remain; False if one does not hold."""
        named = self.plan.expression_answers(values)
        for item in self.conditional:
            if any(key in values for key in item.keys) and not self.plan.is_visible(item, named):
                for key in item.keys:
                    if values.pop(key, None) is not None:
                        self.hidden += 1
        ok = True
        for item in self.constrained:
            key = item.keys[0]
            if key not in values:
                continue
            try:
                holds = expressions.evaluate(item.question.constraint, named, values[key])
            except expressions.ExpressionError:
                holds = True  # as in the answer form: a broken constraint refuses nothing
            if not holds:
                ok = False
                message = item.question.constraint_messages
                self.problem(
                    number,
                    self._heading_of(key),
                    label_in(message, self.language, self.default)
                    if message
                    else _("The questionnaire does not accept this answer (its rule: %(rule)s).")
                    % {"rule": item.question.constraint},
                )
        return ok

    def _heading_of(self, key: str) -> str:
        return next((c.heading for c in self.mapped if c.target.name == key), key)

    # shown in the preview

    def mapped_columns(self) -> list[MappedColumn]:
        return [MappedColumn(c.heading, self._target_label(c)) for c in self.mapped]

    def _target_label(self, column: _Column) -> str:
        target = column.target
        if target.kind == ATTRIBUTE:
            return str(ATTRIBUTES[target.name])
        question = self.questions[target.name]
        label = label_in(question.labels, self.language, self.default)
        if target.kind == OPTION:
            assert column.reader is not None
            return f"{label}: {column.reader.labels[target.choice]}"
        return label

    def shown(self, row: ParsedRow) -> list[str]:
        """A row's mapped cells as they will be stored, in words."""
        cells = []
        for column in self.mapped:
            target = column.target
            if target.kind == ATTRIBUTE:
                cells.append(_attribute_text(target.name, row.attributes.get(target.name)))
                continue
            value = row.values.get(target.name)
            assert column.reader is not None
            labels = column.reader.labels
            if target.kind == OPTION:
                cells.append(
                    labels[target.choice]
                    if isinstance(value, list) and target.choice in value
                    else ""
                )
            elif isinstance(value, list):
                cells.append("; ".join(labels[name] for name in value))
            elif isinstance(value, Decimal):
                cells.append(f"{value.normalize():f}")
            elif value and self.questions[target.name].kind not in TEXT_KINDS:
                cells.append(labels.get(value, value))
            else:
                cells.append(quote(value or ""))
        return cells


def _with_municipality(attributes: dict[str, Any]) -> dict[str, Any]:
    """A named municipality also gives the country and size class (unless their own
    columns say otherwise) and is the response's organisation, as far as it is known."""
    municipality = attributes.get("municipality")
    if municipality is not None:
        attributes["organisation"] = municipality
        attributes.setdefault("country", municipality.country)
        if municipality.size_class:
            attributes.setdefault("size_class", municipality.size_class)
    return attributes


def _attribute_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "contact_person":
        return _("yes") if value else _("no")
    if name == "municipality":
        return str(value.name)
    labels: dict[str, Mapping[str, Any]] = {
        "size_class": dict(Response.SizeClass.choices),
        "role": dict(Membership.Role.choices),
        "unit_type": dict(Organisation.UnitType.choices),
        "country": COUNTRIES,
    }
    return str(labels[name].get(value, value))
