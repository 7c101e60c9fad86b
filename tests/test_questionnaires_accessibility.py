"""axe-core finds no WCAG 2.1 A/AA violation on the questionnaire pages, including their
error states (a refused XLSForm, a copy without an organisation), in every language."""

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from tests.urls_table import URLS  # first: the table imports its row modules
from tests.urls_table_surveys_questionnaires import library_questionnaire, own_questionnaire
from trinvis.surveys.tests.test_questionnaire_pages import BAD

pytestmark = pytest.mark.browser
assert "surveys:questionnaire_detail" in URLS


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_questionnaire_pages_pass_axe_in_each_language(
    world: World, open_as: OpenAs, language: str
) -> None:
    page = open_as(world.alice, language=language)
    for url in (
        reverse("surveys:index"),
        reverse("surveys:questionnaire_detail", args=[library_questionnaire(world).pk]),
        reverse("surveys:questionnaire_detail", args=[own_questionnaire(world).pk]),
        reverse("surveys:questionnaire_import"),
    ):
        page.goto(url)
        assert_no_violations(page, where=f"{url} in {language}")


def test_refused_xlsform_passes_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(world.alice)
    page.goto(reverse("surveys:questionnaire_import"))
    page.locator("#id_file").set_input_files(
        FilePayload(
            name="form.xlsx",
            mimeType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            buffer=BAD,
        )
    )
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".ds-error-summary table tbody tr").first).to_be_visible()
    assert_no_violations(page, where="refused XLSForm")


def test_copy_into_an_organisation_passes_axe_and_lands_on_the_copy(
    world: World, open_as: OpenAs
) -> None:
    page = open_as(world.fiona)
    page.goto(reverse("surveys:questionnaire_detail", args=[library_questionnaire(world).pk]))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".trinvis-messages")).to_be_visible()
    assert "/surveys/questionnaires/" in page.url
    assert_no_violations(page, where="copied questionnaire")
