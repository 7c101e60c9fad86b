"""axe-core finds no WCAG 2.1 A/AA violation on a survey's report page (charts drawn, groups
hidden) and its edit form, including the form's error and conflict states, in every
language; the edit form's move buttons work without JavaScript."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from tests.urls_table import URLS  # first: the table imports its row modules
from trinvis.surveys.models import Survey
from trinvis.surveys.reports import (
    RESPONDENTS_KEY,
    ItemInput,
    comparison_key,
    report_save,
)
from trinvis.surveys.tests.factories_results import add_responses, make_survey

pytestmark = pytest.mark.browser
assert "surveys:report" in URLS

ROLES = ["leader"] * 8 + ["employee"] * 10 + ["contact_person"] * 2


def _survey(world: World) -> Survey:
    """The agency's survey with a small group hidden and a report of every kind of table."""
    survey = make_survey(organisation=world.agency)
    add_responses(
        survey,
        [
            {
                "role": role,
                "useful": "4" if index % 2 else "2",
                "goals_set": ["labour", "language"],
                "goals_worked": ["labour"],
                "changes": "yes" if index % 3 else "no",
                "years": 3,
            }
            for index, role in enumerate(ROLES)
        ],
    )
    report_save(
        by=world.fiona,
        survey=survey,
        version=0,
        title="Workshop report",
        breakdown="role",
        introduction="Why we asked.\n\nWhat we learnt.",
        items=[
            ItemInput(RESPONDENTS_KEY, position=1),
            ItemInput("useful", position=2, note="Most found them useful."),
            ItemInput(comparison_key("goals_set", "goals_worked"), position=3),
            ItemInput("changes", position=4, show_chart=False),
            ItemInput("years", position=5),
        ],
    )
    return survey


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_report_and_its_edit_page_pass_axe_in_each_language(
    world: World, open_as: OpenAs, language: str
) -> None:
    survey = _survey(world)
    page = open_as(world.fiona, language=language)
    page.goto(reverse("surveys:report", args=[survey.pk]))
    expect(page.locator(".trinvis-chart--drawn")).to_have_count(2)
    assert_no_violations(page, where=f"report in {language}")
    page.goto(reverse("surveys:report_edit", args=[survey.pk]))
    assert_no_violations(page, where=f"report edit form in {language}")


def test_edit_form_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    survey = _survey(world)
    page = open_as(world.fiona)
    page.goto(reverse("surveys:report_edit", args=[survey.pk]))
    page.locator("#id_t-1-position").fill("0")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#id_t-1-position[aria-invalid=true]")).to_have_count(1)
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_violations(page, where="report edit form with errors")


def test_conflict_passes_axe_and_keeps_the_input(world: World, open_as: OpenAs) -> None:
    survey = _survey(world)
    page = open_as(world.fiona)
    page.goto(reverse("surveys:report_edit", args=[survey.pk]))
    page.locator("#id_title").fill("My title")
    report_save(
        by=world.admin,
        survey=survey,
        version=1,
        title="Their title",
        breakdown="",
        introduction="",
        items=[],
    )
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".ds-alert[role=alert]")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("My title")
    assert_no_violations(page, where="report edit form after a conflict")


def test_move_buttons_work_without_javascript(world: World, open_as: OpenAs) -> None:
    survey = _survey(world)
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("surveys:report_edit", args=[survey.pk]))
    legends = page.locator("main fieldset legend")
    expect(legends.nth(1)).to_have_text("The workshops were useful")
    # The button names its table for screen readers: "Move up: The workshops were useful".
    page.get_by_role("button", name=re.compile(r"^Move up\W+The workshops were useful$")).click()
    expect(legends.nth(0)).to_have_text("The workshops were useful")
    assert page.url.endswith("#table-1")
    page.locator("main form button[type=submit]").first.click()
    headings = page.locator("main section h2[id^=report-section-]")
    expect(headings.first).to_have_text("The workshops were useful")
