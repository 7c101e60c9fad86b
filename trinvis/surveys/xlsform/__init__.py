"""Questionnaires in and out of XLSForm, the spreadsheet format of ODK and KoboToolbox.

`parse_xlsform(content)` reads an .xlsx workbook into a `Questionnaire`;
`export_xlsform(questionnaire)` writes one back, and `parse_xlsform(export_xlsform(q)) ==
q`. Parsing either returns the whole questionnaire or raises `XLSFormError` with every
problem and the sheet and row it is on: nothing is ever half-read. Besides Trinvis' own
checks, the file goes through pyxform's conversion to XForm (pyxform is the reference
XLSForm implementation); what pyxform refuses is reported with pyxform's own message.
ODK Validate (Java) is not run.

**Sheets.** "survey" (required), "choices" (required when a choice list is used) and
"settings" (optional: form_title, form_id, version, default_language; the other settings
are about how ODK delivers a form and are skipped). Other sheets are not read. Columns
whose header starts with "$" or "_" are form builders' bookkeeping and are skipped; any
other column Trinvis does not read is an error on the first row that fills it in.

**Languages.** Texts are kept per language code. "label::Dansk (da)", "label::da" and
"label::Danish" all hold Danish; a plain "label" column holds the default language (the
settings' default_language, else `fallback_language`, "da"). Export writes
"label::Dansk (da)" style headers for every language of the questionnaire.

**Question types** (XLSForm → Trinvis):

- ``select_one L`` → single choice; with appearance ``likert`` → a Likert question, whose
  list must have choices named "1" … "5" (lowest first) and at most one more off the scale,
  such as "dont_know", which is kept out of means (`likert_choice_list` builds one);
- ``select_multiple L`` → multiple choice;
- ``range`` with parameters ``start=0 end=10 step=1`` → the 0–10 scale (no other range);
- ``integer``, ``decimal`` → numbers; ``text`` → short text, with appearance ``multiline``
  → long text; ``note`` → a note;
- ``begin_group`` … ``end_group`` → a section; with appearance ``table-list`` → a matrix
  of ``select_one`` rows on one list; with ``field-list``, when every row is a
  ``select_one`` on one Likert list (a row with appearance ``label`` being the header) →
  a matrix too, else a section. A matrix row has a name, a label and "required" only.
- ``start``, ``end``, ``today`` are skipped: Trinvis records those times itself.

Refused with a message naming sheet and row: repeat groups, locations, pictures, sound,
files and barcodes, calculations and hidden values, choices from files, cascading choices
(choice_filter), ``or_other``, conditional ``required``, media columns, any other type.
Other appearances only change how ODK Collect draws a question and are not kept.
Skip logic (relevant) and constraints stay XLSForm expressions, checked by pyxform.
"""

from trinvis.surveys.xlsform.model import (
    DONT_KNOW,
    DONT_KNOW_NAME,
    LIKERT_EXTENT,
    Choice,
    ChoiceList,
    Item,
    Labels,
    MatrixItem,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    likert_choice_list,
)
from trinvis.surveys.xlsform.reading import Problem, XLSFormError, parse_xlsform
from trinvis.surveys.xlsform.writing import export_xlsform

__all__ = [
    "DONT_KNOW",
    "DONT_KNOW_NAME",
    "LIKERT_EXTENT",
    "Choice",
    "ChoiceList",
    "Item",
    "Labels",
    "MatrixItem",
    "Problem",
    "Question",
    "QuestionType",
    "Questionnaire",
    "Section",
    "XLSFormError",
    "export_xlsform",
    "likert_choice_list",
    "parse_xlsform",
]
