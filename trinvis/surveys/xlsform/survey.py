"""The survey sheet, row by row, into questions, sections and matrices."""

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from trinvis.surveys.xlsform.columns import (
    HEADER_APPEARANCE,
    LIKERT_APPEARANCE,
    LONG_TEXT_APPEARANCE,
    MATRIX_APPEARANCE,
    PAGE_APPEARANCE,
    SURVEY_COLUMNS,
    TYPE_ALIASES,
)
from trinvis.surveys.xlsform.model import (
    ChoiceList,
    Item,
    Labels,
    MatrixItem,
    Question,
    QuestionType,
    Section,
)
from trinvis.surveys.xlsform.sheets import Problem, Row

QUESTION_COLUMNS = SURVEY_COLUMNS - {"parameters"}
NOTE_COLUMNS = {"type", "name", "label", "hint", "relevant", "appearance"}
GROUP_COLUMNS = NOTE_COLUMNS
END_COLUMNS = {"type", "name"}

# Trinvis records when a response is started and sent by itself: these rows add nothing.
SKIPPED_TYPES = {"start", "end", "today"}
SIMPLE_TYPES = {
    "integer": QuestionType.INTEGER,
    "decimal": QuestionType.DECIMAL,
    "text": QuestionType.SHORT_TEXT,
    "note": QuestionType.NOTE,
    "range": QuestionType.SCALE_0_10,
}
_LOCATION_TYPES = {"geopoint", "geotrace", "geoshape", "start-geopoint"}
_MEDIA_TYPES = {
    "image",
    "photo",
    "audio",
    "video",
    "file",
    "background-audio",
    "background-video",
    "barcode",
}
_CALCULATION_TYPES = {"calculate", "hidden", "xml-external", "csv-external"}
_FROM_FILE_TYPES = {"select_one_from_file", "select_multiple_from_file", "select_one_external"}
_NAME = re.compile(r"^[^\W\d][\w.-]*$")
_TRUE, _FALSE = {"yes", "true", "true()", "1"}, {"", "no", "false", "false()", "0"}


def _unsupported_type(word: str) -> str:
    if word in _LOCATION_TYPES:
        return _("Trinvis does not collect locations; the type “%(type)s” is not supported.")
    if word in _MEDIA_TYPES:
        return _("Trinvis does not collect files, pictures or sound; “%(type)s” is not supported.")
    if word in _CALCULATION_TYPES:
        return _("Calculations and hidden values (“%(type)s”) are not supported by Trinvis.")
    if word in _FROM_FILE_TYPES:
        return _(
            "Choices from a file (“%(type)s”) are not supported by Trinvis; put the choices "
            "on the choices sheet."
        )
    return _("The question type “%(type)s” is not supported by Trinvis.")


def _type_words(text: str) -> list[str]:
    text = " ".join(text.split())
    lowered = text.lower()
    for alias in sorted(TYPE_ALIASES, key=len, reverse=True):
        if lowered == alias or lowered.startswith(alias + " "):
            text = TYPE_ALIASES[alias] + text[len(alias) :]
            break
    words = text.split(" ")
    return [words[0].lower(), *words[1:]]


def _scale_parameters(text: str) -> bool:
    """Whether a range's parameters make it the 0–10 scale (pyxform: start=1 end=10 step=1)."""
    values = {"start": 1.0, "end": 10.0, "step": 1.0}
    for part in re.split(r"[\s;,]+", re.sub(r"\s*=\s*", "=", text.strip())):
        if not part:
            continue
        key, separator, value = part.partition("=")
        if not separator or key.lower() not in values:
            return False
        try:
            values[key.lower()] = float(value)
        except ValueError:
            return False
    return values == {"start": 0.0, "end": 10.0, "step": 1.0}


@dataclass
class _Child:
    item: Item
    appearance: frozenset[str]


@dataclass
class _Group:
    row: Row
    name: str
    labels: Labels
    hints: Labels
    relevant: str
    appearance: frozenset[str]
    repeat: bool = False
    children: list[_Child] = field(default_factory=list)


@dataclass
class SurveyReader:
    """Reads the survey sheet's rows in order, collecting problems as it goes."""

    sheet: str
    default: str
    lists: dict[str, ChoiceList] | None  # None: the workbook has no choices sheet
    problems: list[Problem]
    names: dict[str, int] = field(default_factory=dict)
    stack: list[_Group] = field(default_factory=list)
    items: list[_Child] = field(default_factory=list)

    def problem(self, row: int, message: str) -> None:
        self.problems.append(Problem(self.sheet, row, message))

    def read(self, rows: Iterable[Row]) -> tuple[Item, ...]:
        for row in rows:
            self.read_row(row)
        for group in reversed(self.stack):
            self.problem(
                group.row.number,
                _("The group “%(name)s” is never ended: add an “end_group” row.")
                % {"name": group.name},
            )
        self.check_labels(self.items)
        return tuple(child.item for child in self.items)

    def add(self, child: _Child) -> None:
        (self.stack[-1].children if self.stack else self.items).append(child)

    def only(self, row: Row, columns: AbstractSet[str]) -> bool:
        extra = sorted((row.used() & SURVEY_COLUMNS) - columns)
        for column in extra:
            self.problem(
                row.number,
                _("The column “%(column)s” does not apply to a “%(type)s” row; leave it empty.")
                % {"column": column, "type": row.text("type")},
            )
        return not extra

    def name(self, row: Row) -> str:
        name = row.text("name")
        if not name:
            self.problem(row.number, _("The row has no name."))
        elif not _NAME.match(name):
            self.problem(
                row.number,
                _(
                    "The name “%(name)s” is not valid: start with a letter or “_”, then use "
                    "only letters, digits, “_”, “-” and “.”."
                )
                % {"name": name},
            )
        elif name in self.names:
            self.problem(
                row.number,
                _("The name “%(name)s” is also used on row %(row)s.")
                % {"name": name, "row": self.names[name]},
            )
        else:
            self.names[name] = row.number
        return name

    def required(self, row: Row) -> bool:
        text = row.text("required").lower()
        if text not in _TRUE | _FALSE:
            self.problem(
                row.number,
                _(
                    "“required” must be “yes” or empty; a condition (“%(value)s”) is not "
                    "supported by Trinvis."
                )
                % {"value": row.text("required")},
            )
        return text in _TRUE

    def read_row(self, row: Row) -> None:
        if not row.text("type"):
            self.problem(row.number, _("The row has no type."))
            return
        words = _type_words(row.text("type"))
        kind = words[0]
        if kind in SKIPPED_TYPES:
            return
        if kind == "begin_group" or kind == "begin_repeat":
            self.begin(row, repeat=kind == "begin_repeat")
        elif kind == "end_group" or kind == "end_repeat":
            self.end(row, repeat=kind == "end_repeat")
        elif kind in ("select_one", "select_multiple") or kind in SIMPLE_TYPES:
            question = self.question(row, words)
            if question is not None:
                self.add(question)
        else:
            self.problem(row.number, _unsupported_type(kind) % {"type": row.text("type")})

    def begin(self, row: Row, *, repeat: bool) -> None:
        if repeat:
            self.problem(
                row.number,
                _("Repeat groups are not supported by Trinvis; ask the questions once."),
            )
        self.only(row, GROUP_COLUMNS)
        if self.stack and MATRIX_APPEARANCE in self.stack[-1].appearance:
            self.problem(row.number, _("A matrix (“table-list” group) cannot hold a group."))
        self.stack.append(
            _Group(
                row,
                self.name(row),
                row.labels("label", self.default),
                row.labels("hint", self.default),
                row.text("relevant"),
                frozenset(row.text("appearance").split()),
                repeat,
            )
        )

    def end(self, row: Row, *, repeat: bool) -> None:
        self.only(row, END_COLUMNS)
        if not self.stack or self.stack[-1].repeat != repeat:
            self.problem(
                row.number,
                _("This “%(type)s” row ends no open group.") % {"type": row.text("type")},
            )
            return
        group = self.stack.pop()
        if not group.repeat:
            item = self.group_item(group)
            if item is not None:
                self.add(_Child(item, group.appearance))

    def question(self, row: Row, words: list[str]) -> _Child | None:
        kind, appearance = words[0], frozenset(row.text("appearance").split())
        count = len(self.problems)
        if kind == "note":
            self.only(row, NOTE_COLUMNS)
        else:
            self.only(row, QUESTION_COLUMNS | ({"parameters"} if kind == "range" else set()))
        name = self.name(row)
        labels = row.labels("label", self.default)
        if not labels and HEADER_APPEARANCE not in appearance:
            self.problem(row.number, _("The question “%(name)s” has no label.") % {"name": name})
        constraint_messages = row.labels("constraint_message", self.default)
        if constraint_messages and not row.text("constraint"):
            self.problem(row.number, _("A constraint message needs a constraint."))
        required = self.required(row)
        choice_list = ""
        if kind in ("select_one", "select_multiple"):
            type_, choice_list = self.choice_question(row, words, appearance)
        elif len(words) > 1:
            self.problem(
                row.number,
                _("The type “%(type)s” is not supported by Trinvis.") % {"type": row.text("type")},
            )
            return None
        elif kind == "text" and LONG_TEXT_APPEARANCE in appearance:
            type_ = QuestionType.LONG_TEXT
        else:
            type_ = SIMPLE_TYPES[kind]
        if kind == "range" and not _scale_parameters(row.text("parameters")):
            self.problem(
                row.number,
                _(
                    "Trinvis reads a “range” question only as a 0–10 scale: write "
                    "“start=0 end=10 step=1” in the parameters column."
                ),
            )
        if len(self.problems) > count:
            return None
        question = Question(
            name=name,
            type=type_,
            labels=labels,
            hints=row.labels("hint", self.default),
            required=required,
            relevant=row.text("relevant"),
            constraint=row.text("constraint"),
            constraint_messages=constraint_messages,
            choice_list=choice_list,
            row=row.number,
        )
        return _Child(question, appearance)

    def choice_question(
        self, row: Row, words: list[str], appearance: frozenset[str]
    ) -> tuple[QuestionType, str]:
        single = words[0] == "select_one"
        type_ = QuestionType.SINGLE_CHOICE if single else QuestionType.MULTIPLE_CHOICE
        if len(words) != 2:
            if words[2:] == ["or_other"]:
                message = _(
                    "“or_other” is not supported by Trinvis: add an “other” choice and a text "
                    "question shown only if it is chosen."
                )
            else:
                message = _("“%(type)s” must name exactly one choice list.")
            self.problem(row.number, message % {"type": row.text("type")})
            return type_, ""
        list_name = words[1]
        if self.lists is None:
            self.problem(
                row.number,
                _("The workbook has no “choices” sheet, so the choice list “%(list)s” is missing.")
                % {"list": list_name},
            )
        elif list_name not in self.lists:
            self.problem(
                row.number,
                _("The choice list “%(list)s” is not on the choices sheet.") % {"list": list_name},
            )
        elif single and LIKERT_APPEARANCE in appearance:
            if not self.lists[list_name].is_likert:
                self.problem(row.number, _not_likert(list_name))
            type_ = QuestionType.LIKERT
        return type_, list_name

    # --- groups: sections and matrices -------------------------------------------------

    def group_item(self, group: _Group) -> Item | None:
        if MATRIX_APPEARANCE in group.appearance or (
            PAGE_APPEARANCE in group.appearance and self.is_likert_page(group)
        ):
            return self.matrix(group)
        self.check_labels(group.children)
        if group.hints:
            self.problem(
                group.row.number,
                _("Only a matrix (a group with appearance “table-list”) can have a hint."),
            )
            return None
        return Section(
            name=group.name,
            labels=group.labels,
            relevant=group.relevant,
            items=tuple(child.item for child in group.children),
            row=group.row.number,
        )

    def is_likert_page(self, group: _Group) -> bool:
        """Whether a field-list group is a hand-made matrix: selects on one Likert list."""
        rows = [child.item for child in group.children if not _is_header(child)]
        selects = [
            item
            for item in rows
            if isinstance(item, Question)
            and item.type in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT)
        ]
        lists = {item.choice_list for item in selects}
        return (
            bool(rows)
            and len(selects) == len(rows)
            and len(lists) == 1
            and self.lists is not None
            and (choice_list := self.lists.get(lists.pop())) is not None
            and choice_list.is_likert
        )

    def check_labels(self, children: list[_Child]) -> None:
        """A header row of a hand-made matrix needs no label; outside a matrix it does."""
        for child in children:
            if _is_header(child) and not child.item.labels:
                self.problem(
                    child.item.row,
                    _("The question “%(name)s” has no label.") % {"name": child.item.name},
                )

    def matrix(self, group: _Group) -> Question | None:
        count = len(self.problems)
        list_name = ""
        items: list[MatrixItem] = []
        for child in group.children:
            item = child.item
            if _is_header(child):
                continue
            if not isinstance(item, Question) or item.type not in (
                QuestionType.SINGLE_CHOICE,
                QuestionType.LIKERT,
            ):
                self.problem(
                    item.row,
                    _("A matrix (the group “%(group)s”) holds only “select_one” questions.")
                    % {"group": group.name},
                )
                continue
            list_name = list_name or item.choice_list
            if item.choice_list != list_name:
                self.problem(
                    item.row,
                    _(
                        "Every row of the matrix “%(group)s” must use the same choice list "
                        "(“%(list)s”)."
                    )
                    % {"group": group.name, "list": list_name},
                )
            if item.hints or item.relevant or item.constraint:
                self.problem(
                    item.row,
                    _(
                        "A matrix row has only a name, a label and “required”; put skip logic "
                        "on the group."
                    ),
                )
            items.append(MatrixItem(item.name, item.labels, item.required, row=item.row))
        if not items:
            self.problem(
                group.row.number, _("The matrix “%(group)s” has no rows.") % {"group": group.name}
            )
        if len(self.problems) > count:
            return None
        return Question(
            name=group.name,
            type=QuestionType.MATRIX,
            labels=group.labels,
            hints=group.hints,
            relevant=group.relevant,
            choice_list=list_name,
            items=tuple(items),
            row=group.row.number,
        )


def _is_header(child: _Child) -> bool:
    return isinstance(child.item, Question) and HEADER_APPEARANCE in child.appearance


def _not_likert(list_name: str) -> str:
    return _(
        "A Likert question (appearance “likert”) needs a list with choices named 1 to 5, "
        "lowest first, and at most one more off the scale (such as “dont_know”); the list "
        "“%(list)s” is not one."
    ) % {"list": list_name}
