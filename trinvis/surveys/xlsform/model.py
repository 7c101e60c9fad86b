"""The plain questionnaire that XLSForm files are read into and written from.

Texts shown to respondents are `Labels`: language code → text (`{"da": …, "nb": …, "en":
…}`); a language without a text is left out. Skip logic and constraints stay XLSForm
expressions (`${changes} = 'yes'`), so they mean in Trinvis what they mean in ODK.
The model checks its own invariants: a question carries only what its type can use.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

Labels = dict[str, str]

LIKERT_POINTS = 5
SCALE_MIN, SCALE_MAX = 0, 10


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    # A single choice on a list whose first five choices are named "1" … "5", lowest
    # first; at most one more choice ("don't know") follows and is not on the scale.
    LIKERT = "likert"
    SCALE_0_10 = "scale_0_10"
    INTEGER = "integer"
    DECIMAL = "decimal"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    # Likert-style items (or any single choices) sharing one choice list, asked as a table.
    MATRIX = "matrix"
    NOTE = "note"


CHOICE_TYPES = frozenset(
    {
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.LIKERT,
        QuestionType.MATRIX,
    }
)


@dataclass(frozen=True)
class Choice:
    """One option of a choice list: the value stored in answers and its labels."""

    name: str
    labels: Labels

    @property
    def scale_value(self) -> int | None:
        """The point on a Likert scale (1–5), or None for an option off the scale."""
        if self.name.isascii() and self.name.isdigit() and 1 <= int(self.name) <= LIKERT_POINTS:
            return int(self.name)
        return None


@dataclass(frozen=True)
class ChoiceList:
    """A named list of options that choice questions refer to."""

    name: str
    choices: tuple[Choice, ...]

    @property
    def is_likert(self) -> bool:
        """Five choices named "1" … "5" in order, then at most one "don't know"."""
        names = [choice.name for choice in self.choices]
        expected = [str(value) for value in range(1, LIKERT_POINTS + 1)]
        return names[:LIKERT_POINTS] == expected and len(names) <= LIKERT_POINTS + 1

    @property
    def off_scale(self) -> tuple[Choice, ...]:
        """The options of a Likert list that are kept out of means ("don't know")."""
        return tuple(choice for choice in self.choices if choice.scale_value is None)


@dataclass(frozen=True)
class MatrixItem:
    """One row of a matrix: a single choice on the matrix's list."""

    name: str
    labels: Labels
    required: bool = False
    row: int = field(default=0, compare=False)  # the survey sheet row read from; 0 when built


@dataclass(frozen=True)
class Question:
    """One question (or a note) of a questionnaire.

    `choice_list` names a list in `Questionnaire.choice_lists` for the choice types. A
    matrix keeps its rows in `items` (each with its own `required`); its own `required`,
    `constraint` and constraint messages are unused and must stay empty.
    """

    name: str
    type: QuestionType
    labels: Labels
    hints: Labels = field(default_factory=dict)
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_messages: Labels = field(default_factory=dict)
    choice_list: str = ""
    items: tuple[MatrixItem, ...] = ()
    row: int = field(default=0, compare=False)  # the survey sheet row read from; 0 when built

    def __post_init__(self) -> None:
        if (self.type in CHOICE_TYPES) != bool(self.choice_list):
            raise ValueError(f"{self.name}: only choice questions name a choice list")
        if (self.type is QuestionType.MATRIX) != bool(self.items):
            raise ValueError(f"{self.name}: a matrix, and only a matrix, has items")
        if self.type in (QuestionType.MATRIX, QuestionType.NOTE) and (
            self.required or self.constraint or self.constraint_messages
        ):
            raise ValueError(f"{self.name}: a {self.type} is neither required nor constrained")
        if self.constraint_messages and not self.constraint:
            raise ValueError(f"{self.name}: a constraint message needs a constraint")


@dataclass(frozen=True)
class Section:
    """A group of questions (and sections) shown together, optionally only if `relevant`."""

    name: str
    labels: Labels
    relevant: str = ""
    items: tuple["Question | Section", ...] = ()
    row: int = field(default=0, compare=False)  # the survey sheet row read from; 0 when built


Item = Question | Section


@dataclass(frozen=True)
class Questionnaire:
    """A whole questionnaire: settings, questions and sections in order, and choice lists.

    `languages` are the label languages in the order they are written, `default_language`
    among them; `form_id` and `version` are XLSForm's own (empty when not given).
    """

    title: str
    default_language: str
    languages: tuple[str, ...]
    items: tuple[Item, ...]
    choice_lists: tuple[ChoiceList, ...] = ()
    form_id: str = ""
    version: str = ""

    def __post_init__(self) -> None:
        if len(set(self.languages)) != len(self.languages):
            raise ValueError(f"a language is listed twice: {self.languages}")
        if self.default_language not in self.languages:
            raise ValueError(f"the default language {self.default_language} is not listed")

    def questions(self) -> Iterator[Question]:
        """Every question in order, sections opened (a matrix counts as one question)."""

        def walk(items: tuple[Item, ...]) -> Iterator[Question]:
            for item in items:
                if isinstance(item, Section):
                    yield from walk(item.items)
                else:
                    yield item

        return walk(self.items)

    def choice_list(self, name: str) -> ChoiceList:
        for choice_list in self.choice_lists:
            if choice_list.name == name:
                return choice_list
        raise KeyError(name)


# --- scales ------------------------------------------------------------------------------

# Shipped content, not interface text: the wording of the scale in every language a
# questionnaire is written in, so these stay literal rather than going through gettext.
LIKERT_EXTENT: dict[str, tuple[str, str, str, str, str]] = {
    "da": ("I meget lille grad", "I lille grad", "I nogen grad", "I høj grad", "I meget høj grad"),
    "nb": ("I svært liten grad", "I liten grad", "I noen grad", "I stor grad", "I svært stor grad"),
    "en": (
        "To a very small extent",
        "To a small extent",
        "To some extent",
        "To a large extent",
        "To a very large extent",
    ),
}
DONT_KNOW_NAME = "dont_know"
DONT_KNOW: dict[str, str] = {"da": "Ved ikke", "nb": "Vet ikke", "en": "Don't know"}


def likert_choice_list(
    name: str = "extent",
    *,
    dont_know: bool = False,
    languages: tuple[str, ...] = ("da", "nb", "en"),
) -> ChoiceList:
    """The five-point "to a very small … very large extent" list, in `languages`.

    Values are "1" … "5"; with `dont_know`, a sixth option "dont_know" follows, off the
    scale. Raises KeyError for a language the scale has no wording in.
    """
    choices = [
        Choice(str(point), {language: LIKERT_EXTENT[language][point - 1] for language in languages})
        for point in range(1, LIKERT_POINTS + 1)
    ]
    if dont_know:
        choices.append(
            Choice(DONT_KNOW_NAME, {language: DONT_KNOW[language] for language in languages})
        )
    return ChoiceList(name, tuple(choices))
