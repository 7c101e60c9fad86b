"""The shipped questionnaire library: loading, idempotence, round trips, languages, content."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from pyxform.xls2xform import convert

from trinvis.surveys.definition import from_json
from trinvis.surveys.library import (
    CONTENT_DIR,
    LibraryError,
    missing_languages,
    questionnaires_load,
    read_all,
)
from trinvis.surveys.models import Questionnaire, Survey
from trinvis.surveys.xlsform import QuestionType, export_xlsform, parse_xlsform

SLUGS = {"course-evaluation", "trin-0-self-evaluation", "learning-transfer", "participant-survey"}


def _library() -> dict[str, Questionnaire]:
    return {q.slug: q for q in Questionnaire.objects.filter(organisation__isnull=True)}


def _copy_of(slug: str, tmp_path: Path) -> tuple[Path, dict]:
    document = yaml.safe_load((CONTENT_DIR / f"{slug}.yaml").read_text(encoding="utf-8"))
    return tmp_path / f"{slug}.yaml", document


def _write(path: Path, document: dict) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_loading_creates_the_four_library_questionnaires_with_their_questions() -> None:
    report = questionnaires_load()

    assert set(report.created) == SLUGS
    library = _library()
    assert set(library) == SLUGS
    for questionnaire in library.values():
        assert questionnaire.organisation_id is None
        assert questionnaire.languages == ["da", "nb", "en"]
        assert questionnaire.questions.exists()
    transfer = library["learning-transfer"]
    assert transfer.questions.filter(matrix__endswith="_factors", kind="likert").count() == 12


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    questionnaires_load()
    before = {q.slug: (q.pk, q.updated_at, q.questions.count()) for q in _library().values()}

    report = questionnaires_load()

    assert set(report.unchanged) == SLUGS
    assert not (report.created or report.updated or report.refused)
    after = {q.slug: (q.pk, q.updated_at, q.questions.count()) for q in _library().values()}
    assert after == before


def test_every_shipped_questionnaire_exports_to_an_xlsform_pyxform_accepts_and_parses_back() -> (
    None
):
    files = read_all()
    assert {found.slug for found in files} == SLUGS
    for found in files:
        content = export_xlsform(found.definition)
        convert(content, file_type=".xlsx", validate=False, warnings=[])
        assert parse_xlsform(content) == found.definition, found.slug


def test_every_shipped_text_is_in_danish_norwegian_and_english() -> None:
    for found in read_all():
        assert missing_languages(found.definition) == [], found.slug


def test_a_text_without_norwegian_is_reported() -> None:
    document = yaml.safe_load((CONTENT_DIR / "course-evaluation.yaml").read_text())
    del document["items"][0]["labels"]["nb"]

    assert missing_languages(from_json(document)) == ["intro: no text in nb"]


@pytest.mark.django_db
def test_a_file_missing_a_language_is_refused_and_nothing_is_loaded(tmp_path: Path) -> None:
    good, document = _copy_of("course-evaluation", tmp_path)
    _write(good, document)
    bad_path, bad = _copy_of("learning-transfer", tmp_path)
    bad["choice_lists"][0]["choices"][0]["labels"].pop("da")
    _write(bad_path, bad)

    with pytest.raises(LibraryError) as caught:
        questionnaires_load(paths=[good, bad_path])

    assert any("learning-transfer.yaml" in problem for problem in caught.value.problems)
    assert not Questionnaire.objects.exists()


@pytest.mark.django_db
def test_a_file_that_pyxform_refuses_is_not_loaded(tmp_path: Path) -> None:
    path, document = _copy_of("participant-survey", tmp_path)
    document["items"][-1]["relevant"] = "${no_such_question} = 'yes'"
    _write(path, document)

    with pytest.raises(LibraryError) as caught:
        questionnaires_load(paths=[path])

    assert "pyxform" in str(caught.value)
    assert not Questionnaire.objects.exists()


@pytest.mark.django_db
def test_a_changed_file_replaces_an_entry_no_survey_uses(tmp_path: Path) -> None:
    questionnaires_load()
    entry = _library()["course-evaluation"]
    path, document = _copy_of("course-evaluation", tmp_path)
    document["title"] = "Kursusevaluering (ny)"
    document["items"].append(
        {"name": "extra", "type": "short_text", "labels": {"da": "X", "nb": "X", "en": "X"}}
    )
    _write(path, document)

    report = questionnaires_load(paths=[path])

    assert report.updated == ["course-evaluation"]
    entry.refresh_from_db()
    assert entry.title == "Kursusevaluering (ny)"
    assert entry.questions.filter(key="extra").exists()
    assert Questionnaire.objects.filter(slug="course-evaluation").count() == 1


@pytest.mark.django_db
def test_a_changed_file_of_an_entry_a_survey_uses_is_refused_and_the_entry_kept(
    tmp_path: Path, world: object
) -> None:
    questionnaires_load()
    entry = _library()["course-evaluation"]
    Survey.objects.create(
        questionnaire=entry,
        organisation=world.municipality_a,  # type: ignore[attr-defined]
        title="Spring course",
        mode=Survey.Mode.OPEN,
    )
    path, document = _copy_of("course-evaluation", tmp_path)
    document["title"] = "Changed"
    _write(path, document)

    report = questionnaires_load(paths=[path])

    assert not report.updated
    assert report.refused and "a survey already uses" in report.refused[0]
    entry.refresh_from_db()
    assert entry.title == "Kursusevaluering"


@pytest.mark.django_db
def test_the_command_loads_the_library_and_says_what_it_did() -> None:
    out = io.StringIO()
    call_command("load_questionnaires", stdout=out)
    call_command("load_questionnaires", stdout=out)

    lines = out.getvalue().splitlines()
    assert sorted(line for line in lines if line.startswith("created")) == sorted(
        f"created {slug}" for slug in SLUGS
    )
    assert sum(line.startswith("unchanged") for line in lines) == 4


# --- what the shipped questionnaires ask ------------------------------------------------


def _definitions() -> dict:
    return {found.slug: found.definition for found in read_all()}


def test_course_evaluation_asks_satisfaction_relevance_benefit_change_and_recommendation() -> None:
    course = _definitions()["course-evaluation"]
    questions = {q.name: q for q in course.questions()}

    for name in ("satisfaction", "relevance", "benefit", "change_intention"):
        assert questions[name].type is QuestionType.LIKERT
    assert course.choice_list("extent").off_scale[0].name == "dont_know"
    assert questions["recommend"].type is QuestionType.SCALE_0_10
    assert questions["do_differently"].type is QuestionType.LONG_TEXT


def test_trin_0_has_between_ten_and_fifteen_statements_and_a_role_question() -> None:
    trin0 = _definitions()["trin-0-self-evaluation"]
    questions = {q.name: q for q in trin0.questions()}
    statements = [item for q in questions.values() for item in q.items]

    assert 10 <= len(statements) <= 15
    assert [c.name for c in trin0.choice_list(questions["role"].choice_list).choices] == [
        "leader",
        "employee",
    ]


def test_learning_transfer_asks_the_twelve_factors_in_three_matrices() -> None:
    transfer = _definitions()["learning-transfer"]
    matrices = [q for q in transfer.questions() if q.type is QuestionType.MATRIX]

    assert [len(m.items) for m in matrices] == [3, 5, 4]
    assert all(transfer.choice_list(m.choice_list).is_likert for m in matrices)


def test_participant_survey_has_goals_over_one_list_and_follow_ups_for_subgroups() -> None:
    survey = _definitions()["participant-survey"]
    questions = {q.name: q for q in survey.questions()}

    assert [c.name for c in survey.choice_list("unit").choices] == [
        "nav",
        "adult_education",
        "refugee_service",
        "other",
    ]
    assert questions["goals_set"].choice_list == questions["goals_worked_on"].choice_list
    assert questions["goals_set"].type is QuestionType.MULTIPLE_CHOICE
    assert questions["reasons_not"].relevant == "${worked_further} = 'no'"
    details = next(item for item in survey.items if getattr(item, "name", "") == "change_details")
    assert details.relevant == "${seen_changes} = 'yes'"
    assert questions["contact_person"].choice_list == "yes_no"
