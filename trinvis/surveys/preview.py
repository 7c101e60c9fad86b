"""A questionnaire as readable text in one language: what the preview page shows.

Texts come in the reader's language, else the questionnaire's default language, else any
language the text has. Skip logic stays the XLSForm expression and, where it is a simple
comparison with another question (`${q} = 'value'`, `selected(${q}, 'value')`), is also
said in words with that question's text and the option's label.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from trinvis.surveys.xlsform import Item, Labels, Question, Questionnaire, QuestionType, Section


def type_in_words(kind: QuestionType) -> str:
    return {
        QuestionType.SINGLE_CHOICE: _("Single choice"),
        QuestionType.MULTIPLE_CHOICE: _("Multiple choice (all that apply)"),
        QuestionType.LIKERT: _("Five-point scale"),
        QuestionType.SCALE_0_10: _("Scale from 0 to 10"),
        QuestionType.INTEGER: _("Whole number"),
        QuestionType.DECIMAL: _("Number"),
        QuestionType.SHORT_TEXT: _("Short text"),
        QuestionType.LONG_TEXT: _("Long text"),
        QuestionType.MATRIX: _("Statements on one scale (a table)"),
        QuestionType.NOTE: _("Text shown to the respondent"),
    }[kind]


@dataclass
class Option:
    name: str
    label: str
    # Off a Likert scale ("don't know"): shown, but not counted in means.
    off_scale: bool = False


@dataclass
class Entry:
    """A section heading or a question of the preview, in order."""

    name: str
    label: str
    is_section: bool = False
    depth: int = 0
    kind: QuestionType | None = None
    type_label: str = ""
    hint: str = ""
    required: bool = False
    relevant: str = ""
    relevant_words: str = ""
    constraint: str = ""
    options: list[Option] = field(default_factory=list)
    rows: list[tuple[str, bool]] = field(default_factory=list)  # matrix: (label, required)
    number: int = 0


_COMPARISON = re.compile(r"^\s*\$\{(\w+)\}\s*(=|!=)\s*'([^']*)'\s*$")
_SELECTED = re.compile(r"^\s*(not\s*\()?\s*selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\)\s*\)?\s*$")


class Preview:
    def __init__(self, questionnaire: Questionnaire, language: str) -> None:
        self.questionnaire = questionnaire
        self.language = language
        self.questions = {question.name: question for question in questionnaire.questions()}

    def text(self, labels: Labels) -> str:
        for language in (self.language, self.questionnaire.default_language):
            if labels.get(language):
                return labels[language]
        return next((text for text in labels.values() if text), "")

    def option_label(self, question_name: str, value: str) -> str:
        question = self.questions.get(question_name)
        if question is None or not question.choice_list:
            return value
        for choice in self.questionnaire.choice_list(question.choice_list).choices:
            if choice.name == value:
                return self.text(choice.labels)
        return value

    def in_words(self, expression: str) -> str:
        """A simple skip-logic condition as a sentence; "" when it is not that simple."""
        if match := _COMPARISON.match(expression):
            name, operator, value = match.groups()
            template = (
                _("“%(question)s” is answered “%(option)s”")
                if operator == "="
                else _("“%(question)s” is not answered “%(option)s”")
            )
        elif match := _SELECTED.match(expression):
            negated, name, value = match.groups()
            template = (
                _("“%(option)s” is not chosen in “%(question)s”")
                if negated
                else _("“%(option)s” is chosen in “%(question)s”")
            )
        else:
            return ""
        if name not in self.questions:
            return ""
        return template % {
            "question": self.text(self.questions[name].labels),
            "option": self.option_label(name, value),
        }

    def entries(self) -> list[Entry]:
        found: list[Entry] = []
        self._walk(self.questionnaire.items, 0, found)
        number = 0
        for entry in found:
            if not entry.is_section and entry.kind is not QuestionType.NOTE:
                number += 1
                entry.number = number
        return found

    def _walk(self, items: tuple[Item, ...], depth: int, found: list[Entry]) -> None:
        for item in items:
            if isinstance(item, Section):
                found.append(
                    Entry(
                        name=item.name,
                        label=self.text(item.labels),
                        is_section=True,
                        depth=depth,
                        relevant=item.relevant,
                        relevant_words=self.in_words(item.relevant) if item.relevant else "",
                    )
                )
                self._walk(item.items, depth + 1, found)
            else:
                found.append(self._question(item, depth))

    def _question(self, question: Question, depth: int) -> Entry:
        options = []
        if question.choice_list:
            choice_list = self.questionnaire.choice_list(question.choice_list)
            likert = question.type in (QuestionType.LIKERT, QuestionType.MATRIX) and (
                choice_list.is_likert
            )
            options = [
                Option(choice.name, self.text(choice.labels), likert and choice.scale_value is None)
                for choice in choice_list.choices
            ]
        return Entry(
            name=question.name,
            label=self.text(question.labels),
            depth=depth,
            kind=question.type,
            type_label=type_in_words(question.type),
            hint=self.text(question.hints) if question.hints else "",
            required=question.required,
            relevant=question.relevant,
            relevant_words=self.in_words(question.relevant) if question.relevant else "",
            constraint=question.constraint,
            options=options,
            rows=[(self.text(row.labels), row.required) for row in question.items],
        )


def preview(questionnaire: Questionnaire, language: str) -> list[Entry]:
    """The questionnaire's sections and questions, in order, as text in `language`."""
    return Preview(questionnaire, language).entries()
