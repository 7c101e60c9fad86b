"""Questionnaires in and out of XLSForm: a realistic form, refused forms, round trips."""

import io
import itertools
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from trinvis.surveys.xlsform import (
    DONT_KNOW_NAME,
    Choice,
    ChoiceList,
    Item,
    Labels,
    MatrixItem,
    Problem,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    XLSFormError,
    export_xlsform,
    likert_choice_list,
    parse_xlsform,
)

Rows = Sequence[Sequence[Any]]


def workbook(
    survey: Rows | None, choices: Rows | None = None, settings: Rows | None = None, **others: Rows
) -> bytes:
    """An .xlsx file with the given sheets, each a header row and data rows."""
    book = Workbook()
    sheets: dict[str, Rows | None] = {"survey": survey, "choices": choices, "settings": settings}
    sheets.update(others)
    first = True
    for title, rows in sheets.items():
        if rows is None:
            continue
        sheet = book.active if first else book.create_sheet(title)
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems(content: bytes) -> list[Problem]:
    with pytest.raises(XLSFormError) as caught:
        parse_xlsform(content)
    return caught.value.problems


def where(found: list[Problem]) -> set[tuple[str, int | None]]:
    return {(problem.sheet, problem.row) for problem in found}


# --- a participant survey like SØM's -----------------------------------------------------

DA, EN = "label::Dansk (da)", "label::English (en)"
SURVEY_HEADER = [
    "type",
    "name",
    DA,
    EN,
    "hint::Dansk (da)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::English (en)",
    "appearance",
    "parameters",
    "$kuid",
]
SURVEY_ROWS: Rows = [
    SURVEY_HEADER,
    ["start", "start"],
    ["end", "end"],
    ["note", "intro", "Tak fordi du deltager", "Thank you for taking part"],
    ["select_one role", "role", "Din rolle", "Your role", "", "yes"],
    ["select_one unit", "unit", "Din enhed", "Your unit", "Vælg én", "yes", "", "", "", "minimal"],
    [
        "integer",
        "years",
        "År i jobbet",
        "Years in the job",
        "",
        "",
        "",
        ". >= 0 and . < 60",
        "0–59",
    ],
    ["begin_group", "practice", "Din praksis", "Your practice", "", "", "", "", "", "table-list"],
    ["select_one extent", "practice_plan", "Jeg planlægger", "I plan", "", "yes"],
    ["select_one extent", "practice_follow", "Jeg følger op", "I follow up"],
    ["end_group", "practice"],
    ["select_one extent", "learned", "Jeg har lært", "I learned", "", "", "", "", "", "likert"],
    ["select_multiple goals", "goals_set", "Mål sat", "Goals set"],
    ["select_multiple goals", "goals_worked_on", "Mål arbejdet med", "Goals worked on"],
    ["select_one yes_no", "changes", "Så du ændringer?", "Did you see changes?", "", "yes"],
    ["begin group", "follow_up", "Ændringer", "Changes", "", "", "${changes} = 'yes'"],
    ["text", "changes_what", "Hvilke?", "Which?", "", "", "", "", "", "multiline"],
    [
        "range",
        "changes_size",
        "Hvor store?",
        "How big?",
        "0–10",
        "",
        "",
        "",
        "",
        "",
        "start=0 end=10",
    ],
    ["decimal", "hours", "Timer om ugen", "Hours a week"],
    ["text", "example", "Et eksempel", "An example", "", "", "selected(${goals_set}, 'job')"],
    ["end group"],
    [None, None, None, None, None, None, None, None, None, None, None, "abc123"],
]
CHOICE_ROWS: Rows = [
    ["list_name", "name", DA, EN, "$autovalue"],
    ["role", "leader", "Leder", "Leader"],
    ["role", "employee", "Medarbejder", "Employee"],
    ["unit", "job", "Jobcenter", "Job centre"],
    ["unit", "integration", "Integration", "Integration"],
    *(
        ["extent", str(point), da, en]
        for point, (da, en) in enumerate(
            [
                ("I meget lille grad", "To a very small extent"),
                ("I lille grad", "To a small extent"),
                ("I nogen grad", "To some extent"),
                ("I høj grad", "To a large extent"),
                ("I meget høj grad", "To a very large extent"),
            ],
            start=1,
        )
    ),
    ["extent", "dont_know", "Ved ikke", "Don't know"],
    ["goals", "job", "Job", "Job"],
    ["goals", "language", "Sprog", "Language"],
    ["goals", "health", "Sundhed", "Health"],
    ["yes_no", "yes", "Ja", "Yes"],
    ["yes_no", "no", "Nej", "No"],
]
SETTINGS_ROWS: Rows = [
    ["form_title", "form_id", "version", "default_language", "style"],
    ["SØM deltagerskema", "som_participant", 2027010101, "Dansk (da)", "pages"],
]


def som_form(**changes: Rows) -> bytes:
    sheets: dict[str, Rows] = {
        "survey": SURVEY_ROWS,
        "choices": CHOICE_ROWS,
        "settings": SETTINGS_ROWS,
        **changes,
    }
    return workbook(**sheets)


def both(da: str, en: str) -> Labels:
    return {"da": da, "en": en}


EXPECTED = Questionnaire(
    title="SØM deltagerskema",
    form_id="som_participant",
    version="2027010101",
    default_language="da",
    languages=("da", "en"),
    items=(
        Question(
            "intro", QuestionType.NOTE, both("Tak fordi du deltager", "Thank you for taking part")
        ),
        Question(
            "role",
            QuestionType.SINGLE_CHOICE,
            both("Din rolle", "Your role"),
            required=True,
            choice_list="role",
        ),
        Question(
            "unit",
            QuestionType.SINGLE_CHOICE,
            both("Din enhed", "Your unit"),
            hints={"da": "Vælg én"},
            required=True,
            choice_list="unit",
        ),
        Question(
            "years",
            QuestionType.INTEGER,
            both("År i jobbet", "Years in the job"),
            constraint=". >= 0 and . < 60",
            constraint_messages={"en": "0–59"},
        ),
        Question(
            "practice",
            QuestionType.MATRIX,
            both("Din praksis", "Your practice"),
            choice_list="extent",
            items=(
                MatrixItem("practice_plan", both("Jeg planlægger", "I plan"), required=True),
                MatrixItem("practice_follow", both("Jeg følger op", "I follow up")),
            ),
        ),
        Question(
            "learned", QuestionType.LIKERT, both("Jeg har lært", "I learned"), choice_list="extent"
        ),
        Question(
            "goals_set",
            QuestionType.MULTIPLE_CHOICE,
            both("Mål sat", "Goals set"),
            choice_list="goals",
        ),
        Question(
            "goals_worked_on",
            QuestionType.MULTIPLE_CHOICE,
            both("Mål arbejdet med", "Goals worked on"),
            choice_list="goals",
        ),
        Question(
            "changes",
            QuestionType.SINGLE_CHOICE,
            both("Så du ændringer?", "Did you see changes?"),
            required=True,
            choice_list="yes_no",
        ),
        Section(
            "follow_up",
            both("Ændringer", "Changes"),
            relevant="${changes} = 'yes'",
            items=(
                Question("changes_what", QuestionType.LONG_TEXT, both("Hvilke?", "Which?")),
                Question(
                    "changes_size",
                    QuestionType.SCALE_0_10,
                    both("Hvor store?", "How big?"),
                    hints={"da": "0–10"},
                ),
                Question("hours", QuestionType.DECIMAL, both("Timer om ugen", "Hours a week")),
                Question(
                    "example",
                    QuestionType.SHORT_TEXT,
                    both("Et eksempel", "An example"),
                    relevant="selected(${goals_set}, 'job')",
                ),
            ),
        ),
    ),
    choice_lists=(
        ChoiceList(
            "role",
            (
                Choice("leader", both("Leder", "Leader")),
                Choice("employee", both("Medarbejder", "Employee")),
            ),
        ),
        ChoiceList(
            "unit",
            (
                Choice("job", both("Jobcenter", "Job centre")),
                Choice("integration", both("Integration", "Integration")),
            ),
        ),
        likert_choice_list("extent", dont_know=True, languages=("da", "en")),
        ChoiceList(
            "goals",
            (
                Choice("job", both("Job", "Job")),
                Choice("language", both("Sprog", "Language")),
                Choice("health", both("Sundhed", "Health")),
            ),
        ),
        ChoiceList("yes_no", (Choice("yes", both("Ja", "Yes")), Choice("no", both("Nej", "No")))),
    ),
)


def test_participant_survey_is_read_whole():
    assert parse_xlsform(som_form()) == EXPECTED


def test_rows_read_from_are_kept_for_messages():
    questionnaire = parse_xlsform(som_form())
    by_name = {question.name: question for question in questionnaire.questions()}
    assert by_name["role"].row == 5
    assert [item.row for item in by_name["practice"].items] == [9, 10]
    follow_up = questionnaire.items[-1]
    assert isinstance(follow_up, Section)
    assert follow_up.row == 16


def test_likert_list_keeps_dont_know_off_the_scale():
    extent = EXPECTED.choice_list("extent")
    assert extent.is_likert
    assert [choice.scale_value for choice in extent.choices] == [1, 2, 3, 4, 5, None]
    assert [choice.name for choice in extent.off_scale] == [DONT_KNOW_NAME]
    assert not EXPECTED.choice_list("yes_no").is_likert


def test_likert_helper_speaks_three_languages():
    scale = likert_choice_list()
    assert scale.is_likert
    assert scale.off_scale == ()
    assert scale.choices[0].labels == {
        "da": "I meget lille grad",
        "nb": "I svært liten grad",
        "en": "To a very small extent",
    }
    assert scale.choices[-1].labels["nb"] == "I svært stor grad"
    with_dont_know = likert_choice_list("agree", dont_know=True, languages=("nb",))
    assert with_dont_know.name == "agree"
    assert with_dont_know.choices[-1] == Choice(DONT_KNOW_NAME, {"nb": "Vet ikke"})


def test_participant_survey_round_trips_and_passes_pyxform():
    content = export_xlsform(EXPECTED)
    assert parse_xlsform(content) == EXPECTED
    result = convert(content, file_type=".xlsx", validate=False)
    assert "som_participant" in result.xform


def test_language_columns_are_read_in_several_spellings():
    content = workbook(
        [
            ["type", "name", "label", "label::Norsk bokmål (nb)", "label::English", "hint::en"],
            ["text", "name", "Navn", "Navn (nb)", "Name", "First name"],
        ],
        settings=[["default_language"], ["da"]],
    )
    questionnaire = parse_xlsform(content)
    assert questionnaire.default_language == "da"
    assert questionnaire.languages == ("da", "nb", "en")
    question = next(questionnaire.questions())
    assert question.labels == {"da": "Navn", "nb": "Navn (nb)", "en": "Name"}
    assert question.hints == {"en": "First name"}


def test_plain_label_without_settings_is_the_fallback_language():
    content = workbook([["type", "name", "label"], ["integer", "age", "Alder"]])
    assert parse_xlsform(content).languages == ("da",)
    assert parse_xlsform(content, fallback_language="nb").default_language == "nb"


def test_field_list_of_likert_selects_with_header_is_a_matrix():
    survey = [
        ["type", "name", "label", "appearance"],
        ["begin_group", "grid", "Samarbejde", "field-list"],
        ["select_one extent", "header", "", "label"],
        ["select_one extent", "with_job", "Med jobcenter", "list-nolabel"],
        ["select_one extent", "with_school", "Med sprogskole", "list-nolabel"],
        ["end_group"],
        ["begin_group", "page", "Side", "field-list"],
        ["select_one extent", "alone", "Alene", "likert"],
        ["integer", "count", "Antal"],
        ["end_group"],
    ]
    choices = [["list_name", "name", "label"], *(["extent", str(p), f"p{p}"] for p in range(1, 6))]
    grid, page = parse_xlsform(workbook(survey, choices)).items
    assert isinstance(grid, Question)
    assert grid.type is QuestionType.MATRIX
    assert [item.name for item in grid.items] == ["with_job", "with_school"]
    assert isinstance(page, Section)
    assert [item.name for item in page.items] == ["alone", "count"]


def test_text_that_looks_like_a_formula_stays_text():
    questionnaire = Questionnaire(
        title='=HYPERLINK("x")',
        default_language="en",
        languages=("en",),
        items=(Question("q", QuestionType.SHORT_TEXT, {"en": "=1+1"}, hints={"en": "+45 1234"}),),
    )
    content = export_xlsform(questionnaire)
    survey = load_workbook(io.BytesIO(content))["survey"]
    assert survey["C2"].value == "=1+1"
    assert survey["C2"].data_type == "s"
    assert parse_xlsform(content) == questionnaire


# --- refused forms -----------------------------------------------------------------------

CHOICES: Rows = [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]


def test_unsupported_types_are_all_reported_with_sheet_and_row():
    survey = [
        ["type", "name", "label", "choice_filter", "calculation"],
        ["text", "ok", "Fine"],
        ["begin_repeat", "children", "Children"],
        ["text", "child", "Child"],
        ["end_repeat"],
        ["geopoint", "where", "Where"],
        ["image", "photo", "Photo"],
        ["calculate", "sum", "", "", "1 + 1"],
        ["select_one_from_file towns.csv", "town", "Town"],
        ["select_one yes_no", "filtered", "Filtered", "name = 'yes'"],
        ["select_one yes_no or_other", "other", "Other"],
        ["date", "born", "Born"],
    ]
    found = problems(workbook(survey, CHOICES))
    assert {("survey", row) for row in (3, 6, 7, 8, 9, 10, 11, 12)} <= where(found)
    messages = " ".join(problem.message for problem in found)
    for words in (
        "Repeat groups",
        "locations",
        "pictures",
        "Calculations",
        "from a file",
        "choice_filter",
        "or_other",
        "“date”",
    ):
        assert words in messages


def test_pyxform_rejection_is_surfaced_with_its_row():
    survey = [
        ["type", "name", "label", "relevant"],
        ["text", "a", "A"],
        ["text", "b", "B", "${nowhere} = 1"],
    ]
    # Trinvis' own check of the reference and pyxform's both name the row.
    own, theirs = problems(workbook(survey))
    assert {(own.sheet, own.row), (theirs.sheet, theirs.row)} == {("survey", 3)}
    assert theirs.message.startswith("pyxform")
    assert "nowhere" in own.message and "nowhere" in theirs.message


def test_a_file_that_is_no_workbook_is_refused():
    (problem,) = problems(b"type,name,label\ntext,a,A\n")
    assert "Excel workbook" in problem.message


def test_missing_survey_sheet_is_refused():
    (problem,) = problems(workbook(None, CHOICES, questions=[["type", "name", "label"]]))
    assert "“survey” sheet" in problem.message


def test_missing_choices_sheet_is_named_on_the_row_using_a_list():
    found = problems(
        workbook([["type", "name", "label"], ["text", "a", "A"], ["select_one yes_no", "b", "B"]])
    )
    assert ("survey", 3) in where(found)
    assert any("no “choices” sheet" in problem.message for problem in found)


def test_a_choice_list_that_does_not_exist_is_refused():
    found = problems(
        workbook([["type", "name", "label"], ["select_multiple colours", "c", "C"]], CHOICES)
    )
    assert any(
        (problem.sheet, problem.row) == ("survey", 2) and "“colours”" in problem.message
        for problem in found
    )


def test_duplicate_names_are_refused_everywhere():
    survey = [
        ["type", "name", "label"],
        ["text", "a", "A"],
        ["begin_group", "g", "G"],
        ["text", "a", "Again"],
        ["end_group"],
    ]
    choices = [*CHOICES, ["yes_no", "yes", "Yes again"]]
    found = problems(workbook(survey, choices))
    assert {("survey", 4), ("choices", 4)} <= where(found)
    assert any("also used on row 2" in problem.message for problem in found)


def test_likert_appearance_needs_a_likert_list():
    found = problems(
        workbook(
            [["type", "name", "label", "appearance"], ["select_one yes_no", "q", "Q", "likert"]],
            CHOICES,
        )
    )
    assert ("survey", 2) in where(found)
    assert any("Likert" in problem.message for problem in found)


def test_conditional_required_and_other_ranges_are_refused():
    survey = [
        ["type", "name", "label", "required", "parameters"],
        ["integer", "n", "N", "${n} > 1"],
        ["range", "r", "R", "", "start=1 end=5"],
        ["note", "info", "Info", "yes"],
    ]
    found = problems(workbook(survey))
    assert {("survey", 2), ("survey", 3), ("survey", 4)} <= where(found)


def test_matrix_rows_must_share_one_list_and_hold_selects_only():
    survey = [
        ["type", "name", "label", "appearance"],
        ["begin_group", "m", "M", "table-list"],
        ["select_one yes_no", "a", "A"],
        ["select_one other", "b", "B"],
        ["text", "c", "C"],
        ["end_group"],
        ["begin_group", "open", "Open"],
    ]
    choices = [*CHOICES, ["other", "x", "X"]]
    found = problems(workbook(survey, choices))
    assert {("survey", 4), ("survey", 5), ("survey", 7)} <= where(found)


def test_unknown_columns_and_languages_without_code_are_refused():
    survey = [
        ["type", "name", "label::Klingon", "label", "media::image", "default"],
        ["text", "a", "", "A", "a.png", "x"],
    ]
    found = problems(workbook(survey))
    assert ("survey", 1) in where(found)
    assert ("survey", 2) in where(found)
    assert any("Pictures" in problem.message for problem in found)
    assert any("“default”" in problem.message for problem in found)


def test_error_lists_every_problem_in_its_text():
    survey = [["type", "name", "label"], ["geopoint", "a", "A"], ["audio", "b", "B"]]
    with pytest.raises(XLSFormError) as caught:
        parse_xlsform(workbook(survey))
    assert "survey, row 2" in str(caught.value)
    assert "survey, row 3" in str(caught.value)


def test_the_model_refuses_a_question_it_could_not_write():
    with pytest.raises(ValueError, match="choice list"):
        Question("q", QuestionType.SINGLE_CHOICE, {"en": "Q"})
    with pytest.raises(ValueError, match="matrix"):
        Question("q", QuestionType.SHORT_TEXT, {"en": "Q"}, items=(MatrixItem("a", {"en": "A"}),))
    with pytest.raises(ValueError, match="default language"):
        Questionnaire("T", "da", ("en",), ())


# --- generated questionnaires ------------------------------------------------------------

_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs", "Cn", "Co"), blacklist_characters="${}"
) | st.sampled_from(["\n", "å", "ø", "æ", "'", '"', "&", "<", "ش", "ñ"])
_text = st.one_of(
    st.text(_CHARACTERS, min_size=1, max_size=16).map(str.strip).filter(bool),
    st.sampled_from(["=SUM(A1:A3)", "+45 12 34 56 78", "1", "'quoted'", "-", "@mention"]),
)
_LANGUAGES = ("da", "nb", "en")


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    languages = tuple(draw(st.permutations(_LANGUAGES))[: draw(st.integers(1, 3))])
    default = draw(st.sampled_from(languages))
    others = [language for language in languages if language != default]
    names = (
        f"{stem}{index}"
        for index, stem in zip(
            itertools.count(), itertools.cycle(["q", "mål", "item_", "x.y-"]), strict=False
        )
    )
    pool: list[tuple[str, QuestionType, str]] = []

    def labels(*, needed: bool = True) -> Labels:
        required = {default: _text} if needed else {}
        optional = dict.fromkeys(([] if needed else [default]) + others, _text)
        return draw(st.fixed_dictionaries(required, optional=optional))

    likert = likert_choice_list("extent", dont_know=draw(st.booleans()), languages=languages)
    plain = [
        ChoiceList(
            name,
            tuple(
                Choice(choice, labels())
                for choice in draw(
                    st.lists(
                        st.from_regex(r"[a-z0-9_]{1,6}", fullmatch=True),
                        min_size=1,
                        max_size=4,
                        unique=True,
                    )
                )
            ),
        )
        for name in ("list_a", "list_b")[: draw(st.integers(1, 2))]
    ]
    lists = [likert, *plain]

    def relevant() -> str:
        if not pool or draw(st.booleans()):
            return ""
        name, type_, choice_list = draw(st.sampled_from(pool))
        if type_ is QuestionType.MULTIPLE_CHOICE:
            choice = next(c for c in lists if c.name == choice_list).choices[0].name
            return f"selected(${{{name}}}, '{choice}')"
        if choice_list:
            choice = next(c for c in lists if c.name == choice_list).choices[-1].name
            return f"${{{name}}} = '{choice}'"
        if type_ in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            return f"${{{name}}} != ''"
        return f"${{{name}}} > 3"

    def question() -> Question:
        type_ = draw(st.sampled_from(QuestionType))
        name = next(names)
        condition = relevant()
        if type_ is QuestionType.MATRIX:
            choice_list = draw(st.sampled_from(lists)).name
            items = tuple(
                MatrixItem(next(names), labels(), draw(st.booleans()))
                for _index in range(draw(st.integers(1, 3)))
            )
            pool.extend((item.name, QuestionType.SINGLE_CHOICE, choice_list) for item in items)
            return Question(
                name,
                type_,
                labels(needed=False),
                labels(needed=False),
                relevant=condition,
                choice_list=choice_list,
                items=items,
            )
        if type_ is QuestionType.NOTE:
            return Question(name, type_, labels(), labels(needed=False), relevant=condition)
        choice_list = ""
        if type_ is QuestionType.LIKERT:
            choice_list = likert.name
        elif type_ in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            choice_list = draw(st.sampled_from(lists)).name
        constraint = draw(
            st.sampled_from(["", "string-length(.) < 500" if "TEXT" in type_.name else ". != ''"])
        )
        pool.append((name, type_, choice_list))
        return Question(
            name,
            type_,
            labels(),
            labels(needed=False),
            required=draw(st.booleans()),
            relevant=condition,
            constraint=constraint,
            constraint_messages=labels(needed=False) if constraint else {},
            choice_list=choice_list,
        )

    def items(depth: int) -> tuple[Item, ...]:
        result: list[Item] = []
        for _index in range(draw(st.integers(1, 3))):
            if depth < 2 and draw(st.integers(0, 4)) == 0:
                name, condition = next(names), relevant()
                result.append(Section(name, labels(needed=False), condition, items(depth + 1)))
            else:
                result.append(question())
        return tuple(result)

    return Questionnaire(
        title=draw(_text),
        default_language=default,
        languages=languages,
        items=items(0),
        choice_lists=tuple(lists),
        form_id=draw(st.sampled_from(["", "form", "som_2027"])),
        version=draw(st.sampled_from(["", "1", "2027010101"])),
    )


_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(questionnaires())
def test_any_questionnaire_survives_a_round_trip(questionnaire: Questionnaire):
    assert parse_xlsform(export_xlsform(questionnaire)) == questionnaire


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_any_exported_questionnaire_passes_pyxform(questionnaire: Questionnaire):
    result = convert(export_xlsform(questionnaire), file_type=".xlsx", validate=False)
    assert result.xform.startswith("<?xml")


def test_an_empty_choices_sheet_is_fine_without_choice_questions():
    content = workbook([["type", "name", "label"], ["text", "a", "A"]], choices=[])
    assert [question.name for question in parse_xlsform(content).questions()] == ["a"]


def test_a_survey_sheet_without_type_column_is_reported_once_not_per_row():
    ours, pyxform = problems(workbook([["name", "label"], ["a", "A"], ["b", "B"]]))
    assert (ours.sheet, ours.row) == ("survey", 1)
    assert "“type”" in ours.message
    assert "pyxform" in pyxform.message


def test_skip_logic_trinvis_cannot_evaluate_is_refused_on_its_row():
    rows = [
        ["type", "name", "label", "relevant", "constraint"],
        ["select_one yes_no", "changes", "Changes?"],
        ["text", "what", "What changed?", "${change} = 'yes'"],
        ["integer", "count", "How many?", "sqrt(${changes}) > 1"],
        ["integer", "age", "Age", "", ". >= 18"],
    ]
    choices = [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]
    found = problems(workbook(survey=rows, choices=choices))
    assert {(p.sheet, p.row) for p in found if "pyxform" not in p.message} == {
        ("survey", 3),
        ("survey", 4),
    }
