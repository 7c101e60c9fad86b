"""The demo survey: deterministic, with a breakdown that has a suppressed small group."""

import pytest

from trinvis.organisations import demo as organisations_demo
from trinvis.surveys import demo
from trinvis.surveys.models import Response, Survey
from trinvis.surveys.results import survey_results


@pytest.mark.django_db
def test_demo_survey_has_answers_and_a_suppressed_group() -> None:
    organisations_demo.load()
    demo.load()
    demo.load()  # loading twice changes nothing
    survey = Survey.objects.get(title=demo.TITLE)
    responses = Response.objects.filter(survey=survey, submitted_at__isnull=False).count()
    assert 10 < responses < survey.invitations.count() + 1
    results = survey_results(survey=survey, by="role")
    assert any(row.suppressed for row in results.respondents)
    assert results.comparison is not None and results.comparison.result is not None
