"""After the purge, only figures remain: the same figures as before, and nothing else."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.core.models import AuditEvent
from trinvis.surveys import retention, selectors
from trinvis.surveys import services_responses as services
from trinvis.surveys.forms import AnswerPlan
from trinvis.surveys.models import Answer, Figure, Invitation, Question, Response, Survey
from trinvis.surveys.tests import factories_distribution
from trinvis.surveys.tests.factories_distribution import BOB_TOKEN, invite_with_token
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey

BREAKDOWNS = (None, *selectors.SEGMENT_FIELDS)
# Filters on the respondent attributes: a value, and None for "not known".
FILTERS: tuple[dict[str, Any], ...] = (
    {"role": "leader"},
    {"size_class": None},
    {"country": "NO", "contact_person": False},
)


def _questions(survey: Survey) -> dict[str, Question]:
    return {q.key: q for q in Question.objects.filter(questionnaire=survey.questionnaire)}


def _conditions(survey: Survey) -> list[tuple[int, str]]:
    """Every option of every choice question, and 0–10 points (stored as numbers, so they
    meet no condition on a chosen option, before or after)."""
    questions = _questions(survey)
    found = [
        (q.pk, choice["name"]) for q in questions.values() for choice in q.choices if q.choices
    ]
    return [*found, (questions["recommend"].pk, "7"), (questions["recommend"].pk, "10")]


CELLS = ((), ("role",), ("size_class", "contact_person"), ("municipality", "unit_type"))


def _everything(survey: Survey, *, purged: bool, where: dict[str, Any] | None = None) -> dict:
    """Every figure the results are made of, read by the selectors or, after the purge, by
    the readers of the kept figures."""
    conditions = _conditions(survey)
    if purged:
        return {
            "aggregates": [
                retention.figures_aggregates(survey=survey, by=by, where=where) for by in BREAKDOWNS
            ],
            "sizes": [
                retention.figures_respondents_by_segment(survey=survey, by=by, where=where)
                for by in BREAKDOWNS
                if by
            ],
            "counts": retention.figures_response_counts(survey=survey, where=where),
            "meeting": retention.figures_municipalities_meeting(
                survey=survey, conditions=conditions, where=where
            ),
            "cells": [
                retention.figures_respondent_cells(survey=survey, fields=fields) for fields in CELLS
            ],
        }
    return {
        "aggregates": [
            selectors.aggregates(survey=survey, by=by, where=where) for by in BREAKDOWNS
        ],
        "sizes": [
            selectors.respondents_by_segment(survey=survey, by=by, where=where)
            for by in BREAKDOWNS
            if by
        ],
        "counts": selectors.response_counts(survey=survey, where=where),
        "meeting": selectors.municipalities_meeting(
            survey=survey, conditions=conditions, where=where
        ),
        "cells": [selectors.respondent_cells(survey=survey, fields=fields) for fields in CELLS],
    }


def _people(world: World, count: int = 80) -> list[dict[str, Any]]:
    people = generated(count, municipalities=[world.municipality_a, world.municipality_b, None])
    for person in people[::7]:
        person["recommend"] = Decimal("7.5")  # a 0–10 answer that is not a whole number
    for person in people[::5]:
        person["years"] = Decimal("2.25")
    for person in people[::11]:
        person["organisation"] = world.team_a
    return people


def _add_people(survey: Survey, people: list[dict[str, Any]]) -> None:
    add_responses(survey, [{k: v for k, v in p.items() if k != "organisation"} for p in people])
    with_org = Response.objects.filter(survey=survey).order_by("pk")
    for response, person in zip(with_org, people, strict=True):
        if person.get("organisation"):
            response.organisation = person["organisation"]
            response.save(update_fields=["organisation"])


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(organisation=world.agency)


def test_every_figure_is_the_same_after_the_purge(world: World, survey: Survey) -> None:
    people = _people(world)
    _add_people(survey, people)
    add_responses(survey, generated(5, seed=3), submitted=False)  # drafts never count
    Invitation.objects.bulk_create(
        Invitation(survey=survey, user=user, token_hash=f"hash-{user.pk}")
        for user in (world.alice, world.bob, world.charlie)
    )
    filters = [*FILTERS, {"municipality": world.municipality_a.pk, "role": "employee"}]
    before = {str(where): _everything(survey, purged=False, where=where) for where in filters}
    before["all"] = _everything(survey, purged=False)
    assert before["all"]["aggregates"][0].numbers  # the comparison covers numbers, options …
    assert before["all"]["meeting"].meeting
    assert before[str(FILTERS[0])]["counts"][0] < before["all"]["counts"][0]  # … and filters

    retention.survey_purge(survey=survey, by=world.fiona)

    survey.refresh_from_db()
    assert survey.purged_at is not None
    assert _everything(survey, purged=True) == before["all"]
    for where in filters:
        assert _everything(survey, purged=True, where=where) == before[str(where)], where


def test_the_purge_deletes_every_answer_and_draft_and_keeps_no_text(
    world: World, survey: Survey
) -> None:
    add_responses(survey, generated(12))
    add_responses(survey, generated(3, seed=2), submitted=False)
    comments = _questions(survey)["comments"]
    assert selectors.open_answers(survey=survey, question=comments).exists()
    retention.survey_purge(survey=survey)
    assert not Response.objects.filter(survey=survey).exists()
    assert not Answer.objects.filter(question__questionnaire=survey.questionnaire).exists()
    assert not selectors.open_answers(survey=survey, question=comments).exists()
    assert not Figure.objects.filter(survey=survey, question=comments).exclude(choice="").exists()
    survey.refresh_from_db()
    assert survey.purged_at is not None
    assert survey.closed_at is not None


def test_the_purge_is_recorded_once_and_runs_once(world: World, survey: Survey) -> None:
    add_responses(survey, generated(6))
    retention.survey_purge(survey=survey, by=world.fiona)
    figures = list(Figure.objects.filter(survey=survey).values_list("pk", flat=True))
    retention.survey_purge(survey=survey, by=world.fiona)
    assert list(Figure.objects.filter(survey=survey).values_list("pk", flat=True)) == figures
    [event] = AuditEvent.objects.filter(target=f"survey {survey.pk}")
    assert event.actor == world.fiona
    assert event.action == AuditEvent.Action.SURVEY_ANSWERS_DELETED
    assert event.details["responses"] == 6


def test_after_the_purge_nobody_sees_their_own_answers_or_answers_again(
    world: World, client_of: Any
) -> None:
    survey = factories_distribution.make_survey(world.municipality_a)
    invitation = invite_with_token(survey, world.bob, BOB_TOKEN)
    plan = AnswerPlan(
        survey.questionnaire, Question.objects.filter(questionnaire=survey.questionnaire)
    )
    services.response_save(
        survey=survey,
        plan=plan,
        values={"changes": "yes", "what_changed": "We meet employers weekly"},
        keys=["changes", "what_changed"],
        language="en",
        invitation=invitation,
    )
    assert selectors.own_responses(user=world.bob, language="en")
    link = reverse("answer:personal", kwargs={"token": BOB_TOKEN})
    assert client_of(world.bob).get(link).status_code == 200

    retention.survey_purge(survey=survey, by=world.alice)

    assert selectors.own_responses(user=world.bob, language="en") == []
    page = client_of(world.bob).get(reverse("surveys:my_responses")).content.decode()
    assert "We meet employers weekly" not in page
    assert client_of(world.bob).get(link).status_code == 404
    invitation.refresh_from_db()
    assert invitation.token_hash.startswith(retention.PURGED_LINK)
    with pytest.raises(services.SurveyClosed):
        services.response_save(
            survey=survey,
            plan=plan,
            values={"changes": "no"},
            keys=["changes"],
            language="en",
            invitation=invitation,
        )
    survey.refresh_from_db()
    with pytest.raises(ValidationError):
        services.survey_reopen(by=world.alice, survey=survey)
    assert not survey.is_open


def test_an_open_link_of_a_purged_survey_takes_no_answers(world: World, client_of: Any) -> None:
    survey = factories_distribution.make_survey(world.municipality_a, mode="open")
    retention.survey_purge(survey=survey)
    url = reverse("answer:open", kwargs={"open_token": survey.open_token})
    page = client_of(world.bob).post(url, {"changes": "yes", "page": "1", "action": "next"})
    assert page.status_code == 200
    assert not Response.objects.filter(survey=survey).exists()


def test_scale_answers_kept_as_numbers_stay_apart_from_chosen_options(
    world: World, survey: Survey
) -> None:
    add_responses(survey, [{"recommend": 7}, {"recommend": Decimal("7.5")}, {"useful": "4"}])
    retention.survey_purge(survey=survey)
    recommend = _questions(survey)["recommend"]
    [point] = Figure.objects.filter(survey=survey, question=recommend).exclude(choice="")
    assert (point.choice, point.count, point.number_total) == ("7", 2, Decimal("14.5"))
    data = retention.figures_aggregates(survey=survey)
    assert data.options[(recommend.pk, None)] == {"7": 2}
    assert recommend.pk not in {q for q, _segment in data.numbers}


def test_the_readers_take_a_fixed_number_of_queries(
    world: World, survey: Survey, django_assert_num_queries: Any
) -> None:
    add_responses(survey, generated(40, municipalities=[world.municipality_a]))
    retention.survey_purge(survey=survey)
    conditions = _conditions(survey)
    with django_assert_num_queries(3):
        retention.figures_aggregates(survey=survey, by="municipality", where={"role": "leader"})
    with django_assert_num_queries(1):
        retention.figures_respondents_by_segment(survey=survey, by="role")
    with django_assert_num_queries(2):
        retention.figures_response_counts(survey=survey)
    with django_assert_num_queries(2):
        retention.figures_municipalities_meeting(survey=survey, conditions=conditions)
    with django_assert_num_queries(2):
        retention.figures_respondent_cells(survey=survey, fields=["role", "municipality"])


def test_an_unknown_attribute_is_refused(survey: Survey) -> None:
    with pytest.raises(ValueError, match="filter by"):
        retention.figures_aggregates(survey=survey, where={"email": "x"})
    with pytest.raises(ValueError, match="break down"):
        retention.figures_respondents_by_segment(survey=survey, by="email")


# --- the date ---------------------------------------------------------------------------------


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30)))


@pytest.mark.parametrize(
    ("deadline", "closed", "expected"),
    [
        # Closed before its deadline: counted from the closing day.
        (datetime.date(2027, 3, 31), datetime.date(2027, 3, 10), datetime.date(2027, 4, 9)),
        # Closed in the night after the deadline: the deadline counts.
        (datetime.date(2027, 3, 31), datetime.date(2027, 4, 1), datetime.date(2027, 4, 30)),
        # Still open: the date it will have when it closes at the deadline.
        (datetime.date(2027, 3, 31), None, datetime.date(2027, 4, 30)),
        # No deadline: counted from the closing day.
        (None, datetime.date(2027, 3, 10), datetime.date(2027, 4, 9)),
        # Open, no deadline: no date yet.
        (None, None, None),
    ],
)
def test_answers_are_kept_for_the_days_after_the_survey_ends(
    deadline: datetime.date | None, closed: datetime.date | None, expected: datetime.date | None
) -> None:
    survey = Survey(deadline=deadline, closed_at=_at(closed) if closed else None, retention_days=30)
    assert retention.keep_until(survey) == expected


def test_the_purge_is_due_the_day_after_the_last_day() -> None:
    closed = _at(datetime.date(2027, 3, 10))
    survey = Survey(closed_at=closed, retention_days=30)
    assert not retention.purge_due(survey, today=datetime.date(2027, 4, 9))
    assert retention.purge_due(survey, today=datetime.date(2027, 4, 10))
    assert not retention.purge_due(Survey(closed_at=closed), today=datetime.date(2099, 1, 1))
    open_survey = Survey(deadline=datetime.date(2027, 3, 10), retention_days=0)
    assert not retention.purge_due(open_survey, today=datetime.date(2099, 1, 1))
