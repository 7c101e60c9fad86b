"""axe-core finds no WCAG 2.1 A/AA violation on the questionnaire builder: the outline, the
editor of each kind of question and of a section, its error state, the skip rule narrowed
to a question, deleting, and the title and languages; and a questionnaire is built from
nothing with the keyboard only, in a browser without JavaScript.

The plain GET pages are also checked by tests/test_accessibility.py through the URL table;
these are the states no plain GET shows.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from tests.urls_table import URLS  # first: the table imports its row modules
from tests.urls_table_surveys_builder import QUESTION, SECTION, built_questionnaire
from trinvis.surveys.definition import from_json
from trinvis.surveys.models import Questionnaire

pytestmark = pytest.mark.browser
assert "surveys:builder" in URLS


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_builder_pages_pass_axe_in_each_language(
    world: World, open_as: OpenAs, language: str
) -> None:
    questionnaire = built_questionnaire(world.municipality_a, world.alice)
    page = open_as(world.alice, language=language)
    add = reverse("surveys:builder_add", args=[questionnaire.pk])
    urls = [
        reverse("surveys:builder_new"),
        reverse("surveys:builder", args=[questionnaire.pk]),
        reverse("surveys:builder_settings", args=[questionnaire.pk]),
        reverse("surveys:builder_edit", args=[questionnaire.pk, QUESTION]),
        reverse("surveys:builder_edit", args=[questionnaire.pk, SECTION]),
        reverse("surveys:builder_delete", args=[questionnaire.pk, SECTION]),
        *(
            f"{add}?kind={kind}&at={SECTION}:1"
            for kind in ("likert", "matrix", "multiple_choice", "integer", "note", "section")
        ),
    ]
    for url in urls:
        page.goto(url)
        assert_no_violations(page, where=f"{url} in {language}")


def test_editor_errors_and_a_narrowed_rule_pass_axe(world: World, open_as: OpenAs) -> None:
    questionnaire = built_questionnaire(world.municipality_a, world.alice)
    page = open_as(world.alice)
    page.goto(
        reverse("surveys:builder_add", args=[questionnaire.pk]) + f"?kind=short_text&at={SECTION}:1"
    )
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_label_en")
    assert_no_violations(page, where="editor with errors")
    page.locator("#id_rule_question").select_option(QUESTION)
    page.get_by_role("button", name="Show the conditions for this question").click()
    expect(page.locator("#id_rule_option option")).to_have_count(3)
    assert_no_violations(page, where="editor with the rule narrowed")


def fill_text(page: Page, field: str, text: str) -> None:
    page.locator(field).focus()
    page.keyboard.type(text)


def test_a_questionnaire_is_built_with_the_keyboard_without_javascript(
    world: World, open_as: OpenAs
) -> None:
    page = open_as(world.alice, language="en", javascript=False)
    page.goto(reverse("surveys:index"))
    page.get_by_role("link", name="New questionnaire").focus()
    page.keyboard.press("Enter")
    fill_text(page, "#id_title", "Course evaluation")
    # English, the page's language, is already ticked and the default.
    expect(page.get_by_role("checkbox", name="English")).to_be_checked()
    page.get_by_role("button", name="Create and add questions").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("No questions yet")).to_be_visible()

    # A single choice question at the start: what to add, where, then its texts and options.
    page.get_by_role("button", name="Continue").focus()
    page.keyboard.press("Enter")
    fill_text(page, "#id_label_en", "Did you use what you learnt?")
    fill_text(page, "#id_option-0-label_en", "Yes")
    fill_text(page, "#id_option-1-label_en", "No")
    page.keyboard.press("Enter")  # the first button: the type is unchanged, so it saves
    expect(page.get_by_text("The question is saved.")).to_be_visible()

    # A follow-up shown only if the answer was "Yes".
    page.get_by_role("radio", name="Long text").check()
    page.get_by_role("button", name="Continue").click()
    fill_text(page, "#id_label_en", "What did you use?")
    page.locator("#id_rule_question").select_option(label="Did you use what you learnt?")
    page.get_by_role("button", name="Show the conditions for this question").click()
    page.locator("#id_rule_operator").select_option("is")
    page.locator("#id_rule_option").select_option(label="Yes")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Shown only if “Did you use what you learnt?” is “Yes”")
    ).to_be_visible()

    questionnaire = Questionnaire.objects.get(title="Course evaluation")
    definition = from_json(questionnaire.definition)
    assert [question.name for question in definition.questions()] == [
        "did_you_use_what_you_learnt",
        "what_did_you_use",
    ]
    assert definition.items[1].relevant == "${did_you_use_what_you_learnt} = 'yes'"
