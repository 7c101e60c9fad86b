"""axe-core on the workshop pages of an agency programme with real content (a plain GET of
the URL table shows them mostly empty) and in the states no plain GET shows: forms refused
with errors, a workshop and an answer changed by someone else meanwhile, the warnings opened;
and the quick entry of evaluation notes and the agenda without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.programmes.models import Workshop, WorkshopEvaluation
from trinvis.programmes.services_workshop_participants import municipality_plan_start
from trinvis.programmes.tests.factories_workshops import (
    FIRST_DAY,
    UnitType,
    add_line,
    add_note,
    add_participant,
    answer,
    candidate_of,
    make_task,
    make_workshop,
    other_candidate,
    programme_of,
    workshop_of,
)
from trinvis.toolkits.services import CONTENT_DIR, toolkits_load

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _content(world: World) -> Workshop:
    """Two workshops too far apart, a run sheet with an overlap and a gap, participants with
    gaps in their units, homework with an answer and an overdue task, notes and a plan."""
    toolkits_load(paths=[CONTENT_DIR / "qualification-paths.yaml"])
    programme = programme_of(world)
    workshop = workshop_of(world)
    make_workshop(programme, number=2, starts_on=datetime.date(2027, 6, 1))
    add_line(workshop, activity="Welcome", at="09:00", minutes=30)
    add_line(workshop, activity="Step 1: the labour demand", at="09:20", minutes=60)
    add_line(workshop, activity="Lunch", at="11:00", minutes=45)
    add_line(workshop, activity="Sharing", day=2, at="13:00", minutes=90)
    candidate = candidate_of(world)
    add_participant(workshop, candidate, name="Rita", decision_authority=True)
    add_participant(workshop, candidate, name="Bob", unit_type=UnitType.EMPLOYMENT, user=world.bob)
    town = other_candidate(world)
    add_participant(workshop, town, name="Tove", unit_type=UnitType.OTHER)
    task = make_task(programme, before=workshop)
    make_task(programme, title="Long ago", due=datetime.date(2020, 1, 1))
    answer(task, candidate)
    add_note(workshop)
    add_note(workshop, good="Group work", better="", day=2)
    municipality_plan_start(
        by=world.alice,
        candidate=candidate,
        responsible=world.alice,
        title="Our recipe",
        start_date=FIRST_DAY,
    )
    return workshop


def test_pages_with_content_pass_axe(world: World, open_as: OpenAs) -> None:
    workshop = _content(world)
    programme_id = workshop.programme_id
    task = workshop.homework.get()
    for user in (world.fiona, world.alice):
        page = open_as(user)
        names = [
            ("programmes:workshops", [programme_id]),
            ("programmes:workshop_detail", [workshop.pk]),
            ("programmes:workshop_run_sheet", [workshop.pk]),
            ("programmes:workshop_agenda", [workshop.pk]),
            ("programmes:homework", [programme_id]),
            ("programmes:homework_answer", [task.pk, candidate_of(world).pk]),
        ]
        if user == world.fiona:
            names += [
                ("programmes:workshop_evaluation", [workshop.pk]),
                ("programmes:municipality_plan_start", [other_candidate(world).pk]),
            ]
        for name, args in names:
            page.goto(reverse(name, args=args))
            assert_no_violations(page, where=f"{user.full_name}: {name}")
    page = open_as(world.fiona)
    page.goto(reverse("programmes:workshops", args=[programme_id]))
    page.locator("details.trinvis-workshop-warnings summary").first.click()
    assert_no_violations(page, where="workshops with the warnings open")


def test_forms_with_errors_pass_axe(world: World, open_as: OpenAs) -> None:
    workshop = _content(world)
    fiona = open_as(world.fiona)
    for name, args in (
        ("programmes:workshop_create", [workshop.programme_id]),
        ("programmes:run_sheet_line_create", [workshop.pk]),
        ("programmes:workshop_participant_create", [workshop.pk, candidate_of(world).pk]),
        ("programmes:homework_task_create", [workshop.programme_id]),
        ("programmes:workshop_evaluation_add", [workshop.pk]),
    ):
        fiona.goto(reverse(name, args=args))
        assert_no_violations(fiona, where=name)
        if name == "programmes:workshop_create":
            fiona.locator("#id_title").fill("")
        _submit(fiona, "main form button[type=submit]", ".ds-error-summary")
        assert_no_violations(fiona, where=f"{name} with errors")


def test_conflicts_pass_axe(world: World, open_as: OpenAs) -> None:
    workshop = _content(world)
    fiona = open_as(world.fiona)
    fiona.goto(reverse("programmes:workshop_edit", args=[workshop.pk]))
    Workshop.objects.filter(pk=workshop.pk).update(version=workshop.version + 1)
    _submit(fiona, "main form button[type=submit]", ".ds-alert")
    expect(fiona.locator(".ds-alert").first).to_contain_text("Someone else changed the workshop")
    assert_no_violations(fiona, where="workshop changed meanwhile")

    town = other_candidate(world)
    task = workshop.homework.get()
    page = open_as(world.fiona)
    page.goto(reverse("programmes:homework_answer", args=[task.pk, town.pk]))
    answer(task, town, text="Written meanwhile")
    page.locator("#id_text").fill("Mine")
    _submit(page, "main form button[type=submit]", ".ds-alert")
    expect(page.locator(".ds-alert").first).to_contain_text("Someone else answered meanwhile")
    assert_no_violations(page, where="answer written meanwhile")


def test_notes_are_typed_without_javascript(world: World, open_as: OpenAs) -> None:
    workshop = _content(world)
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("programmes:workshop_evaluation_add", args=[workshop.pk]))
    expect(page.locator("#id_good")).to_be_focused()
    page.locator("#id_good").fill("The sharing round")
    page.locator("#id_better").fill("Start later")
    _submit(page, "button[name=next]", ".trinvis-messages")
    expect(page.locator("#id_good")).to_be_focused()
    expect(page.locator("#id_good")).to_have_value("")
    assert WorkshopEvaluation.objects.filter(good="The sharing round").exists()
    page.goto(reverse("programmes:workshop_agenda", args=[workshop.pk]))
    expect(page.locator("table")).to_have_count(2)
    # axe itself needs JavaScript: the same pages, checked in a browser that runs it.
    checked = open_as(world.fiona)
    checked.goto(reverse("programmes:workshop_evaluation_add", args=[workshop.pk]) + "?day=2")
    assert_no_violations(checked, where="quick entry")
    checked.goto(reverse("programmes:workshop_agenda", args=[workshop.pk]))
    checked.emulate_media(media="print")
    expect(checked.locator(".ds-breadcrumbs")).to_be_hidden()
    assert_no_violations(checked, where="agenda as printed")


def test_empty_pages_pass_axe(world: World, open_as: OpenAs) -> None:
    programme = programme_of(world)
    page = open_as(world.fiona)
    for name in ("programmes:workshops", "programmes:homework"):
        page.goto(reverse(name, args=[programme.pk]))
        assert_no_violations(page, where=f"empty {name}")
    workshop = workshop_of(world)
    for name in (
        "programmes:workshop_detail",
        "programmes:workshop_run_sheet",
        "programmes:workshop_evaluation",
        "programmes:municipality_plan_start",
    ):
        args = [candidate_of(world).pk] if name.endswith("plan_start") else [workshop.pk]
        page.goto(reverse(name, args=args))
        assert_no_violations(page, where=f"empty {name}")
