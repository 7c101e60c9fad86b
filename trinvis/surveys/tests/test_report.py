"""The report service: the default report, saving with the version check, validation, and
the report's sections with their figures."""

import pytest
from django.core.exceptions import ValidationError

from trinvis.surveys.models import Report, ReportItem, Survey
from trinvis.surveys.reports import (
    INTRODUCTION_MAX,
    NOTE_MAX,
    RESPONDENTS_KEY,
    ItemInput,
    ReportConflict,
    available_tables,
    comparison_key,
    report_data,
    report_for,
    report_items,
    report_save,
)
from trinvis.surveys.services import questionnaire_create
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey
from trinvis.surveys.xlsform import Choice, ChoiceList, QuestionType
from trinvis.surveys.xlsform import Question as Q
from trinvis.surveys.xlsform import Questionnaire as Definition

QUESTION_KEYS = [
    "useful",
    "benefit/talks",
    "benefit/groups",
    "goals_set",
    "goals_worked",
    "changes",
    "recommend",
    "years",
    "comments",
]
GOALS = comparison_key("goals_set", "goals_worked")
GOALS_OPTIONS = ("a", "b")


@pytest.fixture
def survey(world):
    survey = make_survey(organisation=world.agency)
    add_responses(survey, generated(12))
    return survey


def _save(survey, world, *, version=0, items=(), **fields):
    values = {"title": "", "breakdown": "", "introduction": "", **fields}
    return report_save(by=world.fiona, survey=survey, version=version, items=items, **values)


def test_default_report_shows_every_question_in_order_unsaved(survey) -> None:
    report = report_for(survey=survey)
    assert report.pk is None and report.version == 0 and report.breakdown == ""
    assert [item.key for item in report_items(report=report)] == QUESTION_KEYS
    assert Report.objects.count() == 0


def test_available_tables_are_respondents_questions_and_comparable_pairs(survey) -> None:
    tables = available_tables(survey=survey)
    assert [t.key for t in tables] == [RESPONDENTS_KEY, *QUESTION_KEYS, GOALS]
    by_key = {t.key: t for t in tables}
    assert (
        by_key[GOALS].label == "Which goals did you set? compared with Which goals did you work on?"
    )
    assert by_key["useful"].has_chart and not by_key["years"].has_chart
    assert not by_key[RESPONDENTS_KEY].has_chart


def test_save_orders_by_position_and_raises_the_version(survey, world) -> None:
    report = _save(
        survey,
        world,
        title="  Our report ",
        breakdown="role",
        introduction="First line\r\nsecond line",
        items=[
            ItemInput("changes", position=3, note="Most saw changes."),
            ItemInput("useful", position=1, show_chart=False),
            ItemInput(GOALS, position=2),
        ],
    )
    assert report.version == 1 and report.title == "Our report"
    assert report.introduction == "First line\nsecond line"
    assert report.updated_by == world.fiona
    saved = list(ReportItem.objects.filter(report=report).values_list("key", "position", "note"))
    assert saved == [("useful", 1, ""), (GOALS, 2, ""), ("changes", 3, "Most saw changes.")]
    again = _save(survey, world, version=1, items=[ItemInput("years", position=1)])
    assert again.pk == report.pk and again.version == 2
    assert [item.key for item in report_items(report=report_for(survey=survey))] == ["years"]


def test_stale_version_is_a_conflict_and_changes_nothing(survey, world) -> None:
    _save(survey, world, title="Theirs", items=[ItemInput("useful", position=1)])
    with pytest.raises(ReportConflict) as raised:
        _save(survey, world, version=0, title="Mine", items=[ItemInput("years", position=1)])
    assert raised.value.report.version == 1
    report = Report.objects.get(survey=survey)
    assert report.title == "Theirs" and report.version == 1
    assert list(report.items.values_list("key", flat=True)) == ["useful"]


def test_a_second_first_save_is_a_conflict(survey, world) -> None:
    """Two people open the unsaved default report: the one who saves second is told."""
    _save(survey, world, title="First")
    with pytest.raises(ReportConflict):
        _save(survey, world, title="Second")


@pytest.mark.parametrize(
    ("fields", "items", "field"),
    [
        ({"breakdown": "shoe_size"}, [], "breakdown"),
        ({"introduction": "x" * (INTRODUCTION_MAX + 1)}, [], "introduction"),
        ({"title": "x" * 201}, [], "title"),
        ({}, [ItemInput("no_such_question", position=1)], "items"),
        ({}, [ItemInput(comparison_key("useful", "years"), position=1)], "items"),
        ({}, [ItemInput("useful", position=1), ItemInput("useful", position=2)], "items"),
        ({}, [ItemInput("useful", position=1, note="x" * (NOTE_MAX + 1))], "items"),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_saved(survey, world, fields, items, field):
    _save(survey, world, title="Before", items=[ItemInput("useful", position=1)])
    with pytest.raises(ValidationError) as raised:
        _save(survey, world, version=1, items=items, **fields)
    assert field in raised.value.message_dict
    report = Report.objects.get(survey=survey)
    assert report.version == 1 and report.title == "Before"
    assert list(report.items.values_list("key", flat=True)) == ["useful"]


def test_report_data_follows_the_chosen_order_and_skips_lost_tables(survey, world) -> None:
    report = _save(
        survey,
        world,
        breakdown="role",
        items=[
            ItemInput(GOALS, position=1),
            ItemInput("useful", position=2, note="A note"),
            ItemInput(RESPONDENTS_KEY, position=3),
            ItemInput("years", position=4),
        ],
    )
    ReportItem.objects.create(report=report, key="removed_since", position=5)
    data = report_data(report=report, items=report_items(report=report))
    assert [s.key for s in data.sections] == [GOALS, "useful", RESPONDENTS_KEY, "years"]
    goals, useful, respondents, years = data.sections
    assert goals.comparison is not None and goals.figure is not None
    assert useful.table is not None and useful.figure is not None and useful.note == "A note"
    assert respondents.is_respondents and respondents.title == "Respondents by Role"
    assert years.figure is None  # a number question has no chart
    assert data.results.by == "role"
    assert data.title == survey.title


def test_a_report_may_compare_several_pairs(world) -> None:
    definition = Definition(
        title="Three goal questions",
        default_language="en",
        languages=("en",),
        items=tuple(
            Q(key, QuestionType.MULTIPLE_CHOICE, {"en": f"Goals {key}"}, choice_list="goals")
            for key in ("planned", "set", "worked")
        ),
        choice_lists=(ChoiceList("goals", tuple(Choice(g, {"en": g}) for g in GOALS_OPTIONS)),),
    )
    questionnaire = questionnaire_create(by=None, organisation=world.agency, definition=definition)
    survey = Survey.objects.create(
        questionnaire=questionnaire, organisation=world.agency, title="Goals", mode="personal"
    )
    add_responses(
        survey, [{"planned": ["a", "b"], "set": ["a"], "worked": ["b"]} for _ in range(6)]
    )
    wanted = [comparison_key("set", "worked"), comparison_key("planned", "worked")]
    report = _save(
        survey, world, items=[ItemInput(key, position=i) for i, key in enumerate(wanted, 1)]
    )
    data = report_data(report=report, items=report_items(report=report))
    compared = [
        (s.comparison.first.key, s.comparison.second.key) for s in data.sections if s.comparison
    ]
    assert compared == [("set", "worked"), ("planned", "worked")]
    first = data.sections[0].comparison
    assert first is not None and first.result is not None
    assert [o.first.count for o in first.result.options] == [6, 0]
