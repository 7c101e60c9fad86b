"""The XLSForm workbook as rows of text, and what the choices and settings sheets hold.

A problem found anywhere is a `Problem` with its sheet and row; `XLSFormError` carries
them all."""

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.worksheet.worksheet import Worksheet

from trinvis.surveys.xlsform.columns import COLUMN_ALIASES, SETTINGS, TRANSLATABLE, language_code
from trinvis.surveys.xlsform.model import Choice, ChoiceList, Labels


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused: the sheet and row it is on (when known), and what."""

    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        if self.sheet and self.row:
            return _("%(sheet)s, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        if self.sheet:
            return f"{self.sheet}: {self.message}"
        return self.message


class XLSFormError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


# --- sheets as rows of text --------------------------------------------------------------

Key = tuple[str, str | None]  # (column, language code or None for an untranslated column)


@dataclass
class Row:
    number: int
    cells: dict[Key, str]

    def text(self, key: str) -> str:
        return self.cells.get((key, None), "")

    def labels(self, key: str, default: str) -> Labels:
        return {language or default: text for (k, language), text in self.cells.items() if k == key}

    def used(self) -> set[str]:
        return {key for key, _language in self.cells}


@dataclass
class Sheet:
    title: str
    keys: list[Key]  # the columns read, in order
    rows: list[Row]
    unknown: dict[str, list[int]] = field(default_factory=dict)  # column → rows using it


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column(header: str, *, sheet: str, problems: list[Problem]) -> Key | None:
    """(column, language) for a header; None for a column Trinvis skips or cannot name."""
    if not header or header.startswith(("$", "_")):
        return None  # empty, or bookkeeping of a form builder (KoboToolbox's "$kuid")
    base, separator, rest = header.partition("::")
    base = " ".join(base.lower().split())
    base = COLUMN_ALIASES.get(base, base)
    if not separator:
        return base, None
    if base not in TRANSLATABLE:
        return f"{base}::{rest}", None
    code = language_code(rest)
    if code is None:
        problems.append(
            Problem(
                sheet,
                1,
                _(
                    "The column “%(column)s” names no language code; write it like "
                    "“%(key)s::Dansk (da)” or “%(key)s::da”."
                )
                % {"column": header, "key": base},
            )
        )
        return None
    return base, code


def read_sheet(sheet: Worksheet, known: AbstractSet[str], problems: list[Problem]) -> Sheet:
    rows = sheet.iter_rows(values_only=True)
    header = [cell_text(value) for value in next(rows, ())]
    keys: list[Key | None] = []
    for text in header:
        key = _column(text, sheet=sheet.title, problems=problems)
        if key is not None and key in keys:
            problems.append(
                Problem(
                    sheet.title, 1, _("The column “%(column)s” is there twice.") % {"column": text}
                )
            )
            key = None
        keys.append(key)
    result = Sheet(sheet.title, [key for key in keys if key is not None], [])
    for number, values in enumerate(rows, start=2):
        cells = {
            key: text
            for key, value in zip(keys, values, strict=False)
            if key is not None and (text := cell_text(value))
        }
        if not cells:
            continue
        for column, _language in cells:
            if column not in known:
                result.unknown.setdefault(column, []).append(number)
        result.rows.append(Row(number, cells))
    return result


_UNKNOWN_COLUMN_MESSAGES = {
    "choice_filter": lambda: _("Cascading choices (“choice_filter”) are not supported by Trinvis."),
    "calculation": lambda: _("Calculations are not supported by Trinvis."),
    "repeat_count": lambda: _("Repeat groups are not supported by Trinvis."),
}


def report_unknown_columns(sheet: Sheet, problems: list[Problem]) -> None:
    for column, numbers in sheet.unknown.items():
        if column in _UNKNOWN_COLUMN_MESSAGES:
            reason = _UNKNOWN_COLUMN_MESSAGES[column]()
        elif column.split("::")[0] in {"media", "image", "big-image", "audio", "video"}:
            reason = _("Pictures, sound and video in a form are not supported by Trinvis.")
        else:
            reason = _("Trinvis does not support the column “%(column)s”.") % {"column": column}
        count = ngettext(
            "Empty or remove the column (it is filled in on %(count)s row).",
            "Empty or remove the column (it is filled in on %(count)s rows, from this one on).",
            len(numbers),
        ) % {"count": len(numbers)}
        problems.append(Problem(sheet.title, numbers[0], f"{reason} {count}"))


# --- the choices and settings sheets -----------------------------------------------------


def read_choices(sheet: Sheet, default: str, problems: list[Problem]) -> dict[str, ChoiceList]:
    if not sheet.rows:
        return {}  # an empty sheet, as form builders write for a form without choices
    missing = [column for column in ("list_name", "name") if (column, None) not in sheet.keys]
    if missing or not any(key == "label" for key, _language in sheet.keys):
        problems.append(
            Problem(
                sheet.title, 1, _("The choices sheet needs the columns list_name, name and label.")
            )
        )
        return {}
    choices: dict[str, list[Choice]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in sheet.rows:
        list_name, name = row.text("list_name"), row.text("name")
        labels = row.labels("label", default)
        if not list_name or not name:
            problems.append(
                Problem(sheet.title, row.number, _("Every choice needs a list_name and a name."))
            )
            continue
        if (list_name, name) in seen:
            problems.append(
                Problem(
                    sheet.title,
                    row.number,
                    _("The list “%(list)s” already has a choice “%(name)s” (row %(row)s).")
                    % {"list": list_name, "name": name, "row": seen[list_name, name]},
                )
            )
            continue
        seen[list_name, name] = row.number
        if not labels:
            problems.append(
                Problem(
                    sheet.title,
                    row.number,
                    _("The choice “%(name)s” has no label.") % {"name": name},
                )
            )
        if " " in name:
            problems.append(
                Problem(
                    sheet.title,
                    row.number,
                    _("The choice name “%(name)s” has a space; use “_” instead.") % {"name": name},
                )
            )
        choices.setdefault(list_name, []).append(Choice(name, labels))
    return {name: ChoiceList(name, tuple(options)) for name, options in choices.items()}


@dataclass
class Settings:
    title: str = ""
    form_id: str = ""
    version: str = ""
    default_language: str | None = None


def read_settings(sheet: Sheet | None, problems: list[Problem]) -> Settings:
    # Other settings (instance_name, style, submission_url, public_key, …) are about how ODK
    # delivers a form, not what it asks; Trinvis delivers its own forms and skips them.
    if sheet is None or not sheet.rows:
        return Settings()
    row = sheet.rows[0]
    settings = Settings(row.text("form_title"), row.text("form_id"), row.text("version"))
    if language := row.text("default_language"):
        settings.default_language = language_code(language)
        if settings.default_language is None:
            problems.append(
                Problem(
                    sheet.title,
                    row.number,
                    _(
                        "The default language “%(language)s” names no language code; write "
                        "it like “Dansk (da)”."
                    )
                    % {"language": language},
                )
            )
    return settings


def languages_of(
    sheets: list[Sheet], settings: Settings, fallback: str, problems: list[Problem]
) -> tuple[str, tuple[str, ...]]:
    """(default language, every language) of the form, in the order the columns come."""
    translated = [(sheet, key) for sheet in sheets for key in sheet.keys if key[0] in TRANSLATABLE]
    explicit = [language for _sheet, (_key, language) in translated if language is not None]
    plain = any(language is None for _sheet, (_key, language) in translated)
    default = settings.default_language or (fallback if plain or not explicit else explicit[0])
    languages: list[str] = []
    for sheet, (key, language) in translated:
        code = language or default
        if language is None and (key, default) in sheet.keys:
            problems.append(
                Problem(
                    sheet.title,
                    1,
                    _(
                        "The columns “%(key)s” and “%(key)s::%(language)s” both hold texts in "
                        "the default language."
                    )
                    % {"key": key, "language": default},
                )
            )
        if code not in languages:
            languages.append(code)
    if default not in languages:
        if translated:
            problems.append(
                Problem(
                    SETTINGS,
                    2,
                    _("No column holds labels in the default language (%(language)s).")
                    % {"language": default},
                )
            )
        languages.insert(0, default)
    return default, tuple(languages)
