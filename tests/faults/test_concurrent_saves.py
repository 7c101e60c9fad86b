"""People saving at the same moment, each in their own thread with their own database
connection: eight people save the same worksheet, or the same education plan, from the same
version (one wins, seven get the conflict, nothing is lost), and 200 people submit an open
survey at once through the real answer view (exactly 200 responses). Simultaneous first
assessments are in trinvis/competences/tests/test_round_concurrency.py."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import World
from trinvis.learning.models import EducationPlan
from trinvis.learning.services.plans import PlanConflict, PlanInput, plan_update
from trinvis.learning.tests.factories_plans import plan_a
from trinvis.surveys.models import Answer, Response
from trinvis.surveys.tests.factories_distribution import make_survey
from trinvis.toolkits.models import Run, WorksheetRevision
from trinvis.toolkits.tests.conftest import run, toolkit  # noqa: F401 (fixtures)
from trinvis.toolkits.worksheets import (
    WorksheetConflict,
    sheet_for_run,
    worksheet_for_run,
    worksheet_save,
)

PEOPLE = 8
SUBMISSIONS = 200
FIRST_PAGE = {"changes": "no", "page": "1", "action": "next"}
LAST_PAGE = {"benefit/useful": "4", "age": "41", "page": "3", "action": "submit"}


def _at_once(save: Callable[[int], object], *, conflict: type[Exception]) -> list[str]:
    """Runs `save(person)` for PEOPLE people released together, each in a thread with its own
    connection; what each got: "saved N" or "conflict at version V"."""
    start = threading.Barrier(PEOPLE)
    outcomes: list[str] = []

    def one(person: int) -> None:
        try:
            start.wait(timeout=10)
            save(person)
            outcomes.append(f"saved {person}")
        except conflict as refused:
            outcomes.append(f"conflict at version {refused.current.version}")  # type: ignore[attr-defined]
        except Exception as error:  # reported by the callers' assertions
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_eight_saves_of_one_version_keep_one_and_refuse_seven(world: World, run: Run) -> None:  # noqa: F811
    sheet = sheet_for_run(run=run, template_key="plan")
    worksheet = worksheet_save(
        worksheet=worksheet_for_run(run=run, template_key="plan", sheet=sheet),
        rows=[{"key": "", "cells": {"activity": "Start"}}],
        base_version=0,
        by=world.alice,
    )

    def save(person: int) -> None:
        worksheet_save(
            worksheet=worksheet,
            rows=[{"key": "", "cells": {"activity": f"Person {person}"}}],
            base_version=1,
            by=world.alice,
        )

    outcomes = _at_once(save, conflict=WorksheetConflict)

    saved = [outcome for outcome in outcomes if outcome.startswith("saved")]
    assert len(saved) == 1, outcomes
    assert sorted(set(outcomes) - set(saved)) == ["conflict at version 2"]
    assert len(outcomes) == PEOPLE
    worksheet.refresh_from_db()
    winner = saved[0].removeprefix("saved ")
    assert worksheet.version == 2
    assert worksheet.data["rows"][0]["cells"]["activity"] == f"Person {winner}"
    assert WorksheetRevision.objects.filter(worksheet=worksheet).count() == 2


@pytest.mark.django_db(transaction=True)
def test_eight_saves_of_one_education_plan_keep_one_and_refuse_seven(world: World) -> None:
    plan = plan_a(world)
    base = plan.version

    def save(person: int) -> None:
        plan_update(
            by=world.alice,
            plan=plan,
            base_version=base,
            data=PlanInput(title=f"Plan of person {person}", round=plan.round),
        )

    outcomes = _at_once(save, conflict=PlanConflict)

    saved = [outcome for outcome in outcomes if outcome.startswith("saved")]
    assert len(saved) == 1, outcomes
    assert sorted(set(outcomes) - set(saved)) == [f"conflict at version {base + 1}"]
    assert len(outcomes) == PEOPLE
    stored = EducationPlan.objects.get(pk=plan.pk)
    assert stored.version == base + 1
    assert stored.title == f"Plan of person {saved[0].removeprefix('saved ')}"


@pytest.mark.django_db(transaction=True)
def test_two_hundred_simultaneous_survey_submissions_store_two_hundred(world: World) -> None:
    survey = make_survey(world.municipality_a, mode="open")
    url = reverse("answer:open", kwargs={"open_token": survey.open_token})

    def submit(number: int) -> int:
        key = f"fault-test-submission-{number:05d}-0123456789abcdef"
        try:
            client = Client()
            first = client.post(url, {**FIRST_PAGE, "k": key})
            assert first.status_code == 302, first.status_code
            return client.post(url, {**LAST_PAGE, "k": key}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(submit, range(SUBMISSIONS)))

    assert statuses == [302] * SUBMISSIONS
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == SUBMISSIONS
    assert responses.filter(submitted_at__isnull=False).count() == SUBMISSIONS
    answers = Answer.objects.filter(response__survey=survey)
    assert answers.filter(question__key="age").count() == SUBMISSIONS
    assert answers.filter(question__key="changes").count() == SUBMISSIONS
