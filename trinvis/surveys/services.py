"""Writes of the survey module."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.organisations.models import Organisation
from trinvis.surveys.definition import to_json
from trinvis.surveys.models import Question, Questionnaire
from trinvis.surveys.xlsform import Questionnaire as Definition
from trinvis.surveys.xlsform import QuestionType


def _question_rows(definition: Definition) -> list[dict[str, Any]]:
    """One row per answerable question, in order; a matrix gives one row per item."""
    rows: list[dict[str, Any]] = []
    for question in definition.questions():
        if question.type is QuestionType.NOTE:
            continue
        choices = []
        if question.choice_list:
            choice_list = definition.choice_list(question.choice_list)
            choices = [
                {"name": c.name, "labels": c.labels, "scale_value": c.scale_value}
                for c in choice_list.choices
            ]
        if question.type is QuestionType.MATRIX:
            for item in question.items:
                rows.append(
                    {
                        "key": f"{question.name}/{item.name}",
                        "kind": QuestionType.LIKERT.value
                        if definition.choice_list(question.choice_list).is_likert
                        else QuestionType.SINGLE_CHOICE.value,
                        "labels": item.labels,
                        "choices": choices,
                        "matrix": question.name,
                    }
                )
            continue
        rows.append(
            {
                "key": question.name,
                "kind": question.type.value,
                "labels": question.labels,
                "choices": choices,
                "matrix": "",
            }
        )
    return rows


def _store_questions(questionnaire: Questionnaire, definition: Definition) -> None:
    Question.objects.bulk_create(
        Question(questionnaire=questionnaire, position=position, **row)
        for position, row in enumerate(_question_rows(definition))
    )


@transaction.atomic
def questionnaire_replace_definition(
    *, questionnaire: Questionnaire, definition: Definition
) -> Questionnaire:
    """New content for a questionnaire no survey has used yet (so no answer points at it)."""
    if questionnaire.surveys.exists():
        raise ValidationError(
            _("A survey uses this questionnaire; its questions stay as they are.")
        )
    questionnaire.title = definition.title[:200]
    questionnaire.default_language = definition.default_language
    questionnaire.languages = list(definition.languages)
    questionnaire.definition = to_json(definition)
    questionnaire.full_clean()
    questionnaire.save()
    questionnaire.questions.all().delete()
    _store_questions(questionnaire, definition)
    return questionnaire


@transaction.atomic
def questionnaire_create(
    *,
    by: Any,
    organisation: Organisation | None,
    definition: Definition,
    slug: str = "",
    based_on: Questionnaire | None = None,
) -> Questionnaire:
    """Store a questionnaire (an organisation's own, or the library's with a `slug`)."""
    questionnaire = Questionnaire(
        organisation=organisation,
        slug=slug,
        title=definition.title[:200],
        default_language=definition.default_language,
        languages=list(definition.languages),
        definition=to_json(definition),
        based_on=based_on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    questionnaire.full_clean()
    questionnaire.save()
    _store_questions(questionnaire, definition)
    return questionnaire
