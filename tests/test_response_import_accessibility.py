"""axe-core finds no WCAG 2.1 A/AA violation on the response import's pages, including
their error states: a mapping that uses a question twice, and a file whose rows have
problems."""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.surveys.tests.test_response_import import csv_bytes, make_survey
from trinvis.surveys.tests.test_response_import_pages import DANISH

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _private_upload_dir(settings: Any, tmp_path: Path) -> None:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")


def _upload(page: Page, content: bytes) -> None:
    page.locator("#id_file").set_input_files(
        FilePayload(name="svar.csv", mimeType="text/csv", buffer=content)
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_import_pages_and_their_errors_pass_axe(
    world: World, open_as: OpenAs, language: str
) -> None:
    survey = make_survey(world)
    page = open_as(world.alice, language=language)
    page.goto(reverse("surveys:response_import", args=[survey.pk]))
    assert_no_violations(page, where=f"upload page in {language}")

    _upload(page, csv_bytes(DANISH))
    expect(page.locator("#id_column_0")).to_be_visible()
    assert_no_violations(page, where=f"columns page in {language}")
    page.locator("#id_column_1").select_option("question:changes")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_violations(page, where=f"columns page with an error in {language}")
    page.locator("#id_column_1").select_option("question:goals")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("input[name=mapping]")).to_be_attached()
    assert_no_violations(page, where=f"check page in {language}")

    page.goto(reverse("surveys:response_import", args=[survey.pk]))
    bad = [*DANISH, ["Måske", "Job", "I høj grad", "11", "Atlantis", "Leder", ""]]
    _upload(page, csv_bytes(bad))
    expect(page.locator(".ds-error-summary table tbody tr").first).to_be_visible()
    assert_no_violations(page, where=f"check page with problems in {language}")
