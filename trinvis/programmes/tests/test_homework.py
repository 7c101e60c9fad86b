"""Homework: tasks set by those who run the programme, each municipality's answer written
by its write roles (or by the running side on its behalf), the overview of tasks ×
municipalities with what is overdue, the conflicts of two writers, and the query count."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.programmes.models import HomeworkSubmission, HomeworkTask
from trinvis.programmes.services_homework import NEW, TaskInput, answer_save, task_create
from trinvis.programmes.tests.factories_workshops import (
    answer,
    candidate_of,
    make_programme,
    make_task,
    make_workshop,
    other_candidate,
    programme_of,
    task_of,
    workshop_of,
)


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_task_is_set_before_a_workshop(world: World, client_of) -> None:
    programme = programme_of(world)
    workshop = workshop_of(world)
    client = client_of(world.fiona)
    url = reverse("programmes:homework_task_create", args=[programme.pk])
    form = _html(client, f"{url}?workshop={workshop.pk}")
    assert f'<option value="{workshop.pk}" selected>' in form
    response = client.post(
        url,
        {
            "title": "Map the local labour demand",
            "description": "Which trades lack people?",
            "due": "2027-03-03",
            "before_workshop": workshop.pk,
        },
    )
    assert response["Location"] == reverse("programmes:homework", args=[programme.pk])
    task = HomeworkTask.objects.get(programme=programme)
    assert (task.before_workshop, task.due) == (workshop, datetime.date(2027, 3, 3))
    html = _html(client, reverse("programmes:workshop_detail", args=[workshop.pk]))
    assert "Map the local labour demand" in html and "Which trades lack people?" in html


def test_the_overview_marks_answers_and_what_is_overdue(world: World, client_of) -> None:
    programme = programme_of(world)
    a, town = candidate_of(world), other_candidate(world)
    late = make_task(programme, title="Late task", due=_days(-1))
    make_task(programme, title="Open task", due=_days(10))
    answer(late, a)
    html = _html(client_of(world.fiona), reverse("programmes:homework", args=[programme.pk]))
    assert html.count("<strong>Overdue</strong>") == 1  # Town 1 on the late task
    assert html.count("Not yet") == 2
    assert "Answered " in html
    assert f"/programmes/homework/{late.pk}/municipalities/{town.pk}/" in html


def test_a_municipality_sees_its_own_row_only(world: World, client_of) -> None:
    programme = programme_of(world)
    other_candidate(world)
    make_task(programme)
    html = _html(client_of(world.alice), reverse("programmes:homework", args=[programme.pk]))
    assert "Municipality A" in html and "Town 1" not in html
    assert "Set a task" not in html


def test_the_municipality_writes_its_answer(world: World, client_of) -> None:
    task = task_of(world)
    candidate = candidate_of(world)
    client = client_of(world.alice)
    url = reverse("programmes:homework_answer", args=[task.pk, candidate.pk])
    assert 'name="base_version" value="0"' in _html(client, url)
    response = client.post(url, {"base_version": NEW, "text": "Care, building, transport"})
    assert response["Location"] == reverse("programmes:homework", args=[task.programme_id])
    submission = HomeworkSubmission.objects.get(task=task, candidate=candidate)
    assert (submission.text, submission.submitted_by, submission.version) == (
        "Care, building, transport",
        world.alice,
        1,
    )
    client.post(url, {"base_version": 1, "text": "Care, building"})
    submission.refresh_from_db()
    assert (submission.text, submission.version) == ("Care, building", 2)


def test_those_who_run_the_programme_may_answer_on_the_municipalitys_behalf(
    world: World, client_of
) -> None:
    task = task_of(world)
    town = other_candidate(world)
    url = reverse("programmes:homework_answer", args=[task.pk, town.pk])
    client_of(world.fiona).post(url, {"base_version": NEW, "text": "Sent by e-mail"})
    assert HomeworkSubmission.objects.get(candidate=town).submitted_by == world.fiona


def test_a_reader_sees_the_answer_and_may_not_write_it(world: World, client_of) -> None:
    task = task_of(world)
    candidate = candidate_of(world)
    answer(task, candidate, text="Our answer")
    client = client_of(world.bob)
    url = reverse("programmes:homework_answer", args=[task.pk, candidate.pk])
    html = _html(client, url)
    assert "Our answer" in html and "<textarea" not in html
    assert client.post(url, {"base_version": 1, "text": "Changed"}).status_code == 403


def test_others_answers_are_out_of_reach(world: World, client_of) -> None:
    task = task_of(world)
    town = other_candidate(world)
    url = reverse("programmes:homework_answer", args=[task.pk, town.pk])
    assert client_of(world.alice).get(url).status_code == 404
    own = reverse("programmes:homework_answer", args=[task.pk, candidate_of(world).pk])
    assert client_of(world.charlie).get(own).status_code == 404


def test_an_answer_written_meanwhile_is_a_conflict(world: World, client_of) -> None:
    task = task_of(world)
    candidate = candidate_of(world)
    answer(task, candidate, text="Written by a colleague")
    response = client_of(world.alice).post(
        reverse("programmes:homework_answer", args=[task.pk, candidate.pk]),
        {"base_version": NEW, "text": "Mine"},
    )
    html = response.content.decode()
    assert "Someone else answered meanwhile" in html
    assert "Written by a colleague" in html and "Mine</textarea>" in html
    assert 'name="base_version" value="1"' in html
    assert HomeworkSubmission.objects.get().text == "Written by a colleague"


def test_an_empty_answer_is_refused(world: World, client_of) -> None:
    task = task_of(world)
    candidate = candidate_of(world)
    with pytest.raises(ValidationError):
        answer_save(by=world.alice, task=task, candidate=candidate, answer=" ", base_version=NEW)


def test_an_answer_belongs_to_the_tasks_programme(world: World) -> None:
    task = task_of(world)
    elsewhere = make_programme(world.agency, name="Another programme")
    with pytest.raises(ValidationError):
        task_create(
            by=world.fiona,
            programme=elsewhere,
            data=TaskInput(title="Wrong", before_workshop=workshop_of(world)),
        )
    stranger = make_task(elsewhere, title="Elsewhere")
    with pytest.raises(ValidationError):
        answer_save(
            by=world.fiona,
            task=stranger,
            candidate=candidate_of(world),
            answer="x",
            base_version=NEW,
        )
    assert not task.submissions.exists()


def test_tasks_are_changed_and_deleted_with_their_version(world: World, client_of) -> None:
    task = task_of(world)
    answer(task, candidate_of(world))
    client = client_of(world.fiona)
    edit = reverse("programmes:homework_task_edit", args=[task.pk])
    stale = client.post(edit, {"base_version": task.version + 1, "title": "New title"})
    assert "Someone else changed the task while you were editing" in stale.content.decode()
    client.post(edit, {"base_version": task.version, "title": "New title"})
    task.refresh_from_db()
    assert (task.title, task.version, task.before_workshop) == ("New title", 2, None)
    delete = reverse("programmes:homework_task_delete", args=[task.pk])
    assert "The task and 1 municipality's answer to it are deleted." in _html(client, delete)
    client.post(delete, {"base_version": 2})
    assert not HomeworkTask.objects.exists() and not HomeworkSubmission.objects.exists()


def test_the_municipality_side_may_not_set_tasks(world: World, client_of) -> None:
    task = task_of(world)
    client = client_of(world.alice)
    assert (
        client.post(
            reverse("programmes:homework_task_create", args=[task.programme_id])
        ).status_code
        == 403
    )
    for name in ("homework_task_edit", "homework_task_delete"):
        assert client.post(reverse(f"programmes:{name}", args=[task.pk])).status_code == 403


def test_the_overview_does_not_grow_with_the_data(world: World, client_of) -> None:
    programme = programme_of(world)
    workshop = make_workshop(programme)

    def grow(count: int) -> None:
        for number in range(count):
            town = other_candidate(world, code=f"{7000 + number}", name=f"Town {number}")
            task = make_task(programme, title=f"Task {number}", before=workshop)
            answer(task, town)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client_of(world.fiona).get(
                reverse("programmes:homework", args=[programme.pk])
            )
            assert response.status_code == 200
        return len(captured)

    grow(1)
    before = queries()
    grow(6)
    assert queries() == before
