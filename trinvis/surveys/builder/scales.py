"""The ready five-point scales a Likert question or a matrix can use, and the limits of a
number question as an XLSForm constraint (see the package docstring)."""

from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from trinvis.surveys import expressions
from trinvis.surveys.xlsform import (
    DONT_KNOW,
    DONT_KNOW_NAME,
    LIKERT_EXTENT,
    Choice,
    ChoiceList,
    Labels,
)
from trinvis.surveys.xlsform.model import LIKERT_POINTS

# --- ready-made five-point scales --------------------------------------------------------

# Shipped content in the languages a questionnaire is written in, not interface text, so the
# wording stays literal (as `xlsform.model.LIKERT_EXTENT`). Our own words, lowest first.
READY_SCALES: dict[str, dict[str, tuple[str, str, str, str, str]]] = {
    "extent": LIKERT_EXTENT,
    "satisfaction": {
        "da": (
            "Meget utilfreds",
            "Utilfreds",
            "Hverken tilfreds eller utilfreds",
            "Tilfreds",
            "Meget tilfreds",
        ),
        "nb": (
            "Svært misfornøyd",
            "Misfornøyd",
            "Verken fornøyd eller misfornøyd",
            "Fornøyd",
            "Svært fornøyd",
        ),
        "en": (
            "Very dissatisfied",
            "Dissatisfied",
            "Neither satisfied nor dissatisfied",
            "Satisfied",
            "Very satisfied",
        ),
    },
    "agreement": {
        "da": (
            "Helt uenig",
            "Delvis uenig",
            "Hverken enig eller uenig",
            "Delvis enig",
            "Helt enig",
        ),
        "nb": ("Helt uenig", "Delvis uenig", "Verken enig eller uenig", "Delvis enig", "Helt enig"),
        "en": (
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ),
    },
}


def scale_choices(key: str, *, dont_know: bool, languages: tuple[str, ...]) -> tuple[Choice, ...]:
    """A ready scale's options "1" … "5" in `languages` (those it has words for), then, with
    `dont_know`, the off-scale "dont_know" that analysis keeps out of means."""
    wording = READY_SCALES[key]
    known = [language for language in languages if language in wording]
    choices = [
        Choice(str(point), {language: wording[language][point - 1] for language in known})
        for point in range(1, LIKERT_POINTS + 1)
    ]
    if dont_know:
        choices.append(
            Choice(DONT_KNOW_NAME, {language: DONT_KNOW[language] for language in known})
        )
    return tuple(choices)


def scale_of(choice_list: ChoiceList, languages: tuple[str, ...]) -> str:
    """Which ready scale a list is ("" for none), with or without "don't know"."""
    dont_know = len(choice_list.choices) > LIKERT_POINTS
    for key in READY_SCALES:
        if choice_list.choices == scale_choices(key, dont_know=dont_know, languages=languages):
            return key
    return ""


def own_scale(
    choices: tuple[Choice, ...], *, dont_know: bool, languages: tuple[str, ...]
) -> tuple[Choice, ...]:
    """A scale that is none of the ready ones, kept as it is, with or without its off-scale
    option (Trinvis' "don't know", in `languages`, when it had none)."""
    points, off = choices[:LIKERT_POINTS], choices[LIKERT_POINTS:]
    if not dont_know:
        return points
    if off:
        return (*points, off[0])
    words = {language: DONT_KNOW[language] for language in languages if language in DONT_KNOW}
    return (*points, Choice(DONT_KNOW_NAME, words))


# --- number limits -------------------------------------------------------------------------


def number_text(value: Decimal | float) -> str:
    """A number as an expression writes it: "7", "2.5", "-1" (never "7.0" or "1E+1")."""
    return format(plain_number(Decimal(str(value))), "f")


def plain_number(number: Decimal) -> Decimal:
    """The number without trailing zeros, and whole numbers without a decimal point."""
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def number_constraint(minimum: Decimal | None, maximum: Decimal | None) -> str:
    """The XLSForm constraint for an answer between the limits ("" without limits)."""
    parts = []
    if minimum is not None:
        parts.append(f". >= {number_text(minimum)}")
    if maximum is not None:
        parts.append(f". <= {number_text(maximum)}")
    return " and ".join(parts)


def number_of(node: Any) -> Decimal | None:
    """The number a syntax-tree node is (a literal, or a negated one), else None."""
    if node[0] == "negate" and node[1][0] == "literal" and isinstance(node[1][1], float):
        return -plain_number(Decimal(str(node[1][1])))
    if node[0] == "literal" and isinstance(node[1], float):
        return plain_number(Decimal(str(node[1])))
    return None


def number_limits(constraint: str) -> tuple[Decimal | None, Decimal | None] | None:
    """(minimum, maximum) of a constraint `number_constraint` could have written, else None."""
    try:
        node = expressions.parse(constraint)
    except expressions.ExpressionError:
        return None
    parts = [node[1], node[2]] if node[0] == "and" else [node]
    limits: dict[str, Decimal] = {}
    for part in parts:
        if part[0] != "compare" or part[1] not in (">=", "<=") or part[2] != ("current",):
            return None
        number = number_of(part[3])
        if number is None or part[1] in limits:
            return None
        limits[part[1]] = number
    return limits.get(">="), limits.get("<=")


def number_messages(
    minimum: Decimal | None, maximum: Decimal | None, languages: tuple[str, ...]
) -> Labels:
    """What a respondent is told when a number is outside the limits, in every language."""
    values = {
        "minimum": number_text(minimum) if minimum is not None else "",
        "maximum": number_text(maximum) if maximum is not None else "",
    }
    messages: Labels = {}
    for language in languages:
        with translation.override(language):
            if minimum is not None and maximum is not None:
                message = _("Enter a number from %(minimum)s to %(maximum)s.")
            elif minimum is not None:
                message = _("Enter a number of at least %(minimum)s.")
            else:
                message = _("Enter a number of at most %(maximum)s.")
            messages[language] = message % values
    return messages
