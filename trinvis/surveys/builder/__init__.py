"""Building a questionnaire in Trinvis itself, without XLSForm: the edits and the one service
that stores them.

Every change the builder makes is a pure function from a definition (the XLSForm model,
`xlsform.Questionnaire`) to a new one: add, change, move or remove an item, change the
settings. A change is described by what the person asked for (put this question here, move
that one up), not by the whole new questionnaire, so it can be applied to the newest
definition under a lock and tested without a database.

`questionnaire_build` is the only writer: it locks the questionnaire, refuses a change made
on an older version than the one stored (`BuilderConflict`), refuses one that would break a
skip rule that worked before, raises the version and stores the result through
`services.questionnaire_replace_definition`, which refuses questionnaires a survey already
uses (their answers point at the questions).

Names (XLSForm's `name`, which answers and skip logic refer to) are made once from the
label, in ASCII and unique in the questionnaire, and are kept when the label changes.
Skip logic made in the builder is a `Rule` — show only if [an earlier question] [is, is not,
includes, is at least …] [an option or a number] — compiled into an XLSForm expression; a
hand-written expression that is not such a rule is kept as it is until someone removes it.

Modules: `tree` (names and places), `edits` (the changes), `scales` (ready Likert scales,
number limits), `rules` (skip rules, and what a change must not break), `outline` (what the
builder page shows); this module holds the service and names what the views and tests use.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.organisations.models import Organisation
from trinvis.surveys import services
from trinvis.surveys.builder.edits import (
    QuestionDraft,
    StatementDraft,
    item_move,
    item_remove,
    question_put,
    section_put,
    settings_put,
)
from trinvis.surveys.builder.outline import Entry, outline
from trinvis.surveys.builder.rules import (
    NUMBER_TYPES,
    TEXT_TYPES,
    Operator,
    Rule,
    Source,
    new_problems,
    operators_for,
    rule_expression,
    rule_from,
    rule_in_words,
    rule_problem,
    sources_before,
    sources_of,
)
from trinvis.surveys.builder.scales import (
    READY_SCALES,
    number_constraint,
    number_limits,
    number_messages,
    own_scale,
    scale_choices,
    scale_of,
)
from trinvis.surveys.builder.tree import (
    Place,
    all_names,
    ascii_name,
    children,
    locate,
    places,
    text_of,
    walk,
)
from trinvis.surveys.definition import from_json
from trinvis.surveys.models import Questionnaire
from trinvis.surveys.xlsform import Questionnaire as Definition

__all__ = [
    "NUMBER_TYPES",
    "READY_SCALES",
    "TEXT_TYPES",
    "BuilderConflict",
    "Change",
    "Entry",
    "Operator",
    "Place",
    "QuestionDraft",
    "Rule",
    "Source",
    "StatementDraft",
    "all_names",
    "ascii_name",
    "children",
    "item_move",
    "item_remove",
    "locate",
    "number_constraint",
    "number_limits",
    "number_messages",
    "operators_for",
    "outline",
    "own_scale",
    "places",
    "question_put",
    "questionnaire_build",
    "questionnaire_start",
    "rule_expression",
    "rule_from",
    "rule_in_words",
    "rule_problem",
    "scale_choices",
    "scale_of",
    "section_put",
    "settings_put",
    "sources_before",
    "sources_of",
    "text_of",
    "walk",
]

Change = Callable[[Definition], Definition]


class BuilderConflict(Exception):
    """Someone changed the questionnaire after the form was opened; nothing was written."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        super().__init__("questionnaire changed since the form was opened")
        self.questionnaire = questionnaire


def questionnaire_start(
    *,
    by: Any,
    organisation: Organisation,
    title: str,
    languages: tuple[str, ...],
    default_language: str,
) -> Questionnaire:
    """An empty questionnaire of the organisation, to fill in with the builder."""
    definition = Definition(
        title=title.strip(), default_language=default_language, languages=languages, items=()
    )
    return services.questionnaire_create(by=by, organisation=organisation, definition=definition)


@transaction.atomic
def questionnaire_build(
    *, questionnaire: Questionnaire, base_version: int, change: Change
) -> Questionnaire:
    """Apply one builder change to the questionnaire as stored and store the result.

    `base_version` is the version the form was opened on: when someone saved since,
    `BuilderConflict` is raised. A change that breaks a skip rule, or any refusal of the
    change itself or of `services.questionnaire_replace_definition` (a survey uses the
    questionnaire), is a ValidationError. Nothing is written then.
    """
    current = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if current.version != base_version:
        raise BuilderConflict(current)
    if current.surveys.exists():
        raise ValidationError(
            _("A survey uses this questionnaire; its questions stay as they are.")
        )
    before = from_json(current.definition)
    after = change(before)
    if problems := new_problems(before, after):
        raise ValidationError(problems)
    current.version = base_version + 1
    return services.questionnaire_replace_definition(questionnaire=current, definition=after)
