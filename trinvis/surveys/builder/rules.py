"""Skip rules the builder can show and write, and what a change must not break (see the
package docstring)."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from trinvis.surveys import expressions
from trinvis.surveys.builder.scales import number_of, number_text
from trinvis.surveys.builder.tree import Place, all_names, text_of, walk
from trinvis.surveys.xlsform import (
    Choice,
    Item,
    Labels,
    Question,
    QuestionType,
    Section,
)
from trinvis.surveys.xlsform import Questionnaire as Definition

NUMBER_TYPES = frozenset({QuestionType.SCALE_0_10, QuestionType.INTEGER, QuestionType.DECIMAL})
TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})


class Operator(StrEnum):
    IS = "is"
    IS_NOT = "is_not"
    INCLUDES = "includes"
    EXCLUDES = "excludes"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ANSWERED = "answered"


def operators_for(kind: QuestionType) -> tuple[Operator, ...]:
    if kind is QuestionType.MULTIPLE_CHOICE:
        return (Operator.INCLUDES, Operator.EXCLUDES)
    if kind is QuestionType.SINGLE_CHOICE:
        return (Operator.IS, Operator.IS_NOT)
    if kind is QuestionType.LIKERT or kind in NUMBER_TYPES:
        return (Operator.IS, Operator.IS_NOT, Operator.AT_LEAST, Operator.AT_MOST)
    if kind in TEXT_TYPES:
        return (Operator.ANSWERED,)
    return ()


@dataclass(frozen=True)
class Source:
    """An earlier question a skip rule can use; a matrix statement is one of its own, a
    Likert question when the matrix's scale is a Likert scale (`matrix` holds the matrix's
    text)."""

    name: str
    kind: QuestionType
    labels: Labels
    choices: tuple[Choice, ...] = ()
    matrix: Labels = field(default_factory=dict)

    @property
    def operators(self) -> tuple[Operator, ...]:
        return operators_for(self.kind)

    def options(self, operator: Operator | None = None) -> tuple[Choice, ...]:
        """The options a rule can compare with (only points on the scale for "at least")."""
        if operator in (Operator.AT_LEAST, Operator.AT_MOST):
            return tuple(choice for choice in self.choices if choice.scale_value is not None)
        return self.choices


def sources_of(definition: Definition, question: Question) -> list[Source]:
    if question.type is QuestionType.NOTE:
        return []
    choices = definition.choice_list(question.choice_list).choices if question.choice_list else ()
    if question.type is QuestionType.MATRIX:
        likert = definition.choice_list(question.choice_list).is_likert
        kind = QuestionType.LIKERT if likert else QuestionType.SINGLE_CHOICE
        return [
            Source(row.name, kind, row.labels, choices, question.labels) for row in question.items
        ]
    return [Source(question.name, question.type, question.labels, choices)]


def sources_before(definition: Definition, place: Place) -> list[Source]:
    """The questions answered before `place`, in order: what its skip rule may use."""
    found: list[Source] = []

    def visit(items: tuple[Item, ...], parent: str) -> bool:
        for index, item in enumerate(items):
            if parent == place.parent and index == place.index:
                return True
            if isinstance(item, Section):
                if visit(item.items, item.name):
                    return True
            else:
                found.extend(sources_of(definition, item))
        return parent == place.parent

    visit(definition.items, "")
    return found


@dataclass(frozen=True)
class Rule:
    """Show only if `question` `operator` `value` (an option's name or a number as text)."""

    question: str
    operator: Operator
    value: str = ""


def rule_problem(rule: Rule, source: Source) -> str:
    """Why the rule does not fit the question ("" when it does)."""
    if rule.operator not in source.operators:
        return _("Choose a condition that fits this question.")
    if rule.operator is Operator.ANSWERED:
        return ""
    if source.choices:
        if rule.value not in {choice.name for choice in source.options(rule.operator)}:
            if rule.operator in (Operator.AT_LEAST, Operator.AT_MOST):
                return _("Choose a point on the scale.")
            return _("Choose one of the question's options.")
        if "'" in rule.value:  # possible only in an imported list; an expression cannot hold it
            return _("This option's stored value has a quote (') and cannot be used in a rule.")
        return ""
    try:
        number = Decimal(rule.value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        return _("Enter a number.")
    return ""


def rule_expression(rule: Rule, source: Source) -> str:
    """The rule as the XLSForm `relevant` expression."""
    ref = "${" + rule.question + "}"
    if rule.operator is Operator.ANSWERED:
        return f"{ref} != ''"
    if "'" in rule.value:
        raise ValueError("an option's name holds no quote")
    if rule.operator is Operator.INCLUDES:
        return f"selected({ref}, '{rule.value}')"
    if rule.operator is Operator.EXCLUDES:
        return f"not(selected({ref}, '{rule.value}'))"
    symbol = {
        Operator.IS: "=",
        Operator.IS_NOT: "!=",
        Operator.AT_LEAST: ">=",
        Operator.AT_MOST: "<=",
    }
    if source.kind in NUMBER_TYPES or rule.operator in (Operator.AT_LEAST, Operator.AT_MOST):
        value = number_text(Decimal(rule.value))
    else:
        value = f"'{rule.value}'"
    return f"{ref} {symbol[rule.operator]} {value}"


def _selected(node: Any) -> tuple[str, str] | None:
    if node[0] == "call" and node[1] == "selected":
        question, option = node[2]
        if question[0] == "ref" and option[0] == "literal" and isinstance(option[1], str):
            return question[1], option[1]
    return None


_COMPARED = {
    "=": Operator.IS,
    "!=": Operator.IS_NOT,
    ">=": Operator.AT_LEAST,
    "<=": Operator.AT_MOST,
}


def _rule_of(node: Any) -> Rule | None:
    """The rule an expression's syntax tree says, if it is that simple (not yet checked
    against the question)."""
    if node[0] == "call" and node[1] == "not" and (inner := _selected(node[2][0])):
        return Rule(inner[0], Operator.EXCLUDES, inner[1])
    if selected := _selected(node):
        return Rule(selected[0], Operator.INCLUDES, selected[1])
    if node[0] != "compare" or node[2][0] != "ref" or node[1] not in _COMPARED:
        return None
    question, literal = node[2][1], node[3]
    if literal[0] == "literal" and isinstance(literal[1], str):
        if node[1] == "!=" and literal[1] == "":
            return Rule(question, Operator.ANSWERED)
        return Rule(question, _COMPARED[node[1]], literal[1])
    number = number_of(literal)
    return None if number is None else Rule(question, _COMPARED[node[1]], number_text(number))


def rule_from(expression: str, sources: list[Source]) -> Rule | None:
    """The rule a `relevant` expression is, when it is one the builder can show and write
    (on an earlier question, fitting its type); None for anything else."""
    try:
        rule = _rule_of(expressions.parse(expression))
    except expressions.ExpressionError:
        return None
    source = next((found for found in sources if rule and found.name == rule.question), None)
    if rule is None or source is None or rule_problem(rule, source):
        return None
    return rule


def rule_in_words(rule: Rule, source: Source, default: str) -> str:
    question = text_of(source.labels, default)
    if source.matrix:
        question = f"{text_of(source.matrix, default)}: {question}"
    value = rule.value
    for choice in source.choices:
        if choice.name == rule.value:
            value = text_of(choice.labels, default)
    template = {
        Operator.IS: _("“%(question)s” is “%(value)s”"),
        Operator.IS_NOT: _("“%(question)s” is not “%(value)s”"),
        Operator.INCLUDES: _("“%(value)s” is chosen in “%(question)s”"),
        Operator.EXCLUDES: _("“%(value)s” is not chosen in “%(question)s”"),
        Operator.AT_LEAST: _("“%(question)s” is at least “%(value)s”"),
        Operator.AT_MOST: _("“%(question)s” is at most “%(value)s”"),
        Operator.ANSWERED: _("“%(question)s” is answered"),
    }[rule.operator]
    return template % {"question": question, "value": value}


# --- what a change must not break -------------------------------------------------------------

ProblemKey = tuple[str, ...]


def _problem_keys(definition: Definition) -> set[ProblemKey]:
    """What is wrong with the skip rules and constraints, as comparable keys: a question
    that is not there, one that comes later, an option the question does not have."""
    names = all_names(definition)
    found: set[ProblemKey] = set()
    seen: dict[str, Source] = {}

    def check(item: Item, expression: str, *, constraint: bool) -> None:
        try:
            node = expressions.parse(expression)
        except expressions.ExpressionError:
            found.add(("unreadable", item.name, expression))
            return
        for ref in sorted(expressions.references(node)):
            if ref not in names:
                found.add(("missing", item.name, ref))
            elif ref not in seen and not constraint:
                found.add(("later", item.name, ref))
        rule = None if constraint else _rule_of(node)
        source = seen.get(rule.question) if rule else None
        if (
            rule
            and source
            and source.choices
            and rule.operator is not Operator.ANSWERED
            and rule.value not in {choice.name for choice in source.choices}
        ):
            found.add(("option", item.name, rule.question, rule.value))

    def visit(items: tuple[Item, ...]) -> None:
        for item in items:
            if item.relevant:
                check(item, item.relevant, constraint=False)
            if isinstance(item, Section):
                visit(item.items)
                continue
            if item.constraint:
                check(item, item.constraint, constraint=True)
            seen.update((source.name, source) for source in sources_of(definition, item))

    visit(definition.items)
    return found


def _labels_by_name(*definitions: Definition) -> dict[str, str]:
    texts: dict[str, str] = {}
    for definition in definitions:
        for _place, item in walk(definition.items):
            texts.setdefault(item.name, text_of(item.labels, definition.default_language))
            if isinstance(item, Question):
                for row in item.items:
                    texts.setdefault(row.name, text_of(row.labels, definition.default_language))
    return texts


def new_problems(before: Definition, after: Definition) -> list[str]:
    """What a change breaks that worked before, in words."""
    keys = sorted(_problem_keys(after) - _problem_keys(before))
    texts = _labels_by_name(after, before)
    messages = []
    for kind, item, *rest in keys:
        values = {"item": texts.get(item, item), "question": texts.get(rest[0], rest[0])}
        if kind == "missing":
            message = _(
                "The skip rule of “%(item)s” uses “%(question)s”, which would no longer be in "
                "the questionnaire. Change or remove that rule first."
            )
        elif kind == "later":
            message = _(
                "The skip rule of “%(item)s” uses “%(question)s”, which would then come after "
                "it. A skip rule can only use questions asked before."
            )
        elif kind == "option":
            message = _(
                "The skip rule of “%(item)s” uses the option “%(option)s” of “%(question)s”, "
                "which would no longer be there. Change that rule first."
            )
            values["option"] = rest[1]
        else:
            message = _("The skip rule of “%(item)s” cannot be read.")
        messages.append(message % values)
    return messages
