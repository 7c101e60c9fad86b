"""axe-core on the key-figure pages with figures in them (a plain GET of the URL table
shows them mostly empty): the start page with zero points at a glance, the indicator page
with its two charts drawn (and without JavaScript), and the forms in their error, conflict
and refusal states; the import's pages (upload, columns, check, an import's record, the list)
with their error states, in Danish and English."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.indicators.models import Baseline, Indicator
from trinvis.indicators.services_targets import baseline_create, target_create
from trinvis.indicators.tests.factories import (
    add_values,
    area_of,
    make_area,
    make_indicator,
    shipped,
    yearly,
)
from trinvis.indicators.tests.test_imports import DST_ROWS, csv_bytes

pytestmark = pytest.mark.browser

NUMBERS = [41.0, 39.5, 38.2, 40.1, 42.3, 44.0, 45.6, 44.8, 47.1, 48.3]


def _figures(world: World) -> tuple[Indicator, Baseline]:
    """Municipality A's trend, the country, four neighbours of its size, a zero point and
    two targets (one reached)."""
    indicator = shipped("work-education-one-year-after")
    add_values(indicator, area_of(world.municipality_a), yearly(2015, NUMBERS))
    add_values(
        indicator, area_of(world.municipality_a), {"2024": 44.1}, breakdown={"gender": "women"}
    )
    add_values(indicator, make_area("DK", ""), yearly(2015, [n + 3 for n in NUMBERS]))
    for number in range(4):
        neighbour = make_area("DK", f"{901 + number}")
        add_values(shipped("population"), neighbour, {"2024": 50_000})
        add_values(indicator, neighbour, yearly(2016, [n + number for n in NUMBERS[1:]]))
    baseline = baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period="2017"
    )
    for value, year, label in ((44, 2021, "Halfway"), (55, 2027, "Strategy goal")):
        target_create(
            by=world.alice,
            baseline=baseline,
            value=Decimal(value),
            due=datetime.date(year, 12, 31),
            label=label,
        )
    return indicator, baseline


def _submit(page: Page, shows: str) -> None:
    page.locator("main form.trinvis-form button[type=submit]").first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def test_pages_with_figures_pass_axe(world: World, open_as: OpenAs) -> None:
    indicator, _baseline = _figures(world)
    make_indicator(world.municipality_a, name="Citizens in language practice")
    alice = open_as(world.alice)
    alice.goto(reverse("indicators:index"))
    expect(alice.locator("main")).to_contain_text("Reached in 2020")
    assert_no_violations(alice, where="start page")
    url = reverse("indicators:indicator", args=[indicator.pk])
    alice.goto(url)
    expect(alice.locator(".trinvis-chart--drawn")).to_have_count(2)
    expect(alice.locator("main")).to_contain_text("Small successes")
    assert_no_violations(alice, where="indicator page")
    alice.goto(f"{url}?gender=women")
    assert_no_violations(alice, where="indicator page for women")
    alice.goto(f"{url}?area=DK%3A")
    assert_no_violations(alice, where="indicator page for the country")
    bob = open_as(world.bob)
    bob.goto(url)
    assert_no_violations(bob, where="indicator page, read only")
    monthly = shipped("work-education-right-after")
    add_values(
        monthly,
        area_of(world.municipality_a),
        {f"{2020 + i // 12}M{i % 12 + 1:02d}": 40 + i % 5 for i in range(48)},
    )
    long_url = reverse("indicators:indicator", args=[monthly.pk])
    alice.goto(long_url)
    expect(alice.locator("main")).to_contain_text("36 of 48 periods")
    assert_no_violations(alice, where="indicator page, the latest periods of a long series")
    alice.get_by_role("link", name="Show all 48 periods").click()
    expect(alice.locator("#choose-periods")).to_have_value("all")
    assert_no_violations(alice, where="indicator page, every period")
    # Without JavaScript (axe needs it, so no check here): the figures are still there.
    reader = open_as(world.bob, javascript=False)
    reader.goto(url)
    expect(reader.locator(".trinvis-chart__fallback").first).to_be_visible()
    expect(reader.locator("main table").first).to_contain_text("48.3")


def test_forms_with_errors_pass_axe(world: World, open_as: OpenAs) -> None:
    indicator, baseline = _figures(world)
    alice = open_as(world.alice)
    alice.goto(reverse("indicators:definition_create"))
    assert_no_violations(alice, where="new definition")
    _submit(alice, ".ds-error-summary")
    assert_no_violations(alice, where="new definition with errors")

    alice.goto(reverse("indicators:baseline_create", args=[indicator.pk, world.municipality_a.pk]))
    alice.goto(
        reverse("indicators:baseline_create", args=[indicator.pk, world.municipality_a.pk])
        + "?breakdown=gender%3Dwomen"
    )
    assert_no_violations(alice, where="new zero point for women")
    alice.locator("#id_other_period").fill("2010")
    _submit(alice, ".ds-error-summary")
    expect(alice.locator(".ds-error-summary")).to_contain_text("There is no figure for 2010")
    assert_no_violations(alice, where="new zero point with errors")

    alice.goto(reverse("indicators:target_create", args=[baseline.pk]))
    alice.locator("#id_value").fill("50")
    alice.locator("#id_due").fill("2016-01-01")
    _submit(alice, ".ds-error-summary")
    assert_no_violations(alice, where="new target with errors")


def test_conflicts_and_refusals_pass_axe(world: World, open_as: OpenAs) -> None:
    _indicator, baseline = _figures(world)
    alice = open_as(world.alice)
    alice.goto(reverse("indicators:baseline_edit", args=[baseline.pk]))
    Baseline.objects.filter(pk=baseline.pk).update(version=baseline.version + 3)
    alice.locator("#id_note").fill("Changed in the meantime")
    _submit(alice, ".ds-alert")
    expect(alice.locator("main")).to_contain_text("Someone else saved the zero point")
    assert_no_violations(alice, where="zero point conflict")

    own = make_indicator(world.municipality_a)
    add_values(own, area_of(world.municipality_a), {"2024": 3})
    alice.goto(reverse("indicators:definition_delete", args=[own.pk]))
    expect(alice.locator("main")).to_contain_text("cannot be deleted")
    assert_no_violations(alice, where="definition delete refused")

    alice.goto(reverse("indicators:baseline_delete", args=[baseline.pk]))
    assert_no_violations(alice, where="remove the zero point")
    alice.goto(reverse("indicators:target_delete", args=[baseline.targets.all()[0].pk]))
    assert_no_violations(alice, where="remove a target")


# --- importing ---------------------------------------------------------------------------


@pytest.fixture
def _private_upload_dir(settings: Any, tmp_path: Path) -> None:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")


def _upload(page: Page, content: bytes, indicator_pk: int) -> None:
    page.goto(reverse("indicators:import_upload"))
    page.locator("#id_file").set_input_files(
        FilePayload(name="int01.csv", mimeType="text/csv", buffer=content)
    )
    page.locator("#id_indicator").select_option(str(indicator_pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


@pytest.mark.usefixtures("_private_upload_dir")
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_import_pages_and_their_errors_pass_axe(
    world: World, open_as: OpenAs, language: str
) -> None:
    indicator = shipped("work-education-right-after")
    page = open_as(world.alice, language=language)
    page.goto(reverse("indicators:imports"))
    assert_no_violations(page, where=f"empty list of imports in {language}")
    page.goto(reverse("indicators:import_upload"))
    assert_no_violations(page, where=f"upload page in {language}")

    _upload(page, csv_bytes(DST_ROWS), indicator.pk)
    expect(page.locator("#id_area")).to_be_visible()
    assert_no_violations(page, where=f"columns page in {language}")
    period = page.locator("#id_period").input_value()
    value = page.locator("#id_value").input_value()
    page.locator("#id_value").select_option(period)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_violations(page, where=f"columns page with an error in {language}")
    page.locator("#id_value").select_option(value)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("input[name=mapping]")).to_be_attached()
    assert_no_violations(page, where=f"check page in {language}")

    page.locator("main form:has(input[name=mapping]) button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("dl.trinvis-facts")).to_be_visible()
    assert_no_violations(page, where=f"an import's record in {language}")
    page.goto(reverse("indicators:imports"))
    expect(page.locator("main table")).to_be_visible()
    assert_no_violations(page, where=f"list of imports in {language}")

    # The same headings again: the remembered columns lead straight to the check.
    bad = [*DST_ROWS, ["461 Odense", "Mænd", "2023K5", "abc"]]
    _upload(page, csv_bytes(bad), indicator.pk)
    expect(page.locator(".ds-error-summary table tbody tr").first).to_be_visible()
    assert_no_violations(page, where=f"check page with problems in {language}")
