"""axe-core on the mapping pages of an agency programme with real content (a plain GET of
the URL table shows them mostly empty) and in the states no plain GET shows: a form refused
with errors, a conversation and a checklist changed by someone else meanwhile; and the
compilation and the checklist without JavaScript."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    DeepMappingAnswer,
    DeepMappingItem,
    MappingConversation,
    ThemeDecision,
)
from trinvis.programmes.tests.factories_mapping import (
    candidate_a,
    make_answer,
    make_conversation,
    make_point,
    make_programme,
    more_candidates,
)

pytestmark = pytest.mark.browser

State = DeepMappingAnswer.State


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _content(world: World) -> tuple[AgencyProgramme, Candidate, DeepMappingItem]:
    programme = make_programme(world.agency)
    candidate = candidate_a(programme, world.municipality_a)
    make_conversation(candidate, challenges=("Few employers", "Long waits for language courses"))
    for other in more_candidates(programme, 3):
        make_conversation(other, challenges=("Few employers",))
    ThemeDecision.objects.create(
        programme=programme, theme="Work-oriented paths", reasoning="Named by most."
    )
    point = make_point(programme, "Employers take part in planning")
    make_point(programme, "Language training alongside work")
    make_answer(point, candidate, state=State.NEEDS_IMPROVEMENT, note="Only two employers")
    return programme, candidate, point


def test_pages_with_content_pass_axe(world: World, open_as: OpenAs) -> None:
    programme, candidate, point = _content(world)
    fiona = open_as(world.fiona)
    for name, args in (
        ("programmes:mapping", [programme.pk]),
        ("programmes:mapping_conversation", [candidate.pk]),
        ("programmes:mapping_compilation", [programme.pk]),
        ("programmes:mapping_theme", [programme.pk]),
        ("programmes:mapping_checklist", [programme.pk]),
        ("programmes:mapping_point_create", [programme.pk]),
        ("programmes:mapping_point_edit", [point.pk]),
        ("programmes:mapping_point_delete", [point.pk]),
        ("programmes:mapping_answers", [candidate.pk]),
    ):
        fiona.goto(reverse(name, args=args))
        if name == "programmes:mapping_compilation":
            expect(fiona.locator(".trinvis-chart--drawn")).to_have_count(1)
        assert_no_violations(fiona, where=f"fiona: {name}")
    alice = open_as(world.alice)
    for name, args in (
        ("programmes:mapping", [programme.pk]),
        ("programmes:mapping_conversation", [candidate.pk]),
        ("programmes:mapping_answers", [candidate.pk]),
    ):
        alice.goto(reverse(name, args=args))
        assert_no_violations(alice, where=f"alice: {name}")


def test_forms_with_errors_and_conflicts_pass_axe(world: World, open_as: OpenAs) -> None:
    programme, candidate, point = _content(world)
    fiona = open_as(world.fiona)
    fiona.goto(reverse("programmes:mapping_theme", args=[programme.pk]))
    fiona.locator("#id_reasoning").fill("")
    _submit(fiona, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(fiona, where="theme with errors")

    fiona.goto(reverse("programmes:mapping_conversation", args=[candidate.pk]))
    MappingConversation.objects.filter(candidate=candidate).update(version=5)
    fiona.locator("#id_new_challenges").fill("Housing, few employers")
    _submit(fiona, "main form button[type=submit]", ".ds-alert[role=alert]")
    expect(fiona.locator("main")).to_contain_text("Someone else saved the conversation")
    assert_no_violations(fiona, where="conversation conflict")

    alice = open_as(world.alice)
    alice.goto(reverse("programmes:mapping_answers", args=[candidate.pk]))
    DeepMappingAnswer.objects.filter(item=point, candidate=candidate).update(version=3)
    alice.locator(f"#id_note_{point.pk}").fill("Three now")
    _submit(alice, "main form button[type=submit]", ".ds-alert[role=alert]")
    expect(alice.locator("main")).to_contain_text("Someone else changed some answers")
    assert_no_violations(alice, where="checklist conflict")


def test_the_compilation_and_checklist_work_without_javascript(
    world: World, open_as: OpenAs
) -> None:
    """The chart falls back to its table; points move with plain forms."""
    programme, _candidate, point = _content(world)
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("programmes:mapping_compilation", args=[programme.pk]))
    expect(page.locator(".trinvis-chart__fallback")).to_be_visible()
    expect(page.locator(".trinvis-chart__data table")).to_contain_text("Few employers")
    page.goto(reverse("programmes:mapping_checklist", args=[programme.pk]))
    _submit(page, f"#point-{point.pk} button[value=down]", ".ds-table")
    first = DeepMappingItem.objects.filter(programme=programme).order_by("position").first()
    assert first is not None and first.text == "Language training alongside work"
