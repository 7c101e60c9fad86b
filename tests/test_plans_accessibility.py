"""axe-core on the education plan's pages with content (a plain GET of the URL table shows
them mostly empty) and in the states no plain GET shows: the plan page with its warnings and
drawn effort chart, the row editor refused with errors and in conflict, the buttons without
JavaScript, the printed plan, and the toolkit worksheet showing the plans live."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World, add_member, make_user
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.learning.models import PlanRow
from trinvis.learning.tests.factories_catalogue import make_activity, make_principle
from trinvis.learning.tests.factories_plans import add_row, make_plan, plan_a
from trinvis.organisations.models import Membership
from trinvis.toolkits.models import Toolkit
from trinvis.toolkits.services import CONTENT_DIR, run_start, toolkits_load

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _plan_with_rows(world: World) -> int:
    plan = plan_a(world)
    colleague = make_user("dora@example.org", "Dora Colleague", language="en")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    add_row(
        plan,
        activity=make_activity(world.municipality_a, title="Case law"),
        people=[world.bob, colleague],
        principle=make_principle(world.municipality_a),
        effort=(1, 8, 1),
        success_criteria="Fewer appeals",
    )
    return plan.pk


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_plan_pages_with_content_pass_axe(persona: str, world: World, open_as: OpenAs) -> None:
    plan = _plan_with_rows(world)
    page = open_as(getattr(world, persona))
    for url in (
        reverse("learning:index"),
        reverse("learning:plan_list"),
        reverse("learning:plan_detail", args=[plan]),
    ):
        page.goto(url)
        if url.endswith(f"/{plan}/"):
            expect(page.locator(".trinvis-chart--drawn svg").first).to_be_visible()
            expect(page.locator("#warnings")).to_contain_text("One person alone on a course")
        assert_no_violations(page, where=f"{persona} {url}")


def test_row_editor_with_errors_and_in_conflict_passes_axe(world: World, open_as: OpenAs) -> None:
    plan = plan_a(world)
    row = plan.rows.get()
    page = open_as(world.alice)
    page.goto(reverse("learning:plan_row_create", args=[plan.pk]))
    assert_no_violations(page, where="new row")
    page.locator("#id_effort_after").fill("-3")
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(page, where="new row with errors")
    assert plan.rows.count() == 1

    page.goto(reverse("learning:plan_row_edit", args=[row.pk]))
    PlanRow.objects.filter(pk=row.pk).update(version=7)
    page.locator("#id_purpose").fill("My words")
    _submit(page, "main form button[type=submit]", ".ds-alert")
    expect(page.locator(".ds-alert")).to_contain_text("Someone else saved the row")
    expect(page.locator("#id_purpose")).to_have_value("My words")
    assert_no_violations(page, where="row edit conflict")


def test_enrol_and_move_work_without_javascript(world: World, open_as: OpenAs) -> None:
    plan_id = _plan_with_rows(world)
    url = reverse("learning:plan_detail", args=[plan_id])
    page = open_as(world.alice, javascript=False)
    page.goto(url)
    page.get_by_role("button", name=re.compile(r"Enrol these people\s*: row 2")).click()
    page.wait_for_load_state("load")
    expect(page.locator(".trinvis-messages")).to_contain_text("2 people are enrolled")
    page.get_by_role("button", name=re.compile(r"Move up\s*: row 2")).click()
    page.wait_for_load_state("load")
    expect(page.locator(".trinvis-messages")).to_contain_text("moved up")
    expect(page.locator("#plan-table tbody tr").first).to_contain_text("Case law")
    # axe needs JavaScript: the same page and its message, in a browser that runs it.
    page = open_as(world.alice)
    page.goto(url)
    page.get_by_role("button", name=re.compile(r"Move down\s*: row 1")).click()
    page.wait_for_load_state("load")
    assert_no_violations(page, where="plan after moving a row")


def test_the_printed_plan_shows_all_nine_columns_in_landscape(
    world: World, open_as: OpenAs
) -> None:
    plan_id = _plan_with_rows(world)
    page = open_as(world.alice)
    page.goto(reverse("learning:plan_detail", args=[plan_id]))
    page.emulate_media(media="print")
    headers = page.locator("#plan-table thead th")
    expect(headers).to_have_count(10)
    for index in range(10):
        expect(headers.nth(index)).to_be_visible()
    table = page.locator("#plan-table").bounding_box()
    assert table is not None
    assert table["width"] <= page.evaluate("document.documentElement.clientWidth") + 1
    expect(page.locator("form").first).to_be_hidden()
    expect(page.get_by_role("link", name="Download as Excel")).to_be_hidden()


def test_the_education_plan_worksheet_passes_axe(world: World, open_as: OpenAs) -> None:
    _plan_with_rows(world)
    toolkits_load(paths=[CONTENT_DIR / "strategic-education.yaml"])
    run = run_start(
        organisation=world.municipality_a,
        toolkit=Toolkit.objects.get(slug="strategic-education", organisation__isnull=True),
        title="Education 2027",
        responsible=world.alice,
        participants=[world.bob],
        start_date=datetime.date(2027, 1, 4),
        target_date=None,
        by=world.alice,
    )
    page = open_as(world.bob)
    page.goto(reverse("toolkits:worksheet", args=[run.pk, "education-plan"]))
    expect(page.get_by_role("table").first).to_contain_text("Case law")
    assert_no_violations(page, where="education-plan worksheet")


def test_plan_forms_and_confirmations_pass_axe(world: World, open_as: OpenAs) -> None:
    plan = plan_a(world)
    add_row(plan, purpose="Later")
    team_plan = make_plan(world.team_a, title="Empty")
    page = open_as(world.alice)
    for url in (
        reverse("learning:plan_create"),
        reverse("learning:plan_edit", args=[plan.pk]),
        reverse("learning:plan_delete", args=[plan.pk]),
        reverse("learning:plan_row_delete", args=[plan.rows.get(position=1).pk]),
        reverse("learning:plan_detail", args=[team_plan.pk]),
    ):
        page.goto(url)
        assert_no_violations(page, where=url)
    page.goto(reverse("learning:plan_create"))
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(page, where="new plan with errors")
