"""What the reader and the writer agree on: sheet and column names, languages in headers,
and the XLSForm spelling of each Trinvis question type."""

import re

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
TRANSLATABLE = frozenset({"label", "hint", "constraint_message"})
SURVEY_COLUMNS = frozenset(
    {
        "type",
        "name",
        "label",
        "hint",
        "required",
        "relevant",
        "constraint",
        "constraint_message",
        "appearance",
        "parameters",
    }
)
CHOICE_COLUMNS = frozenset({"list_name", "name", "label"})

LIKERT_APPEARANCE = "likert"
LONG_TEXT_APPEARANCE = "multiline"
MATRIX_APPEARANCE = "table-list"
PAGE_APPEARANCE = "field-list"
HEADER_APPEARANCE = "label"  # the header row of a hand-made field-list matrix
SCALE_PARAMETERS = "start=0 end=10 step=1"

# How a language is named in a column header ("label::Dansk (da)"), as ODK recommends;
# any other language code is written bare ("label::so").
LANGUAGE_NAMES = {
    "da": "Dansk",
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "sv": "Svenska",
    "en": "English",
    "de": "Deutsch",
    "pl": "Polski",
    "uk": "Українська",
    "ar": "العربية",
}
# Names read without a code, for forms written as "label::Danish".
_NAMES_READ = {
    "dansk": "da",
    "danish": "da",
    "norsk": "nb",
    "bokmål": "nb",
    "norsk bokmål": "nb",
    "norwegian": "nb",
    "norwegian bokmål": "nb",
    "nynorsk": "nn",
    "norsk nynorsk": "nn",
    "english": "en",
    "engelsk": "en",
}
_CODE = r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*"
_BARE_CODE = re.compile(rf"^{_CODE}$", re.IGNORECASE)
_CODE_IN_PARENTHESES = re.compile(rf"\(\s*({_CODE})\s*\)\s*$", re.IGNORECASE)


def language_code(text: str) -> str | None:
    """The code in "Dansk (da)", "da" or "Danish"; None when no code can be told."""
    text = " ".join(text.split())
    if match := _CODE_IN_PARENTHESES.search(text):
        return match.group(1).lower()
    if _BARE_CODE.match(text):
        return text.lower()
    return _NAMES_READ.get(text.casefold())


def language_header(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


# Column headers as people and other tools write them → the name pyxform uses.
COLUMN_ALIASES = {
    "list name": "list_name",
    "constraint message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "required message": "required_message",
    "jr:requiredmsg": "required_message",
    "choice filter": "choice_filter",
    "constraining_message": "constraint_message",
    "relevance": "relevant",
    "caption": "label",
    "command": "type",
    "tag": "name",
    "value": "name",
}
TYPE_ALIASES = {
    "select one": "select_one",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
    "select one from file": "select_one_from_file",
    "select multiple from file": "select_multiple_from_file",
    "begin group": "begin_group",
    "end group": "end_group",
    "begin repeat": "begin_repeat",
    "end repeat": "end_repeat",
    "int": "integer",
}
