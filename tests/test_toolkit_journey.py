"""The toolkit engine's definition of done, clicked through in chromium against the live server.

The shipped toolkits are loaded from content/toolkits/. Alice (leader of municipality A)
starts a run of each of them with Bob (employee in a team below A) as participant; one run
is followed step by step; Alice and Bob edit the same worksheet at once without losing text;
a worksheet goes to paper (PDF), to Excel and back; and the central pages are read in
Danish, Norwegian and English and checked with axe.
"""

import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from playwright.sync_api import FilePayload, Locator, Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.toolkits.localise import pick
from trinvis.toolkits.models import Run, RunStep, Toolkit, Worksheet
from trinvis.toolkits.registry import live_view_for, register_live_view, unregister_live_view
from trinvis.toolkits.services import CONTENT_DIR, run_start, toolkits_load
from trinvis.toolkits.worksheets import Sheet, sheet_for_run, worksheet_for_run, worksheet_save

pytestmark = pytest.mark.browser

SHIPPED = sorted(path.stem for path in CONTENT_DIR.glob("*.yaml"))
STRATEGIC = "strategic-education"
PLAN = "education-plan"
RUN_PAGE = re.compile(r"/runs/\d+/$")


@pytest.fixture(autouse=True)
def _editable_plan_worksheet() -> Iterator[None]:
    """These journeys are about the engine's editable grid, with the education plan as the
    example; the learning module shows that worksheet live, so it steps aside for them."""
    provider = live_view_for(PLAN)
    unregister_live_view(PLAN)
    yield
    if provider is not None:
        register_live_view(PLAN, provider)


@pytest.fixture
def shipped(world: World) -> dict[str, Toolkit]:
    toolkits_load()
    toolkits = {
        toolkit.slug: toolkit
        for toolkit in Toolkit.objects.filter(organisation__isnull=True, is_latest=True)
    }
    assert sorted(toolkits) == SHIPPED
    return toolkits


def started(world: World, toolkit: Toolkit, title: str = "Strategic education 2027") -> Run:
    """A run started by the service, for journeys that are not about the start form."""
    return run_start(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title=title,
        responsible=world.alice,
        participants=[world.bob],
        start_date=datetime.date(2027, 1, 4),
        target_date=None,
        by=world.alice,
    )


def english(texts: dict[str, str]) -> str:
    return pick(texts, "en")[0]


def step_titles(toolkit: Toolkit) -> list[str]:
    return [english(step["title"]) for step in toolkit.steps]


def url_is(path: str) -> re.Pattern[str]:
    return re.compile(re.escape(path) + r"(\?.*)?$")


def messages(page: Page) -> Locator:
    return page.locator(".trinvis-messages")


def english_text(message: str) -> str:
    """A message of the app as an English-speaking user reads it (tests run in da)."""
    with translation.override("en"):
        return gettext(message)


def save_step(page: Page) -> None:
    page.locator("main form").get_by_role("button", name="Save the step").click()


# --- 1. a run of every shipped toolkit -----------------------------------------------------


def test_leader_starts_a_run_of_every_shipped_toolkit_with_a_participant_from_a_team(
    world: World, shipped: dict[str, Toolkit], open_as: OpenAs
) -> None:
    leader = open_as(world.alice)
    for slug in SHIPPED:
        toolkit = shipped[slug]
        leader.goto(reverse("toolkits:run_list"))
        leader.get_by_role("link", name="Start a run").first.click()
        expect(leader).to_have_url(url_is(reverse("toolkits:run_start")))
        leader.locator("#id_organisation").select_option(label="Municipality A")
        leader.locator("#id_toolkit").select_option(
            label=f"{english(toolkit.title)} (version {toolkit.version})"
        )
        leader.locator("#id_title").fill(f"Run of {slug}")
        leader.locator("#id_responsible").select_option(label="Alice Leader")
        leader.get_by_role("checkbox", name="Bob Employee").check()
        leader.get_by_role("button", name="Start the run").click()

        expect(leader).to_have_url(RUN_PAGE)
        run = Run.objects.get(title=f"Run of {slug}")
        assert leader.url.endswith(reverse("toolkits:run_detail", args=[run.pk]))
        expect(messages(leader)).to_contain_text("The run is started")
        assert run.toolkit == toolkit
        assert run.organisation == world.municipality_a
        assert run.responsible == world.alice
        assert list(run.participants.all()) == [world.bob]

        titles = step_titles(toolkit)
        indicator = leader.get_by_role("navigation", name="Steps of the run")
        expect(indicator.locator("li")).to_have_count(len(titles))
        expect(indicator.locator("li[aria-current=step]")).to_contain_text(titles[0])
        expect(leader.get_by_role("heading", name="What is next")).to_be_visible()
        expect(leader.locator("#run-next ~ p")).to_contain_text(titles[0])

    # Bob sits in team A, below the municipality: he sees the runs and works in one.
    participant = open_as(world.bob)
    participant.goto(reverse("toolkits:run_list"))
    for slug in SHIPPED:
        expect(participant.get_by_role("link", name=f"Run of {slug}")).to_be_visible()
    participant.get_by_role("link", name=f"Run of {STRATEGIC}").click()
    first = step_titles(shipped[STRATEGIC])[0]
    participant.locator("#run-next ~ p").get_by_role("link", name=first).click()
    participant.locator("#id_notes").fill("Bob read the strategies of the municipality.")
    save_step(participant)
    expect(messages(participant)).to_contain_text("The step is saved.")
    step = RunStep.objects.get(run__title=f"Run of {STRATEGIC}", position=0)
    assert step.notes == "Bob read the strategies of the municipality."
    history = participant.get_by_role("table", name="Changes to this step, newest first")
    expect(history).to_contain_text("Bob Employee")


# --- 2. one thing at a time ------------------------------------------------------------------


def test_steps_are_done_one_at_a_time_and_a_skipped_step_needs_a_reason(
    world: World, shipped: dict[str, Toolkit], open_as: OpenAs
) -> None:
    toolkit = shipped[STRATEGIC]
    run = started(world, toolkit)
    first, second, third, fourth = (step["key"] for step in toolkit.steps[:4])
    titles = step_titles(toolkit)
    question = english(toolkit.steps[0]["reflection_questions"][0])

    page = open_as(world.alice)
    page.goto(reverse("toolkits:run_detail", args=[run.pk]))
    assert_no_violations(page, where="run page")
    page.get_by_role("navigation", name="Steps of the run").get_by_role(
        "link", name=titles[0]
    ).click()
    expect(page).to_have_url(url_is(reverse("toolkits:run_step", args=[run.pk, first])))
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[0])
    assert_no_violations(page, where="step page")

    page.get_by_role("radio", name="In progress", exact=True).check()
    page.locator("#id_owner").select_option(label="Alice Leader")
    page.locator("#id_due_date").fill("2027-03-31")
    page.get_by_label(question).fill("Our strategy asks for language support in every unit.")
    save_step(page)
    expect(messages(page)).to_contain_text("The step is saved.")
    expect(page.locator(".trinvis-facts").first).to_contain_text("Alice Leader")
    step = RunStep.objects.get(run=run, key=first)
    assert (step.status, step.owner, step.due_date) == (
        RunStep.Status.IN_PROGRESS,
        world.alice,
        datetime.date(2027, 3, 31),
    )
    assert step.reflection_answers == {"0": "Our strategy asks for language support in every unit."}

    page.get_by_role("radio", name="Done", exact=True).check()
    save_step(page)
    expect(messages(page)).to_contain_text("The step is saved.")
    assert RunStep.objects.get(run=run, key=first).status == RunStep.Status.DONE

    # The third step cannot be done while the second is open.
    page.goto(reverse("toolkits:run_step", args=[run.pk, third]))
    page.get_by_role("radio", name="Done", exact=True).check()
    save_step(page)
    refusal = english_text(
        "One thing at a time: finish or skip the earlier steps before marking this one done."
    )
    expect(page.locator(".ds-error-summary")).to_be_visible()
    expect(page.locator(".ds-error-summary")).to_contain_text(refusal)
    expect(page.locator(".ds-validation-message")).to_contain_text(refusal)
    assert RunStep.objects.get(run=run, key=third).status == RunStep.Status.NOT_STARTED
    assert_no_violations(page, where="step page refusing to mark a step done")

    # Skipping the second step needs a reason; then the third may be done.
    page.goto(reverse("toolkits:run_step", args=[run.pk, second]))
    page.get_by_role("radio", name="Skipped", exact=True).check()
    save_step(page)
    expect(page.locator(".ds-error-summary")).to_contain_text(
        english_text("Say why the step is skipped.")
    )
    page.locator("#id_skip_reason").fill("The goals were broken down in last year's plan.")
    save_step(page)
    expect(messages(page)).to_contain_text("The step is saved.")

    page.goto(reverse("toolkits:run_step", args=[run.pk, third]))
    page.get_by_role("radio", name="Done", exact=True).check()
    save_step(page)
    expect(messages(page)).to_contain_text("The step is saved.")
    statuses = dict(RunStep.objects.filter(run=run).values_list("key", "status"))
    assert [statuses[key] for key in (first, second, third, fourth)] == [
        RunStep.Status.DONE,
        RunStep.Status.SKIPPED,
        RunStep.Status.DONE,
        RunStep.Status.NOT_STARTED,
    ]

    page.get_by_role("link", name="Back to the run").click()
    indicator = page.get_by_role("navigation", name="Steps of the run")
    expect(indicator.locator("li[aria-current=step]")).to_contain_text(titles[3])
    expect(page.locator("#run-next ~ p")).to_contain_text(titles[3])


# --- 3. two people, one worksheet ----------------------------------------------------------


def test_two_people_save_the_same_worksheet_and_no_text_is_lost(
    world: World, shipped: dict[str, Toolkit], open_as: OpenAs
) -> None:
    run = started(world, shipped[STRATEGIC])
    sheet_url = reverse("toolkits:worksheet", args=[run.pk, PLAN])
    alice, bob = open_as(world.alice), open_as(world.bob)
    alice.goto(sheet_url)
    bob.goto(sheet_url)

    alices_words = "Caseworkers in the refugee service"
    bobs_words = "All employees of the jobcentre"
    alices_purpose = "Better conversations with newly arrived citizens"
    bobs_schedule = "Spring 2027"
    alice.locator("#cell-r0-employees").fill(alices_words)
    alice.locator("#cell-r0-purpose").fill(alices_purpose)
    bob.locator("#cell-r0-employees").fill(bobs_words)
    bob.locator("#cell-r0-schedule").fill(bobs_schedule)

    alice.get_by_role("button", name="Save", exact=True).first.click()
    expect(messages(alice)).to_contain_text("The worksheet is saved.")

    with bob.expect_response(lambda response: response.request.method == "POST") as answer:
        bob.get_by_role("button", name="Save", exact=True).first.click()
    assert answer.value.status == 409
    expect(bob.get_by_role("alert")).to_contain_text("Someone else saved this worksheet")
    # Both values of the cell they both typed in: Bob's in the field, Alice's beside it.
    expect(bob.locator("#cell-r0-employees")).to_have_value(bobs_words)
    shared = bob.locator("td", has=bob.locator("#cell-r0-employees"))
    expect(shared.locator(".trinvis-conflict")).to_contain_text("Alice Leader")
    expect(shared.locator(".trinvis-conflict")).to_contain_text(alices_words)
    purpose = bob.locator("td", has=bob.locator("#cell-r0-purpose"))
    expect(purpose.locator(".trinvis-conflict")).to_contain_text(alices_purpose)
    expect(bob.locator("#cell-r0-schedule")).to_have_value(bobs_schedule)
    # Nothing was written: the database holds Alice's save, whole.
    worksheet = Worksheet.objects.get(run=run, template_key=PLAN)
    assert worksheet.version == 1
    assert worksheet.data["rows"][0]["cells"]["employees"] == alices_words
    assert worksheet.data["rows"][0]["cells"]["purpose"] == alices_purpose
    assert_no_violations(bob, where="worksheet conflict view")

    # Bob keeps his words for the shared cell and takes Alice's purpose.
    bob.locator("#take-cell-r0-purpose").check()
    bob.get_by_role("button", name="Save", exact=True).first.click()
    expect(messages(bob)).to_contain_text("The worksheet is saved.")
    expect(bob.locator("#cell-r0-purpose")).to_have_value(alices_purpose)

    worksheet.refresh_from_db()
    assert worksheet.version == 2
    assert worksheet.data["rows"][0]["cells"] == {
        "employees": bobs_words,
        "purpose": alices_purpose,
        "schedule": bobs_schedule,
    }
    revisions = list(worksheet.revisions.order_by("version"))
    assert [(revision.version, revision.by) for revision in revisions] == [
        (1, world.alice),
        (2, world.bob),
    ]
    assert revisions[0].data["rows"][0]["cells"]["employees"] == alices_words

    alice.goto(sheet_url)
    alice.get_by_role("link", name="History").click()
    history = alice.get_by_role("table")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(
        history.locator("tbody tr", has=alice.get_by_role("rowheader", name="1", exact=True))
    ).to_contain_text("Alice Leader")
    newest = history.locator("tbody tr", has=alice.get_by_role("rowheader", name="2", exact=True))
    expect(newest).to_contain_text("Bob Employee")
    expect(newest).to_contain_text(f"“{alices_words}” → “{bobs_words}”")


# --- 4. paper and Excel ----------------------------------------------------------------------


def test_worksheet_goes_to_pdf_and_excel_and_a_filled_workbook_comes_back(
    world: World, shipped: dict[str, Toolkit], open_as: OpenAs
) -> None:
    run = started(world, shipped[STRATEGIC])
    sheet = sheet_for_run(run=run, template_key=PLAN)
    worksheet_save(
        worksheet=worksheet_for_run(run=run, template_key=PLAN, sheet=sheet),
        rows=[{"key": "", "cells": {"employees": "Team leaders", "schedule": "Autumn 2027"}}],
        base_version=0,
        by=world.alice,
    )
    page = open_as(world.alice)
    page.goto(reverse("toolkits:worksheet", args=[run.pk, PLAN]))

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download as PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")

    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Download as Excel").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes()))

    # Offline: change a cell, and write a new row with a person and a status by their names.
    table = book.worksheets[0]
    headers = [cell.value for cell in table[1]]
    column = {key: headers.index(label) + 1 for key, label in _labels(sheet).items()}
    assert table.cell(row=2, column=column["employees"]).value == "Team leaders"
    table.cell(row=2, column=column["purpose"], value="Lead the change in their teams")
    table.cell(row=3, column=column["employees"], value="Language teachers")
    table.cell(row=3, column=column["responsible"], value="Bob Employee")
    table.cell(row=3, column=column["status"], value="In progress")
    filled = io.BytesIO()
    book.save(filled)

    page.get_by_role("link", name="Import a filled Excel file").click()
    page.get_by_label("Excel file (.xlsx)").set_input_files(
        FilePayload(
            name="education-plan.xlsx",
            mimeType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            buffer=filled.getvalue(),
        )
    )
    page.locator("main form").get_by_role("button", name="Import").click()
    expect(page).to_have_url(url_is(reverse("toolkits:worksheet", args=[run.pk, PLAN])))
    expect(messages(page)).to_contain_text("The workbook is imported")
    expect(page.locator("#cell-r0-employees")).to_have_value("Team leaders")
    expect(page.locator("#cell-r0-purpose")).to_have_value("Lead the change in their teams")
    expect(page.locator("#cell-r1-employees")).to_have_value("Language teachers")
    expect(page.locator("#cell-r1-responsible")).to_have_value(str(world.bob.pk))
    expect(page.locator("#cell-r1-status")).to_have_value("in_progress")

    worksheet = Worksheet.objects.get(run=run, template_key=PLAN)
    assert worksheet.version == 2
    assert worksheet.revisions.get(version=2).source == "excel"


def _labels(sheet: Sheet) -> dict[str, str]:
    return {column.key: pick(column.texts, "en")[0] for column in sheet.columns}


# --- 5. three languages, checked with axe ----------------------------------------------------


def switch_language(page: Page, language: str) -> None:
    form = page.locator("form.trinvis-language")
    form.locator("#language-select").select_option(language)
    form.get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_run_and_worksheet_pages_in_each_language_pass_axe(
    world: World, shipped: dict[str, Toolkit], open_as: OpenAs
) -> None:
    run = started(world, shipped[STRATEGIC])
    run_url = reverse("toolkits:run_detail", args=[run.pk])
    sheet_url = reverse("toolkits:worksheet", args=[run.pk, PLAN])
    page = open_as(world.alice)
    page.goto(run_url)
    for language in ("da", "nb", "en"):
        with translation.override(language):
            what_is_next = gettext("What is next")
            download_pdf = gettext("Download as PDF")
            title = pick(shipped[STRATEGIC].title, language)[0]
        if language != "en":
            assert what_is_next != "What is next", f"no {language} translation in locale/"

        switch_language(page, language)
        expect(page).to_have_url(url_is(run_url))
        expect(page.locator("#run-next")).to_have_text(what_is_next)
        expect(page.locator(".trinvis-facts").last).to_contain_text(title)
        assert_no_violations(page, where=f"run page in {language}")

        page.goto(sheet_url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("link", name=download_pdf)).to_be_visible()
        assert_no_violations(page, where=f"worksheet page in {language}")
        page.goto(run_url)

        world.alice.refresh_from_db()
        assert world.alice.language == language
