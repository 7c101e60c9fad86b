"""Two submits of the same response at the same moment store exactly one response.

Needs PostgreSQL: SQLite serialises writers, so the race does not happen there. Run with
`DATABASE_URL=postgres://… pytest -p no:xdist --create-db` on this file.
"""

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import World
from trinvis.surveys import services_responses as services
from trinvis.surveys.forms import AnswerPlan
from trinvis.surveys.models import Answer, Question, Response
from trinvis.surveys.tests.factories_distribution import BOB_TOKEN, invite_with_token, make_survey

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)

LAST_PAGE = {"benefit/useful": "4", "age": "41", "page": "3", "action": "submit"}


def _race(url: str, data: dict[str, Any]) -> list[int]:
    start = threading.Barrier(2)
    statuses: list[int] = []

    def submit() -> None:
        try:
            start.wait(timeout=10)
            statuses.append(Client().post(url, data).status_code)
        except Exception as error:  # reported by the assertion below
            statuses.append(-1)
            raise error
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_personal_submits_store_one_response(world: World) -> None:
    survey = make_survey(world.municipality_a)
    invitation = invite_with_token(survey, world.bob, BOB_TOKEN)
    plan = AnswerPlan(
        survey.questionnaire, Question.objects.filter(questionnaire_id=survey.questionnaire_id)
    )
    services.response_save(
        survey=survey,
        plan=plan,
        values={"changes": "no"},
        keys=["changes"],
        language="en",
        invitation=invitation,
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(age: int) -> None:
        try:
            start.wait(timeout=10)
            services.response_submit(
                survey=survey,
                plan=plan,
                values={"benefit/useful": "4", "age": Decimal(age)},
                keys=["benefit/useful", "benefit/relevant", "recommend", "age"],
                language="en",
                invitation=invitation,
            )
            outcomes.append("submitted")
        except services.ResponseAlreadySubmitted:
            outcomes.append("already submitted")
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(age,)) for age in (41, 42)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already submitted", "submitted"]
    [response] = Response.objects.filter(survey=survey)
    assert response.submitted_at is not None
    assert Answer.objects.filter(response=response, question__key="age").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_submit_stores_one_response(world: World) -> None:
    survey = make_survey(world.municipality_a)
    invite_with_token(survey, world.bob, BOB_TOKEN)
    url = reverse("answer:personal", kwargs={"token": BOB_TOKEN})
    Client().post(url, {"changes": "no", "page": "1", "action": "next"})
    statuses = _race(url, LAST_PAGE)
    # One redirect to the thank-you page, one "your answers are in" page.
    assert sorted(statuses) == [200, 302]
    [response] = Response.objects.filter(survey=survey)
    assert response.submitted_at is not None
    assert Answer.objects.filter(response=response, question__key="age").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_posts_of_an_open_form_store_one_response(world: World) -> None:
    survey = make_survey(world.municipality_a, mode="open")
    url = reverse("answer:open", kwargs={"open_token": survey.open_token})
    key = "retried-form-key-0123456789abcdef"
    statuses = _race(url, {"changes": "yes", "page": "1", "action": "next", "k": key})
    assert statuses == [302, 302]
    [response] = Response.objects.filter(survey=survey)
    assert Answer.objects.filter(response=response).count() == 1
