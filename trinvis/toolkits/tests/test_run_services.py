"""Starting a run and changing its steps: order, skip reasons, concurrent edits, history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from trinvis.accounts.tests.helpers import make_person
from trinvis.organisations.models import Membership
from trinvis.organisations.tests.helpers import join
from trinvis.toolkits.models import RunStep, RunStepChange, Toolkit
from trinvis.toolkits.services import (
    RunStepConflict,
    run_start,
    run_step_update,
    toolkit_create_version,
)
from trinvis.toolkits.tests.conftest import small_document

Status = RunStep.Status


def start(world, toolkit, **overrides):
    arguments = {
        "organisation": world.municipality_a,
        "toolkit": toolkit,
        "title": "Strategic competence development 2027 – Job and integration unit",
        "responsible": world.alice,
        "participants": [world.bob],
        "start_date": datetime.date(2027, 1, 4),
        "target_date": datetime.date(2027, 12, 17),
        "by": world.alice,
    }
    return run_start(**{**arguments, **overrides})


def update(step, by, **changes):
    values = {
        "version": step.version,
        "status": step.status,
        "owner": step.owner,
        "due_date": step.due_date,
        "notes": step.notes,
        "skip_reason": step.skip_reason,
        "reflection_answers": step.reflection_answers,
    }
    return run_step_update(step=step, by=by, **{**values, **changes})


def test_run_start_creates_one_step_per_toolkit_step_in_order(world, toolkit):
    run = start(world, toolkit)

    assert list(run.steps.order_by("position").values_list("key", flat=True)) == [
        "read",
        "plan",
        "follow-up",
    ]
    assert list(run.participants.all()) == [world.bob]
    assert run.created_by == world.alice


def test_run_keeps_its_toolkit_version_when_a_new_version_is_loaded(world, toolkit):
    run = start(world, toolkit)

    newer = toolkit_create_version(document=small_document(version=2))

    run.refresh_from_db()
    assert run.toolkit == toolkit
    assert Toolkit.objects.get(pk=newer.pk).is_latest


def test_run_start_refuses_a_responsible_person_outside_the_organisation(world, toolkit):
    with pytest.raises(ValidationError) as error:
        start(world, toolkit, responsible=world.charlie)

    assert "responsible" in error.value.message_dict


def test_run_start_refuses_participants_outside_the_organisation(world, toolkit):
    with pytest.raises(ValidationError) as error:
        start(world, toolkit, participants=[world.bob, world.charlie])

    assert "participants" in error.value.message_dict


def test_run_start_refuses_a_target_date_before_the_start(world, toolkit):
    with pytest.raises(ValidationError) as error:
        start(world, toolkit, target_date=datetime.date(2026, 1, 1))

    assert "target_date" in error.value.message_dict


def test_run_start_refuses_another_organisations_toolkit(world):
    foreign = toolkit_create_version(
        document=small_document(slug="their-kit"), organisation=world.municipality_b
    )

    with pytest.raises(ValidationError) as error:
        start(world, foreign)

    assert "toolkit" in error.value.message_dict


def test_step_cannot_be_done_before_the_earlier_steps(world, run):
    plan = run.steps.get(key="plan")

    with pytest.raises(ValidationError) as error:
        update(plan, world.alice, status=Status.DONE)

    assert "status" in error.value.message_dict
    plan.refresh_from_db()
    assert plan.status == Status.NOT_STARTED


def test_step_can_be_done_when_earlier_steps_are_done_or_skipped(world, run):
    update(run.steps.get(key="read"), world.alice, status=Status.SKIPPED, skip_reason="Known")

    plan = update(run.steps.get(key="plan"), world.alice, status=Status.DONE)

    assert plan.status == Status.DONE


def test_a_later_step_can_be_started_before_the_earlier_ones_are_done(world, run):
    plan = update(run.steps.get(key="plan"), world.alice, status=Status.IN_PROGRESS)

    assert plan.status == Status.IN_PROGRESS


def test_skipping_needs_a_reason(world, run):
    with pytest.raises(ValidationError) as error:
        update(run.steps.get(key="read"), world.alice, status=Status.SKIPPED, skip_reason="  ")

    assert "skip_reason" in error.value.message_dict


def test_a_skip_reason_is_dropped_when_the_step_is_not_skipped(world, run):
    step = update(
        run.steps.get(key="read"), world.alice, status=Status.IN_PROGRESS, skip_reason="x"
    )

    assert step.skip_reason == ""


def test_owner_must_belong_to_the_organisation(world, run):
    with pytest.raises(ValidationError) as error:
        update(run.steps.get(key="read"), world.alice, owner=world.charlie)

    assert "owner" in error.value.message_dict


def test_concurrent_edit_is_detected_and_nothing_is_overwritten(world, run):
    opened_by_alice = run.steps.get(key="read")
    opened_by_bob = run.steps.get(key="read")
    update(opened_by_bob, world.bob, notes="Bob was first")

    with pytest.raises(RunStepConflict) as conflict:
        update(opened_by_alice, world.alice, notes="Alice was second")

    assert conflict.value.current.notes == "Bob was first"
    assert conflict.value.current.version == 2
    assert run.steps.get(key="read").notes == "Bob was first"


def test_second_writer_saves_after_resubmitting_against_the_new_version(world, run):
    step = run.steps.get(key="read")
    update(run.steps.get(key="read"), world.bob, notes="Bob was first")

    saved = update(step, world.alice, version=2, notes="Alice agrees")

    assert saved.version == 3
    assert run.steps.get(key="read").notes == "Alice agrees"


def test_every_change_is_kept_in_the_history(world, run):
    step = run.steps.get(key="read")
    step = update(step, world.alice, status=Status.IN_PROGRESS, owner=world.bob)
    step = update(
        step, world.bob, status=Status.DONE, reflection_answers={"0": "Much"}, notes="Done"
    )

    changes = list(RunStepChange.objects.filter(step=step).order_by("version"))
    assert [change.version for change in changes] == [2, 3]
    assert changes[0].by == world.alice
    assert changes[0].changes["status"] == {"from": "not_started", "to": "in_progress"}
    assert changes[0].changes["owner"] == {"from": None, "to": "Bob Employee"}
    assert changes[1].changes["status"] == {"from": "in_progress", "to": "done"}
    assert changes[1].changes["reflection_answers"] == {"from": {}, "to": {"0": "Much"}}


def test_saving_without_changes_writes_no_history_and_keeps_the_version(world, run):
    step = update(run.steps.get(key="read"), world.alice)

    assert step.version == 1
    assert not RunStepChange.objects.exists()


def test_owner_may_be_a_participant_from_a_unit_below_but_not_any_member(world, run):
    person = make_person("unit@example.org", "Una Unit")
    join(person, world.unit_a_language, Membership.Role.EMPLOYEE)

    with pytest.raises(ValidationError) as error:
        update(run.steps.get(key="read"), world.alice, owner=person)
    assert "owner" in error.value.message_dict

    run.participants.add(person)
    step = update(run.steps.get(key="read"), world.alice, owner=person)

    assert step.owner == person
