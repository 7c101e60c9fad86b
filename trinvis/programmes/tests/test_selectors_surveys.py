"""The surveys linked to a programme: only those the user may read, their response rates in
one query, and their results protected as on the survey's own pages."""

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from conftest import World
from trinvis.programmes.selectors_surveys import (
    course_surveys,
    linkable_surveys,
    programme_surveys,
    survey_lines,
    survey_summaries,
)
from trinvis.programmes.tests.factories_courses import make_course
from trinvis.programmes.tests.factories_programmes import make_programme
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.models import Survey
from trinvis.surveys.tests.factories_results import add_responses, generated, invite, make_survey

pytestmark = pytest.mark.django_db


def test_a_link_never_shows_a_survey_the_user_may_not_read(world: World) -> None:
    programme = make_programme(world.agency)
    agency_survey = make_survey(organisation=world.agency, title="Agency survey")
    own_survey = make_survey(organisation=world.municipality_a, title="A's survey")
    programme.surveys.add(agency_survey, own_survey)

    fiona_sees = set(programme_surveys(programme=programme, user=world.fiona))
    alice_sees = set(programme_surveys(programme=programme, user=world.alice))

    # The agency reads its own survey; the municipality's stays the municipality's.
    assert fiona_sees == {agency_survey}
    assert alice_sees == {own_survey}
    assert agency_survey not in set(linkable_surveys(user=world.alice))
    assert programme_surveys(programme=programme, user=world.charlie).count() == 0


def test_a_course_lists_only_its_own_evaluations(world: World) -> None:
    course = make_course(world.agency, by=world.fiona)
    linked = make_survey(organisation=world.agency, title="Module 1 evaluation")
    make_survey(organisation=world.agency, title="Not an evaluation")
    course.surveys.add(linked)

    assert list(course_surveys(course=course, user=world.fiona)) == [linked]


def test_lines_count_responses_and_rate_in_one_query(world: World) -> None:
    surveys = [make_survey(organisation=world.agency, title=f"S{i}") for i in range(3)]
    invite(surveys[0], [world.alice, world.bob, world.charlie, world.fiona])
    responses = add_responses(surveys[0], generated(2))
    for response, invitation in zip(responses, surveys[0].invitations.all(), strict=False):
        response.invitation = invitation
        response.save(update_fields=["invitation"])
    add_responses(surveys[1], generated(3))

    with CaptureQueriesContext(connection) as queries:
        lines = {line.survey.title: line for line in survey_lines(programme_queryset(surveys))}

    assert len(queries) == 1
    assert (lines["S0"].responses, lines["S0"].invited, lines["S0"].rate) == (2, 4, 50.0)
    assert (lines["S1"].responses, lines["S1"].invited, lines["S1"].rate) == (3, 0, None)
    assert lines["S2"].responses == 0


def programme_queryset(surveys: list[Survey]) -> QuerySet[Survey]:
    return Survey.objects.filter(pk__in=[s.pk for s in surveys])


def test_summaries_give_the_scale_means_and_hide_a_small_municipality(world: World) -> None:
    survey = make_survey(organisation=world.agency)
    many = [dict(r, municipality=world.municipality_a) for r in generated(8, seed=1)]
    few = [dict(r, municipality=world.municipality_b) for r in generated(2, seed=2)]
    elsewhere = generated(6, seed=3)  # no municipality given: A's complement is not small
    add_responses(survey, many + few + elsewhere)
    [line] = survey_lines(programme_queryset([survey]))

    [everyone] = survey_summaries([line])
    [in_a] = survey_summaries([line], where={"municipality": world.municipality_a.pk})
    [in_b] = survey_summaries([line], where={"municipality": world.municipality_b.pk})

    labels = [question.label for question in everyone.questions]
    assert "The workshops were useful" in labels
    assert "Would you recommend it?" in labels
    assert "Comments" not in labels
    useful = next(q for q in everyone.questions if q.label == "The workshops were useful")
    assert useful.n is not None and useful.mean is not None and useful.top_two_box is not None
    assert in_a.suppressed is None and in_a.questions
    assert in_b.suppressed is Suppressed.TOO_FEW
    assert in_b.questions == []
