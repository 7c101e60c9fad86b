"""The aggregates come from the database, match a recount in Python, and take a fixed number
of queries however many responses there are."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trinvis.surveys import selectors
from trinvis.surveys.models import Question
from trinvis.surveys.results import survey_results
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey


@pytest.fixture
def survey(world):
    return make_survey(organisation=world.agency)


def test_option_counts_match_a_recount_in_python(world, survey) -> None:
    people = generated(120, municipalities=[world.municipality_a, world.municipality_b])
    add_responses(survey, people)
    add_responses(survey, generated(7, seed=99), submitted=False)  # drafts never count
    data = selectors.aggregates(survey=survey, by="role")
    questions = {q.key: q for q in Question.objects.filter(questionnaire=survey.questionnaire)}
    for key in ("useful", "benefit/talks", "goals_set", "changes", "recommend"):
        expected: Counter = Counter()
        answered: Counter = Counter()
        for person in people:
            value = person.get(key)
            if value is None:
                continue
            picked = value if isinstance(value, list) else [str(value)]
            answered[person["role"]] += 1
            for option in picked:
                expected[(person["role"], option)] += 1
        got = {
            (segment, option): count
            for (question_id, segment), counts in data.options.items()
            if question_id == questions[key].pk
            for option, count in counts.items()
        }
        assert got == dict(expected), key
        assert {
            segment: n
            for (question_id, segment), n in data.respondents.items()
            if question_id == questions[key].pk
        } == dict(answered)
    years = data.numbers[(questions["years"].pk, "leader")]
    leaders = [p["years"] for p in people if p["role"] == "leader"]
    assert (years.count, years.total) == (len(leaders), Decimal(sum(leaders)))


def test_municipalities_meeting_counts_distinct_municipalities(world, survey) -> None:
    add_responses(
        survey,
        [
            {"municipality": world.municipality_a, "changes": "yes"},
            {"municipality": world.municipality_a, "changes": "yes"},
            {"municipality": world.municipality_b, "changes": "no"},
            {"changes": "yes"},  # no municipality: not counted among municipalities
        ],
    )
    question = Question.objects.get(questionnaire=survey.questionnaire, key="changes")
    found = selectors.municipalities_meeting(survey=survey, conditions=[(question.pk, "yes")])
    assert (found.municipalities, found.respondents) == (2, 3)
    assert found.meeting[(question.pk, "yes")] == (1, 2)


def test_open_answers_are_searchable_and_per_segment(world, survey) -> None:
    add_responses(
        survey,
        [
            {"role": "leader", "comments": "More time please"},
            {"role": "employee", "comments": "more TIME"},
            {"role": "employee", "comments": "Fine"},
        ],
    )
    question = Question.objects.get(questionnaire=survey.questionnaire, key="comments")
    found = selectors.open_answers(survey=survey, question=question, search="time")
    assert sorted(found) == ["More time please", "more TIME"]
    assert list(
        selectors.open_answers(survey=survey, question=question, by="role", segment="employee")
    ) == ["Fine", "more TIME"]


def test_response_rate_counts_submitted_responses_of_invitations(world, survey) -> None:
    from trinvis.surveys.tests.factories_results import invite

    invite(survey, [world.alice, world.bob, world.charlie, world.fiona])
    add_responses(survey, [{"useful": "4"}, {"useful": "5"}])
    add_responses(survey, [{"useful": "1"}], submitted=False)
    assert selectors.response_counts(survey=survey) == (2, 4)


def test_imported_answers_outnumbering_the_invitations_give_a_count_not_a_rate(
    world, survey
) -> None:
    from trinvis.surveys.tests.factories_results import invite

    invite(survey, [world.alice])
    add_responses(survey, generated(3))  # imported: no invitation behind them

    rate = survey_results(survey=survey).rate

    assert (rate.responses, rate.invited, rate.percentage) == (3, 0, None)


def _queries(survey, by):
    with CaptureQueriesContext(connection) as captured:
        survey_results(survey=survey, by=by)
    return len(captured.captured_queries)


@pytest.mark.parametrize("by", [None, "role", "municipality"])
def test_query_count_does_not_grow_with_responses(world, by) -> None:
    small = make_survey(organisation=world.agency, title="small")
    large = make_survey(organisation=world.agency, title="large")
    places = [world.municipality_a, world.municipality_b]
    add_responses(small, generated(10, municipalities=places))
    add_responses(large, generated(200, municipalities=places))
    assert _queries(small, by) == _queries(large, by)
    assert _queries(large, by) <= 14
