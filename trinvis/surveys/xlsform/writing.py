"""Writing a Questionnaire as an XLSForm workbook (see the package docstring)."""

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from trinvis.surveys.xlsform.columns import (
    CHOICES,
    LIKERT_APPEARANCE,
    LONG_TEXT_APPEARANCE,
    MATRIX_APPEARANCE,
    SCALE_PARAMETERS,
    SETTINGS,
    SURVEY,
    language_header,
)
from trinvis.surveys.xlsform.model import (
    Item,
    Labels,
    Question,
    Questionnaire,
    QuestionType,
    Section,
)

_TYPES = {
    QuestionType.SCALE_0_10: "range",
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "decimal",
    QuestionType.SHORT_TEXT: "text",
    QuestionType.LONG_TEXT: "text",
    QuestionType.NOTE: "note",
}
_APPEARANCES = {
    QuestionType.LIKERT: LIKERT_APPEARANCE,
    QuestionType.LONG_TEXT: LONG_TEXT_APPEARANCE,
    QuestionType.MATRIX: MATRIX_APPEARANCE,
}


def _append(sheet: Worksheet, values: Sequence[Any]) -> None:
    sheet.append([value if value != "" else None for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # text, never a formula
            cell.quotePrefix = True


class _SurveyWriter:
    def __init__(self, sheet: Worksheet, languages: tuple[str, ...]) -> None:
        self.sheet = sheet
        self.languages = languages
        self.columns = [
            "type",
            "name",
            *self.translated("label"),
            *self.translated("hint"),
            "required",
            "relevant",
            "constraint",
            *self.translated("constraint_message"),
            "appearance",
            "parameters",
        ]
        _append(sheet, self.columns)

    def translated(self, key: str) -> list[str]:
        return [f"{key}::{language_header(language)}" for language in self.languages]

    def row(self, **values: Any) -> None:
        cells: dict[str, Any] = {}
        for key, value in values.items():
            if isinstance(value, dict):
                for column, language in zip(self.translated(key), self.languages, strict=True):
                    cells[column] = value.get(language, "")
            else:
                cells[key] = value
        _append(self.sheet, [cells.get(column, "") for column in self.columns])

    def items(self, items: tuple[Item, ...]) -> None:
        for item in items:
            if isinstance(item, Section):
                self.row(
                    type="begin_group", name=item.name, label=item.labels, relevant=item.relevant
                )
                self.items(item.items)
                self.row(type="end_group", name=item.name)
            else:
                self.question(item)

    def question(self, question: Question) -> None:
        if question.type is QuestionType.MATRIX:
            self.row(
                type="begin_group",
                name=question.name,
                label=question.labels,
                hint=question.hints,
                relevant=question.relevant,
                appearance=MATRIX_APPEARANCE,
            )
            for item in question.items:
                self.row(
                    type=f"select_one {question.choice_list}",
                    name=item.name,
                    label=item.labels,
                    required="yes" if item.required else "",
                )
            self.row(type="end_group", name=question.name)
            return
        if question.type is QuestionType.MULTIPLE_CHOICE:
            type_ = f"select_multiple {question.choice_list}"
        elif question.choice_list:
            type_ = f"select_one {question.choice_list}"
        else:
            type_ = _TYPES[question.type]
        self.row(
            type=type_,
            name=question.name,
            label=question.labels,
            hint=question.hints,
            required="yes" if question.required else "",
            relevant=question.relevant,
            constraint=question.constraint,
            constraint_message=question.constraint_messages,
            appearance=_APPEARANCES.get(question.type, ""),
            parameters=SCALE_PARAMETERS if question.type is QuestionType.SCALE_0_10 else "",
        )


def export_xlsform(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as an XLSForm workbook (.xlsx) that pyxform and ODK accept."""
    languages = questionnaire.languages
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = SURVEY
    _SurveyWriter(survey, languages).items(questionnaire.items)

    choices = book.create_sheet(CHOICES)
    headers = [f"label::{language_header(language)}" for language in languages]
    _append(choices, ["list_name", "name", *headers])
    for choice_list in questionnaire.choice_lists:
        for choice in choice_list.choices:
            labels: Labels = choice.labels
            _append(
                choices,
                [
                    choice_list.name,
                    choice.name,
                    *(labels.get(language, "") for language in languages),
                ],
            )

    settings = book.create_sheet(SETTINGS)
    _append(settings, ["form_title", "form_id", "version", "default_language"])
    _append(
        settings,
        [
            questionnaire.title,
            questionnaire.form_id,
            questionnaire.version,
            language_header(questionnaire.default_language),
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
