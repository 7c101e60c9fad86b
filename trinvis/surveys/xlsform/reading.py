"""Reading an XLSForm workbook into a Questionnaire (see the package docstring)."""

import io
import re

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from trinvis.surveys import expressions
from trinvis.surveys.xlsform.columns import (
    CHOICE_COLUMNS,
    CHOICES,
    SETTINGS,
    SURVEY,
    SURVEY_COLUMNS,
)
from trinvis.surveys.xlsform.model import Item, Question, Questionnaire, Section
from trinvis.surveys.xlsform.sheets import (
    Problem,
    XLSFormError,
    languages_of,
    read_choices,
    read_settings,
    read_sheet,
    report_unknown_columns,
)
from trinvis.surveys.xlsform.survey import SurveyReader

__all__ = ["Problem", "XLSFormError", "parse_xlsform"]

_PYXFORM_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_PYXFORM_SHEET = re.compile(r"On the '(\w+)' sheet")


def _pyxform_problem(content: bytes) -> Problem | None:
    """What pyxform's own conversion (no ODK Validate, which needs Java) says is wrong."""
    # Imported here: pyxform (and its XPath parser) is only needed when a form is uploaded.
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        convert(content, file_type=".xlsx", validate=False, warnings=[])
    except PyXFormError as error:
        message = str(error)
    except Exception as error:  # pyxform fails on some malformed files with plain errors
        message = f"{type(error).__name__}: {error}"
    else:
        return None
    row = _PYXFORM_ROW.search(message)
    sheet = _PYXFORM_SHEET.search(message)
    return Problem(
        sheet.group(1) if sheet else (SURVEY if row else ""),
        int(row.group(1)) if row else None,
        _("pyxform, the XLSForm reference converter, refuses the form: %(message)s")
        % {"message": message},
    )


def parse_xlsform(content: bytes, *, fallback_language: str = "da") -> Questionnaire:
    """Read an XLSForm (.xlsx); raises XLSFormError with every problem, and its sheet and row.

    `fallback_language` is the language of untranslated columns ("label") when the settings
    sheet names no default_language.
    """
    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:  # a broken zip raises anything from zipfile, zlib, lxml or openpyxl
        raise XLSFormError(
            [Problem("", None, _("The file cannot be read as an Excel workbook (.xlsx)."))]
        ) from None
    sheets = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
    if SURVEY not in sheets:
        raise XLSFormError(
            [Problem("", None, _("The workbook has no “survey” sheet, which every XLSForm needs."))]
        )
    problems: list[Problem] = []
    survey = read_sheet(sheets[SURVEY], SURVEY_COLUMNS, problems)
    choices = read_sheet(sheets[CHOICES], CHOICE_COLUMNS, problems) if CHOICES in sheets else None
    settings_sheet = read_sheet(sheets[SETTINGS], set(), problems) if SETTINGS in sheets else None
    for column in ("type", "name"):
        if (column, None) not in survey.keys:
            problems.append(
                Problem(
                    survey.title,
                    1,
                    _("The survey sheet has no “%(column)s” column.") % {"column": column},
                )
            )
    settings = read_settings(settings_sheet, problems)
    default, languages = languages_of(
        [survey, *([choices] if choices else [])], settings, fallback_language, problems
    )
    lists = read_choices(choices, default, problems) if choices else None
    reader = SurveyReader(survey.title, default, lists, problems)
    items = reader.read(survey.rows) if ("type", None) in survey.keys else ()
    for sheet in (survey, choices):
        if sheet is not None:
            report_unknown_columns(sheet, problems)
    if not problems and not items:
        problems.append(Problem(survey.title, None, _("The survey sheet has no questions.")))
    problems.extend(expression_problems(items, survey.title))
    if pyxform_problem := _pyxform_problem(content):
        problems.append(pyxform_problem)
    if problems:
        raise XLSFormError(problems)
    return Questionnaire(
        title=settings.title,
        form_id=settings.form_id,
        version=settings.version,
        default_language=default,
        languages=languages,
        items=items,
        choice_lists=tuple((lists or {}).values()),
    )


def expression_problems(items: tuple[Item, ...], sheet: str) -> list[Problem]:
    """Skip logic and constraints that Trinvis cannot evaluate when people answer: an
    unknown function, a reference to a question that is not in the form, `.` outside a
    constraint. Reported on the row that holds the expression."""
    names: set[str] = set()

    def collect(found: tuple[Item, ...]) -> None:
        for item in found:
            if isinstance(item, Section):
                collect(item.items)
            else:
                names.add(item.name)
                names.update(row.name for row in item.items)

    collect(items)
    problems: list[Problem] = []

    def report(item: Item, expression: str, *, constraint: bool) -> None:
        for problem in expressions.check(expression, names=names, allow_current=constraint):
            message = _(problem.template) % problem.params
            problems.append(Problem(sheet, item.row or None, message))

    def walk(found: tuple[Item, ...]) -> None:
        for item in found:
            if item.relevant:
                report(item, item.relevant, constraint=False)
            if isinstance(item, Section):
                walk(item.items)
            elif isinstance(item, Question) and item.constraint:
                report(item, item.constraint, constraint=True)

    walk(items)
    return problems
