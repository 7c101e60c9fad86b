"""Reading one cell of a response file: an answer to a question, or a respondent attribute.

Answers come out exactly as the answer form reads them (forms.AnswerValue): a choice's
name, a list of chosen names in the questionnaire's order, a number quantized to four
decimals, or a text. So an imported answer is stored, counted and shown like one given in
Trinvis. Options are known by their name or by their label in any of the questionnaire's
languages, case and spacing aside; a Likert point also by its number (which is its name).

Attribute values are accepted as stored ("leader") or as their label in Danish, Norwegian
or English ("Leder"), whether or not the translation catalogues are compiled, plus the
words people write for them in spreadsheets ("NAV", "ja").

A bad cell raises CellError with a translated message that quotes the cell.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.people_import import ROLE_ALIASES
from trinvis.surveys.forms import LONG_TEXT_MAX, SHORT_TEXT_MAX, AnswerValue, label_in
from trinvis.surveys.models import Question, Response
from trinvis.surveys.results import COUNTRIES
from trinvis.surveys.xlsform import QuestionType

LANGUAGES = ("da", "nb", "en")
NUMBER_LIMIT = Decimal("1e10")  # as the answer form: Answer.number has ten integer digits
_FOUR_PLACES = Decimal("0.0001")
_QUOTE_AT_MOST = 60

YES = frozenset({"yes", "ja", "1", "true", "sand", "sann", "sant", "y", "j", "x"})
NO = frozenset({"no", "nej", "nei", "0", "false", "falsk", "usann", "n"})

SIZE_ALIASES = {
    "small": {"lille", "liten", "lita", "lille kommune", "liten kommune"},
    "medium": {"mellem", "mellemstor", "mellomstor", "middels", "mellemstor kommune"},
    "large": {"stor", "store", "stor kommune"},
}
UNIT_ALIASES = {
    "employment": {"jobcenter", "jobcentre", "jobcentret", "nav"},
    "adult_education": {"sprogcenter", "sprogcentret", "voksenopplæring", "voksenopplæringen"},
    "refugee_service": {"flygtningeteam", "flyktningtjenesten", "flyktningetjenesten"},
    "other": {"anden", "andet", "annen", "anna", "andre"},
}
COUNTRY_ALIASES = {
    "DK": {"danmark", "denmark"},
    "NO": {"norge", "noreg", "norway"},
    "SE": {"sverige", "sweden"},
    "FI": {"finland", "suomi"},
    "IS": {"island", "ísland", "iceland"},
}


def memoised(read: Callable[[str], Any], limit: int = 10_000) -> Callable[[str], Any]:
    """`read` with its results kept per cell text (not its errors, which are rare). The
    values it returns are shared between rows and never changed."""
    cache: dict[str, Any] = {}

    def cached(cell: str) -> Any:
        try:
            return cache[cell]
        except KeyError:
            value = read(cell)
            if len(cache) < limit:
                cache[cell] = value
            return value

    return cached


class CellError(Exception):
    """A cell that cannot be read; `message` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def quote(text: str) -> str:
    return text if len(text) <= _QUOTE_AT_MOST else text[: _QUOTE_AT_MOST - 1] + "…"


# --- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionReader:
    """How the cells of one question's column are read."""

    question: Question
    names: tuple[str, ...]  # the options' names in the questionnaire's order
    lookup: Mapping[str, str]  # folded name or label → name
    labels: Mapping[str, str]  # name → label in the user's language, for messages

    @classmethod
    def build(cls, question: Question, *, language: str, default: str) -> "QuestionReader":
        names = tuple(choice["name"] for choice in question.choices)
        lookup: dict[str, str] = {}
        # Names first, then labels in the default language, then the others: an option's
        # name wins over another option's label that happens to read the same.
        for choice in question.choices:
            lookup.setdefault(fold(choice["name"]), choice["name"])
        languages = [default, *(code for c in question.choices for code in c["labels"])]
        for code in dict.fromkeys(languages):
            for choice in question.choices:
                label = choice["labels"].get(code, "")
                if label.strip():
                    lookup.setdefault(fold(label), choice["name"])
        labels = {c["name"]: label_in(c["labels"], language, default) for c in question.choices}
        return cls(question, names, lookup, labels)

    def reader(self) -> Callable[[str], AnswerValue]:
        """`read`, remembering what each distinct cell gave: a column of choices or numbers
        holds few distinct values, so most cells cost one dictionary lookup."""
        if self.question.kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            return self.read
        return memoised(self.read)

    def read(self, cell: str) -> AnswerValue:
        """A non-empty cell as this question's answer; raises CellError."""
        kind = self.question.kind
        if kind == QuestionType.MULTIPLE_CHOICE:
            return self.chosen(cell)
        if kind in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT):
            return self.option(cell)
        if kind in (QuestionType.SCALE_0_10, QuestionType.INTEGER, QuestionType.DECIMAL):
            return read_number(cell, kind)
        limit = LONG_TEXT_MAX if kind == QuestionType.LONG_TEXT else SHORT_TEXT_MAX
        if len(cell) > limit:
            raise CellError(
                _("The text has %(length)s characters; at most %(limit)s are kept.")
                % {"length": len(cell), "limit": limit}
            )
        return cell

    def option(self, cell: str) -> str:
        name = self.lookup.get(fold(cell))
        if name is None and self.question.kind == QuestionType.LIKERT:
            name = self.lookup.get(_whole_number_text(cell) or "")
        if name is None:
            raise CellError(
                _("“%(value)s” is not an option of this question. The options are: %(options)s.")
                % {"value": quote(cell), "options": self.options_text()}
            )
        return name

    def chosen(self, cell: str) -> list[str]:
        """Options separated by ";", "," or spaces (as XLSForm tools export them)."""
        whole = self.lookup.get(fold(cell))
        if whole is not None:
            return [whole]
        unknown: list[str] = []
        for separator in (";", ",", None):
            if separator is not None and separator not in cell:
                continue
            parts = [part for part in cell.split(separator) if part.strip()]
            found = [self.lookup.get(fold(part)) for part in parts]
            if all(found):
                wanted = set(found)
                return [name for name in self.names if name in wanted]
            if not unknown:
                unknown = [
                    part.strip() for part, name in zip(parts, found, strict=True) if not name
                ]
        raise CellError(
            _("“%(value)s” is not an option of this question. The options are: %(options)s.")
            % {"value": quote(", ".join(unknown) or cell), "options": self.options_text()}
        )

    def options_text(self) -> str:
        return ", ".join(f"{name} ({self.labels[name]})" for name in self.names)


def _whole_number_text(cell: str) -> str | None:
    """ "4,0" or "4.0" (a Likert point written as a number) → "4"."""
    try:
        number = Decimal(cell.replace(",", "."))
    except InvalidOperation:
        return None
    if number.is_finite() and number == number.to_integral_value():
        return str(int(number))
    return None


def read_number(cell: str, kind: str) -> Decimal:
    """A number with a decimal point or comma, checked as the answer form checks it."""
    try:
        number = Decimal(cell.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise CellError(_("“%(value)s” is not a number.") % {"value": quote(cell)})
    if kind != QuestionType.DECIMAL and number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": quote(cell)})
    if kind == QuestionType.SCALE_0_10 and not 0 <= number <= 10:
        raise CellError(_("“%(value)s” is not a number from 0 to 10.") % {"value": quote(cell)})
    return number.quantize(_FOUR_PLACES)


def read_ticked(cell: str) -> bool:
    """A cell of a one-column-per-option file: ticked (1, yes, x) or not (0, no, empty)."""
    folded = fold(cell)
    if folded in YES:
        return True
    if folded in NO or not folded:
        return False
    raise CellError(
        _("“%(value)s”: write 1 if the option was chosen, 0 or nothing if not.")
        % {"value": quote(cell)}
    )


# --- attributes ------------------------------------------------------------------------------


def _labels_everywhere(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Folded value and label (in every language of the site) → value."""
    choices = list(choices)
    lookup = {fold(value): value for value, _label in choices}
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                lookup.setdefault(fold(str(label)), value)
    return lookup


def _with_aliases(lookup: dict[str, str], aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    for value, words in aliases.items():
        for word in words:
            lookup.setdefault(fold(word), value)
    return lookup


@dataclass(frozen=True)
class Municipalities:
    """The municipalities an import may name: by folded name (several may share one) and
    by official number."""

    by_name: Mapping[str, Sequence[Organisation]]
    by_number: Mapping[str, Organisation]

    @classmethod
    def of(cls, organisations: Iterable[Organisation]) -> "Municipalities":
        by_name: dict[str, list[Organisation]] = {}
        by_number: dict[str, Organisation] = {}
        for organisation in organisations:
            by_name.setdefault(fold(organisation.name), []).append(organisation)
            if organisation.municipality_number:
                by_number[organisation.municipality_number] = organisation
        return cls(by_name, by_number)

    def find(self, cell: str) -> Organisation:
        named = self.by_name.get(fold(cell), [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise CellError(
                _(
                    "Several municipalities are called “%(value)s”. Write the municipality "
                    "number instead."
                )
                % {"value": quote(cell)}
            )
        number = _whole_number_text(cell) or cell
        # Excel drops the leading zero of Norwegian numbers such as 0301.
        for candidate in (number, number.zfill(3), number.zfill(4)):
            if candidate in self.by_number:
                return self.by_number[candidate]
        raise CellError(
            _(
                "No municipality of this survey's organisation is called “%(value)s” or has "
                "that number."
            )
            % {"value": quote(cell)}
        )


class AttributeReaders:
    """Readers of the respondent attributes a file may have columns for."""

    def __init__(self, municipalities: Municipalities) -> None:
        self.municipalities = municipalities
        self.sizes = _with_aliases(
            {
                **_labels_everywhere(Organisation.SizeClass.choices),
                **_labels_everywhere(Response.SizeClass.choices),
            },
            SIZE_ALIASES,
        )
        self.roles = _with_aliases(_labels_everywhere(Membership.Role.choices), ROLE_ALIASES)
        self.unit_types = _with_aliases(
            _labels_everywhere(Organisation.UnitType.choices), UNIT_ALIASES
        )
        self.countries = _with_aliases(_labels_everywhere(COUNTRIES.items()), COUNTRY_ALIASES)
        self.readers: dict[str, Callable[[str], Any]] = {
            "size_class": self._lookup(self.sizes, Response.SizeClass.choices),
            "role": self._lookup(self.roles, Membership.Role.choices),
            "unit_type": self._lookup(self.unit_types, Organisation.UnitType.choices),
            "country": self._lookup(self.countries, list(COUNTRIES.items())),
            "contact_person": self._contact_person,
            "municipality": self.municipalities.find,
        }
        self.readers = {name: memoised(read) for name, read in self.readers.items()}

    @staticmethod
    def _lookup(
        lookup: Mapping[str, str], choices: Sequence[tuple[str, Any]]
    ) -> Callable[[str], str]:
        def read(cell: str) -> str:
            value = lookup.get(fold(cell))
            if value is None:
                raise CellError(
                    _("“%(value)s” is not one of: %(options)s.")
                    % {
                        "value": quote(cell),
                        "options": ", ".join(f"{v} ({label})" for v, label in choices),
                    }
                )
            return value

        return read

    @staticmethod
    def _contact_person(cell: str) -> bool:
        folded = fold(cell)
        if folded in YES:
            return True
        if folded in NO:
            return False
        raise CellError(
            _("“%(value)s”: write yes or no (also ja, nej, nei, 1, 0, true, false).")
            % {"value": quote(cell)}
        )
