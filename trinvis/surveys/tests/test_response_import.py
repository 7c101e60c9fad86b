"""Importing responses from another tool's file (imports/service.py): values read by name,
label or number, stored in the answer form's own shape, attributes, skip logic and
constraints, all or nothing, CSV encodings and separators, Excel workbooks, big files in
batches without a query per row."""

import io
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone, translation
from openpyxl import Workbook

from conftest import World
from trinvis.surveys.forms import AnswerPlan
from trinvis.surveys.imports import (
    ImportFailed,
    column_mapping_save,
    guess_columns,
    remembered_columns,
    responses_import,
    responses_import_check,
)
from trinvis.surveys.models import Answer, Question, Questionnaire, Response, Survey
from trinvis.surveys.results import survey_results
from trinvis.surveys.services import questionnaire_create
from trinvis.surveys.services_responses import response_submit, survey_create
from trinvis.surveys.xlsform import (
    Choice,
    ChoiceList,
    MatrixItem,
    QuestionType,
    likert_choice_list,
)
from trinvis.surveys.xlsform import Question as Q
from trinvis.surveys.xlsform import Questionnaire as Definition


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _t(en: str, da: str) -> dict[str, str]:
    return {"en": en, "da": da}


def definition() -> Definition:
    """Every kind of question, labelled in English and Danish, with skip logic and a
    constraint."""
    return Definition(
        title="Imported survey (test)",
        default_language="da",
        languages=("da", "en"),
        items=(
            Q(
                "changes",
                QuestionType.SINGLE_CHOICE,
                _t("Changes?", "Ændringer?"),
                choice_list="yn",
            ),
            Q(
                "what_changed",
                QuestionType.LONG_TEXT,
                _t("What changed?", "Hvad ændrede sig?"),
                relevant="${changes} = 'yes'",
            ),
            Q("goals", QuestionType.MULTIPLE_CHOICE, _t("Goals", "Mål"), choice_list="goals"),
            Q("useful", QuestionType.LIKERT, _t("Useful", "Nyttigt"), choice_list="extent"),
            Q(
                "benefit",
                QuestionType.MATRIX,
                _t("Benefit", "Udbytte"),
                choice_list="extent",
                items=(
                    MatrixItem("talks", _t("Talks", "Oplæg")),
                    MatrixItem("groups", _t("Group work", "Gruppearbejde")),
                ),
            ),
            Q("recommend", QuestionType.SCALE_0_10, _t("Recommend", "Anbefale")),
            Q(
                "age",
                QuestionType.INTEGER,
                _t("Age", "Alder"),
                constraint=". < 120",
                constraint_messages=_t("Enter an age below 120.", "Skriv en alder under 120."),
            ),
            Q("hours", QuestionType.DECIMAL, _t("Hours", "Timer")),
            Q("unit_name", QuestionType.SHORT_TEXT, _t("Unit", "Enhed")),
        ),
        choice_lists=(
            ChoiceList("yn", (Choice("yes", _t("Yes", "Ja")), Choice("no", _t("No", "Nej")))),
            ChoiceList(
                "goals",
                (
                    Choice("jobs", _t("Jobs", "Job")),
                    Choice("language", _t("Language", "Sprog")),
                    Choice("other", _t("Something else", "Noget andet")),
                ),
            ),
            likert_choice_list("extent", dont_know=True, languages=("da", "en")),
        ),
    )


def make_questionnaire(world: World) -> Questionnaire:
    return questionnaire_create(by=None, organisation=world.municipality_a, definition=definition())


def make_survey(world: World, questionnaire: Questionnaire | None = None, **extra: Any) -> Survey:
    return survey_create(
        by=None,
        questionnaire=questionnaire or make_questionnaire(world),
        organisation=world.municipality_a,
        title="Imported survey",
        mode=Survey.Mode.PERSONAL,
        minimum_group=3,
        **extra,
    )


ALL_COLUMNS = {
    "changes": "question:changes",
    "what_changed": "question:what_changed",
    "goals": "question:goals",
    "useful": "question:useful",
    "benefit/talks": "question:benefit/talks",
    "benefit/groups": "question:benefit/groups",
    "recommend": "question:recommend",
    "age": "question:age",
    "hours": "question:hours",
    "unit_name": "question:unit_name",
}


def csv_bytes(rows: Sequence[Sequence[str]], *, sep: str = ";", encoding: str = "utf-8") -> bytes:
    lines = []
    for row in rows:
        cells = [f'"{c}"' if sep in c or '"' in c or "\n" in c else c for c in row]
        lines.append(sep.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def stored(survey: Survey) -> list[dict[str, list[str]]]:
    """Each response's answers as key → values (options, numbers as text, texts)."""
    found: dict[int, dict[str, list[str]]] = {}
    answers = Answer.objects.filter(response__survey=survey).select_related("question")
    for answer in answers.order_by("response_id", "pk"):
        if answer.number is not None:
            value = f"{answer.number.normalize():f}"
        else:
            value = answer.choice or answer.text
        found.setdefault(answer.response_id, {}).setdefault(answer.question.key, []).append(value)
    responses = Response.objects.filter(survey=survey).order_by("pk")
    return [found.get(pk, {}) for pk in responses.values_list("pk", flat=True)]


def in_file(columns: Mapping[str, str], headings: Sequence[Any]) -> dict[str, str]:
    """The part of a mapping for the headings a file has (the service refuses the rest)."""
    present = {str(h).strip().casefold() for h in headings if h}
    return {h: t for h, t in columns.items() if h.casefold() in present}


def import_rows(
    survey: Survey, rows: Sequence[Sequence[str]], columns: Mapping[str, str], **options: Any
) -> Any:
    return responses_import(
        by=None,
        survey=survey,
        rows_source=io.BytesIO(csv_bytes(rows, **options)),
        columns=in_file(columns, rows[0]),
    )


# --- values ----------------------------------------------------------------------------------


def test_values_are_read_by_name_label_or_number_and_stored_as_the_form_stores_them(
    world: World,
) -> None:
    survey = make_survey(world)
    rows = [
        list(ALL_COLUMNS),
        ["Ja", "Vi mødes", "Job; Sprog", "I høj grad", "5", "ved ikke", "7", "41", "2,5", "Team"],
        ["no", "", "jobs other", "2", "To some extent", "", "10", "", "3.25", ""],
        ["NEJ", "", "Jobs,Something else", "4,0", "", "Don't know", "0", "", "", ""],
    ]
    result = import_rows(survey, rows, ALL_COLUMNS)
    assert (result.responses, result.hidden) == (3, 0)
    assert stored(survey) == [
        {
            "changes": ["yes"],
            "what_changed": ["Vi mødes"],
            "goals": ["jobs", "language"],
            "useful": ["4"],
            "benefit/talks": ["5"],
            "benefit/groups": ["dont_know"],
            "recommend": ["7"],
            "age": ["41"],
            "hours": ["2.5"],
            "unit_name": ["Team"],
        },
        {
            "changes": ["no"],
            "goals": ["jobs", "other"],
            "useful": ["2"],
            "benefit/talks": ["3"],
            "recommend": ["10"],
            "hours": ["3.25"],
        },
        {
            "changes": ["no"],
            "goals": ["jobs", "other"],
            "useful": ["4"],
            "benefit/groups": ["dont_know"],
            "recommend": ["0"],
        },
    ]
    responses = Response.objects.filter(survey=survey)
    assert {r.source for r in responses} == {Response.Source.IMPORT}
    assert all(r.submitted_at and r.user_id is None and r.invitation_id is None for r in responses)
    assert result.answers == Answer.objects.filter(response__survey=survey).count()


def test_scale_answers_are_stored_as_numbers_and_likert_as_option_names(world: World) -> None:
    survey = make_survey(world)
    import_rows(survey, [["useful", "recommend"], ["3", "8"]], ALL_COLUMNS)
    useful, recommend = Answer.objects.filter(response__survey=survey).order_by(
        "question__position"
    )
    assert (useful.choice, useful.number) == ("3", None)
    assert (recommend.choice, recommend.number) == ("", Decimal("8.0000"))


@pytest.mark.parametrize(
    ("heading", "cell", "message"),
    [
        ("changes", "maybe", "“maybe” is not an option of this question"),
        ("goals", "jobs; astronaut", "“astronaut” is not an option of this question"),
        ("useful", "6", "“6” is not an option of this question"),
        ("recommend", "11", "“11” is not a number from 0 to 10."),
        ("recommend", "7,5", "“7,5” is not a whole number."),
        ("age", "forty", "“forty” is not a number."),
        ("age", "130", "Enter an age below 120."),
        ("hours", "1e12", "“1e12” is not a number."),
        ("unit_name", "x" * 501, "The text has 501 characters; at most 500 are kept."),
    ],
)
def test_a_bad_cell_is_a_problem_at_its_row_and_column(
    world: World, heading: str, cell: str, message: str
) -> None:
    survey = make_survey(world)
    with pytest.raises(ImportFailed) as failed:
        import_rows(
            survey, [[heading], ["" if heading != "changes" else "yes"], [cell]], ALL_COLUMNS
        )
    [problem] = failed.value.problems
    assert (problem.row, problem.column) == (3, heading)
    assert message in problem.message
    assert not Response.objects.filter(survey=survey).exists()


def test_one_bad_row_stores_nothing_and_every_problem_is_listed(world: World) -> None:
    survey = make_survey(world)
    rows = [
        ["Changes", "Age", "Role"],
        ["yes", "41", "leader"],
        ["perhaps", "41", "leader"],
        ["no", "200", "astronaut"],
        ["no", "33", "employee"],
    ]
    columns = {"changes": "question:changes", "age": "question:age", "role": "attribute:role"}
    with pytest.raises(ImportFailed) as failed:
        import_rows(survey, rows, columns)
    assert [(p.row, p.column) for p in failed.value.problems] == [
        (3, "Changes"),
        (4, "Role"),
        (4, "Age"),
    ]
    assert not Response.objects.filter(survey=survey).exists()
    assert not Answer.objects.filter(response__survey=survey).exists()


def test_a_problem_after_the_first_batch_rolls_the_batches_back(world: World) -> None:
    survey = make_survey(world)
    rows = [["age"], *([["30"]] * 5_001), ["old"]]
    with pytest.raises(ImportFailed) as failed:
        import_rows(survey, rows, ALL_COLUMNS)
    assert [p.row for p in failed.value.problems] == [5_003]
    assert not Response.objects.filter(survey=survey).exists()


def test_rows_without_answers_in_the_mapped_columns_are_skipped(world: World) -> None:
    survey = make_survey(world)
    rows = [
        ["changes", "age", "note"],
        ["", "", ""],
        ["yes", "", ""],
        [" ", "", ""],
        ["", "", "Total"],  # a footer in a column that is not imported
    ]
    columns = in_file(ALL_COLUMNS, rows[0])
    check = responses_import_check(
        survey=survey, rows_source=io.BytesIO(csv_bytes(rows)), columns=columns
    )
    assert (check.rows, check.skipped) == (1, 1)
    assert import_rows(survey, rows, ALL_COLUMNS).responses == 1
    assert stored(survey) == [{"changes": ["yes"]}]


def test_a_file_without_rows_is_refused(world: World) -> None:
    survey = make_survey(world)
    with pytest.raises(ImportFailed) as failed:
        import_rows(survey, [["changes"]], ALL_COLUMNS)
    assert "no rows of answers" in failed.value.problems[0].message


# --- skip logic and one column per option ----------------------------------------------------


def test_answers_the_skip_logic_hides_are_left_out_as_when_submitting(world: World) -> None:
    survey = make_survey(world)
    result = import_rows(
        survey, [["changes", "what_changed"], ["no", "Nothing"], ["yes", "A lot"]], ALL_COLUMNS
    )
    assert result.hidden == 1
    assert stored(survey) == [{"changes": ["no"]}, {"changes": ["yes"], "what_changed": ["A lot"]}]


def test_one_column_per_option_gives_one_multiple_choice(world: World) -> None:
    survey = make_survey(world)
    columns = {
        "goals/jobs": "option:goals:jobs",
        "goals/language": "option:goals:language",
        "goals/other": "option:goals:other",
    }
    rows = [list(columns), ["1", "0", "1"], ["0", "", "0"], ["true", "x", ""]]
    import_rows(survey, rows, columns)
    assert stored(survey) == [{"goals": ["jobs", "other"]}, {}, {"goals": ["jobs", "language"]}]


def test_a_question_cannot_have_its_own_column_and_columns_per_option(world: World) -> None:
    survey = make_survey(world)
    columns = {"goals": "question:goals", "goals/jobs": "option:goals:jobs"}
    with pytest.raises(ImportFailed) as failed:
        import_rows(survey, [list(columns), ["jobs", "1"]], columns)
    assert "choose one or the other" in failed.value.problems[0].message


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"changes": "question:nope"}, "no question “nope”"),
        ({"changes": "option:goals:astronaut"}, "is not an option of the multiple choice"),
        ({"changes": "attribute:shoe_size"}, "no such respondent attribute"),
        ({"changes": "question:changes", "age": "question:changes"}, "already used"),
        ({"missing": "question:age"}, "no column with this heading"),
        ({"changes": ""}, "at least one column"),
    ],
)
def test_a_mapping_that_does_not_fit_is_refused(
    world: World, columns: dict[str, str], message: str
) -> None:
    survey = make_survey(world)
    source = io.BytesIO(csv_bytes([["changes", "age"], ["yes", "3"]]))
    with pytest.raises(ImportFailed) as failed:
        responses_import(by=None, survey=survey, rows_source=source, columns=columns)
    assert message in failed.value.problems[0].message


# --- attributes ------------------------------------------------------------------------------

ATTRIBUTE_COLUMNS = {
    "kommune": "attribute:municipality",
    "rolle": "attribute:role",
    "enhed": "attribute:unit_type",
    "kontaktperson": "attribute:contact_person",
    "størrelse": "attribute:size_class",
    "land": "attribute:country",
    "changes": "question:changes",
}


def test_attributes_are_read_as_stored_values_or_labels(world: World) -> None:
    survey = make_survey(world)
    survey.organisation = world.agency  # both municipalities are within the agency's reach
    survey.save()
    rows = [
        list(ATTRIBUTE_COLUMNS),
        ["municipality a", "Leder", "NAV", "ja", "", "", "yes"],
        ["4601", "employee", "Adult education and language centre", "nei", "stor", "", "no"],
        ["461", "Contact person", "refugee_service", "0", "", "Norge", "no"],
        ["", "Medarbeider", "", "true", "Small municipality", "DK", "no"],
    ]
    import_rows(survey, rows, ATTRIBUTE_COLUMNS)
    found = list(
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list(
            "municipality",
            "organisation",
            "role",
            "unit_type",
            "contact_person",
            "size_class",
            "country",
        )
    )
    a, b = world.municipality_a.pk, world.municipality_b.pk
    assert found == [
        (a, a, "leader", "employment", True, "large", "DK"),
        (b, b, "employee", "adult_education", False, "large", "NO"),
        (a, a, "contact_person", "refugee_service", False, "large", "NO"),
        (None, None, "employee", "", True, "small", "DK"),
    ]


def test_a_municipality_outside_the_survey_organisation_is_refused(world: World) -> None:
    survey = make_survey(world)  # municipality A's survey: B is out of its reach
    with pytest.raises(ImportFailed) as failed:
        import_rows(survey, [["kommune", "changes"], ["Municipality B", "yes"]], ATTRIBUTE_COLUMNS)
    [problem] = failed.value.problems
    assert (problem.row, problem.column) == (2, "kommune")
    assert "No municipality of this survey's organisation" in problem.message


def test_a_municipality_number_without_its_leading_zero_is_found(world: World) -> None:
    world.municipality_b.municipality_number = "0461"
    world.municipality_b.save()
    survey = make_survey(world)
    survey.organisation = world.region_no
    survey.save()
    import_rows(survey, [["kommune", "changes"], ["461", "yes"]], ATTRIBUTE_COLUMNS)
    assert Response.objects.get(survey=survey).municipality == world.municipality_b


@pytest.mark.parametrize(
    ("heading", "cell", "message"),
    [
        ("rolle", "astronaut", "“astronaut” is not one of"),
        ("kontaktperson", "maybe", "write yes or no"),
        ("størrelse", "huge", "“huge” is not one of"),
    ],
)
def test_a_bad_attribute_is_a_problem(world: World, heading: str, cell: str, message: str) -> None:
    survey = make_survey(world)
    with pytest.raises(ImportFailed) as failed:
        import_rows(survey, [[heading, "changes"], [cell, "yes"]], ATTRIBUTE_COLUMNS)
    assert message in failed.value.problems[0].message


# --- the same answers, given in Trinvis or imported, give the same results -------------------

PEOPLE: list[dict[str, Any]] = [
    {"changes": "yes", "what_changed": "More jobs", "goals": ["jobs", "language"]},
    {"changes": "no", "goals": ["other"], "recommend": "3", "hours": "1.5"},
    {"changes": "yes", "what_changed": "Less", "useful": "dont_know", "age": "29"},
    {"changes": "no", "benefit/talks": "1", "benefit/groups": "5", "recommend": "10"},
    {"changes": "yes", "useful": "5", "benefit/talks": "4", "unit_name": "Jobcentre"},
    {"changes": "no", "useful": "2", "goals": ["jobs"], "recommend": "7", "age": "64"},
]


def _as_form_values(person: Mapping[str, Any]) -> dict[str, Any]:
    numbers = {"recommend", "age", "hours"}
    return {
        k: Decimal(v).quantize(Decimal("0.0001")) if k in numbers else v for k, v in person.items()
    }


def test_web_and_imported_responses_with_the_same_answers_give_identical_results(
    world: World,
) -> None:
    questionnaire = make_questionnaire(world)
    web = make_survey(world, questionnaire)
    web.mode = Survey.Mode.OPEN
    web.save()
    plan = AnswerPlan(questionnaire, Question.objects.filter(questionnaire=questionnaire))
    keys = list(plan.rows)
    for number, person in enumerate(PEOPLE):
        response_submit(
            survey=web,
            plan=plan,
            values=_as_form_values(person),
            keys=keys,
            language="da",
            form_key=f"form-{number}",
        )
    imported = make_survey(world, questionnaire)
    rows = [list(ALL_COLUMNS)]
    for person in PEOPLE:
        rows.append(
            [
                "; ".join(v) if isinstance(v, list) else v
                for v in (person.get(key, "") for key in ALL_COLUMNS)
            ]
        )
    import_rows(imported, rows, ALL_COLUMNS)

    assert stored(web) == stored(imported)
    web_results, imported_results = survey_results(survey=web), survey_results(survey=imported)
    changes, goals, recommend = (web_results.table(k) for k in ("changes", "goals", "recommend"))
    assert changes and goals and recommend
    assert changes.total.n == 6 and goals.total.shown and recommend.total.mean is not None
    assert web_results.questions == imported_results.questions
    assert web_results.comparison == imported_results.comparison
    assert web_results.rate.responses == imported_results.rate.responses == 6


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sep", "encoding"),
    [(";", "cp1252"), (",", "utf-8-sig"), ("\t", "utf-8"), (";", "utf-8-sig")],
)
def test_csv_in_the_encodings_and_separators_spreadsheets_write(
    world: World, sep: str, encoding: str
) -> None:
    survey = make_survey(world)
    rows = [["Ændringer?", "Mål", "Enhed"], ["Ja", "Job, Sprog", "Søndergård, Ærø"]]
    columns = {
        "ændringer?": "question:changes",
        "mål": "question:goals",
        "enhed": "question:unit_name",
    }
    import_rows(survey, rows, columns, sep=sep, encoding=encoding)
    assert stored(survey) == [
        {"changes": ["yes"], "goals": ["jobs", "language"], "unit_name": ["Søndergård, Ærø"]}
    ]


def workbook(rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADINGS = ["changes", "useful", "recommend", "hours", "kontaktperson"]


def test_an_excel_workbook_with_numbers_and_booleans(world: World, tmp_path: Path) -> None:
    survey = make_survey(world)
    path = tmp_path / "answers.xlsx"
    path.write_bytes(
        workbook(
            [
                [*HEADINGS, None, None],
                ["Ja", 4, 7.0, 2.5, True],
                ["Nej", 3.0, 10, 0.1, False, None, None],
                [None, None, None, None, None],
            ]
        )
    )
    columns = in_file({**ALL_COLUMNS, "kontaktperson": "attribute:contact_person"}, HEADINGS)
    result = responses_import(by=None, survey=survey, rows_source=path, columns=columns)
    assert result.responses == 2
    assert stored(survey) == [
        {"changes": ["yes"], "useful": ["4"], "recommend": ["7"], "hours": ["2.5"]},
        {"changes": ["no"], "useful": ["3"], "recommend": ["10"], "hours": ["0.1"]},
    ]
    assert list(
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("contact_person", flat=True)
    ) == [True, False]


def test_a_broken_workbook_and_an_old_excel_file_are_refused(world: World) -> None:
    survey = make_survey(world)
    for content, message in [
        (b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0 old excel", "old Excel file"),
    ]:
        with pytest.raises(ImportFailed) as failed:
            responses_import(
                by=None, survey=survey, rows_source=io.BytesIO(content), columns=ALL_COLUMNS
            )
        assert message in failed.value.problems[0].message
        check = responses_import_check(
            survey=survey, rows_source=io.BytesIO(content), columns=ALL_COLUMNS
        )
        assert not check.importable and message in check.problems[0].message


def test_the_check_tells_what_an_import_would_do_and_stores_nothing(world: World) -> None:
    survey = make_survey(world)
    rows = [["changes", "goals", "rolle"], *[["Ja", "Job;Sprog", "leder"]] * 7]
    columns = {"changes": "question:changes", "goals": "question:goals", "rolle": "attribute:role"}
    check = responses_import_check(
        survey=survey, rows_source=io.BytesIO(csv_bytes(rows)), columns=columns
    )
    assert check.importable and check.rows == 7
    assert [c.heading for c in check.columns] == ["changes", "goals", "rolle"]
    assert check.sample[0] == (2, ["Yes", "Jobs; Language", "Leader"])
    assert len(check.sample) == 5
    assert not Response.objects.exists()


def test_a_purged_survey_takes_no_import(world: World) -> None:
    survey = make_survey(world, retention_days=1)
    Survey.objects.filter(pk=survey.pk).update(purged_at=timezone.now())
    with pytest.raises(ImportFailed) as failed:
        import_rows(survey, [["changes"], ["yes"]], ALL_COLUMNS)
    assert "deleted" in failed.value.problems[0].message
    assert not Response.objects.exists()


def test_a_big_file_is_stored_in_batches_without_a_query_per_row(
    world: World, django_assert_max_num_queries: Any
) -> None:
    survey = make_survey(world)
    rows = [["changes", "goals", "recommend", "kommune"]]
    rows += [["yes", "jobs language", str(n % 11), "461"] for n in range(12_000)]
    source = io.BytesIO(csv_bytes(rows))
    # PostgreSQL takes a batch in one statement; SQLite's bound on parameters splits it.
    most = 20 if connection.vendor == "postgresql" else len(rows) // 20
    with django_assert_max_num_queries(most):
        result = responses_import(
            by=None,
            survey=survey,
            rows_source=source,
            columns={
                "changes": "question:changes",
                "goals": "question:goals",
                "recommend": "question:recommend",
                "kommune": "attribute:municipality",
            },
        )
    assert (result.responses, result.answers) == (12_000, 48_000)
    assert Answer.objects.filter(response__survey=survey, choice="language").count() == 12_000


# --- the mapping: guessed from headings, remembered ------------------------------------------


def test_headings_are_matched_to_question_names_labels_and_attributes(world: World) -> None:
    questionnaire = make_questionnaire(world)
    questions = list(Question.objects.filter(questionnaire=questionnaire))
    headings = [
        "Ændringer?",
        "group_x/what_changed",
        "Mål/Job",
        "Oplæg",
        "Kommune",
        "ROLLE",
        "Timestamp",
        "Enhed",
        "",
    ]
    assert guess_columns(headings, questions) == {
        "ændringer?": "question:changes",
        "group_x/what_changed": "question:what_changed",
        "mål/job": "option:goals:jobs",
        "oplæg": "question:benefit/talks",
        "kommune": "attribute:municipality",
        "rolle": "attribute:role",
        "timestamp": "",
        "enhed": "question:unit_name",  # the questionnaire's own label wins over the attribute
    }


def test_a_mapping_is_remembered_per_organisation_questionnaire_and_headings(
    world: World,
) -> None:
    survey = make_survey(world)
    headings = ["Changes", "Age"]
    column_mapping_save(
        by=world.alice,
        survey=survey,
        headings=headings,
        columns={"Changes": "question:changes", "Age": ""},
    )
    same_shape = make_survey(world, survey.questionnaire)
    assert remembered_columns(survey=same_shape, headings=[" changes ", "AGE"]) == {
        "changes": "question:changes",
        "age": "",
    }
    assert remembered_columns(survey=same_shape, headings=["Age", "Changes"]) is None
    elsewhere = make_survey(world, survey.questionnaire)
    elsewhere.organisation = world.team_a
    assert remembered_columns(survey=elsewhere, headings=headings) is None
