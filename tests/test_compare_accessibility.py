"""axe-core finds no WCAG 2.1 A/AA violation on the compare page (both groups, waves, charts
drawn, a hidden side) nor on the results page with filters (a hidden filter, filters not
applied), and both work without JavaScript: plain GET forms."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.surveys.models import Survey
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey

pytestmark = pytest.mark.browser


def _surveys(world: World) -> tuple[Survey, Survey]:
    first = make_survey(organisation=world.agency)
    add_responses(
        first,
        [{"role": "leader", "useful": "5", "recommend": 9}] * 3
        + [{"role": "employee", "useful": "2", "recommend": 6}] * 8
        + [{"role": "contact_person", "useful": "4", "recommend": 7}] * 6
        + generated(20, municipalities=[world.municipality_a, world.municipality_b]),
    )
    second = Survey.objects.create(
        questionnaire=first.questionnaire,
        organisation=world.agency,
        title="After the course",
        wave="after",
        mode=Survey.Mode.PERSONAL,
    )
    add_responses(second, generated(30, seed=4))
    return first, second


@pytest.mark.parametrize("language", ["da", "en"])
def test_compare_page_passes_axe(world: World, open_as: OpenAs, language: str) -> None:
    first, second = _surveys(world)
    page = open_as(world.fiona, language=language)
    page.goto(reverse("surveys:compare", args=[first.pk]) + f"?other={second.pk}")
    expect(
        page.locator(
            "[data-chart=groups-chart-spec] svg, [data-chart=groups-chart-spec] canvas"
        ).first
    ).to_be_visible()
    assert_no_violations(page, where=f"compare page in {language}")


def test_compare_forms_work_without_javascript(world: World, open_as: OpenAs) -> None:
    first, second = _surveys(world)
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("surveys:compare", args=[first.pk]))
    page.locator("#compare-other").select_option(str(second.pk))
    page.locator("#compare-other").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state("load")
    expect(page.locator("#compare-waves ~ *").first).to_be_visible()
    assert f"other={second.pk}" in page.url
    page.locator("#compare-order").select_option("difference")
    page.locator("#compare-order").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state("load")
    assert "order=difference" in page.url and f"other={second.pk}" in page.url


@pytest.mark.parametrize("language", ["nb", "en"])
def test_filtered_results_pass_axe(world: World, open_as: OpenAs, language: str) -> None:
    first, _second = _surveys(world)
    page = open_as(world.fiona, language=language)
    results = reverse("surveys:results", args=[first.pk])
    page.goto(results + "?by=size_class&role=employee")
    assert_no_violations(page, where=f"filtered results in {language}")
    page.goto(results + "?role=leader&size_class=large&country=DK")
    expect(page.locator(".ds-alert").first).to_be_visible()
    assert_no_violations(page, where=f"hidden filter, filters not applied, in {language}")


def test_filters_work_without_javascript(world: World, open_as: OpenAs) -> None:
    first, _second = _surveys(world)
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("surveys:results", args=[first.pk]))
    page.locator("#results-filter-role").select_option("employee")
    page.locator("#results-by").select_option("size_class")
    page.locator("#results-by").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state("load")
    expect(page.locator("#results-filter-state")).to_contain_text("Role: Employee")
    assert "role=employee" in page.url and "by=size_class" in page.url
