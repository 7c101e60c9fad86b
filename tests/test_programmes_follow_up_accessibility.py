"""axe-core on the follow-up pages of an agency programme with real content (a plain GET of
the URL table shows them mostly empty) and in the states no plain GET shows: a
conversation's items carried over, forms refused with errors, a conversation and a note
saved by someone else meanwhile, the dashboard sorted; and recording items and sorting
the dashboard without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.programmes.models import AgreedItem, FollowUpConversation, InternalNote, Workshop
from trinvis.programmes.services_workshop_participants import municipality_plan_start
from trinvis.programmes.tests.factories_follow_up import make_conversation, make_note
from trinvis.programmes.tests.factories_letters import make_letter
from trinvis.programmes.tests.factories_workshops import (
    answer,
    candidate_of,
    make_programme,
    make_task,
    make_workshop,
    other_candidate,
    programme_of,
)
from trinvis.surveys.tests.factories_results import make_survey
from trinvis.toolkits.services import CONTENT_DIR, toolkits_load

pytestmark = pytest.mark.browser

Progress = AgreedItem.Progress
TODAY = timezone.localdate()
WEEK = datetime.timedelta(days=7)


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _content(world: World) -> tuple[Workshop, Workshop]:
    """Two workshops; municipality A with a plan, a held conversation after workshop 1 and
    none yet after workshop 2; a town whose conversation is overdue; homework, a letter, an
    internal note and a survey of the agency."""
    toolkits_load(paths=[CONTENT_DIR / "qualification-paths.yaml"])
    programme = programme_of(world)
    first = make_workshop(programme, number=1, starts_on=TODAY - 8 * WEEK)
    second = make_workshop(programme, number=2, starts_on=TODAY - WEEK)
    candidate = candidate_of(world)
    town = other_candidate(world)
    make_conversation(
        first,
        candidate,
        planned_for=TODAY - 6 * WEEK,
        held_on=TODAY - 6 * WEEK,
        notes="All three units took part.",
        items=[("Map the jobs in care", Progress.DONE), ("Language and practice", "under_way")],
    )
    make_conversation(first, town, planned_for=TODAY - WEEK, items=[("Mentors", "dropped")])
    answer(make_task(programme, before=first), candidate)
    make_letter(candidate)
    make_note(first)
    make_survey(organisation=world.agency, title="Participants after workshop 2")
    municipality_plan_start(
        by=world.alice,
        candidate=candidate,
        responsible=world.alice,
        title="Our recipe",
        start_date=TODAY,
    )
    return first, second


def _conversation(workshop: Workshop, world: World) -> str:
    return reverse("programmes:follow_up_conversation", args=[workshop.pk, candidate_of(world).pk])


def test_pages_with_content_pass_axe(world: World, open_as: OpenAs) -> None:
    first, second = _content(world)
    programme_id = first.programme_id
    for user in (world.fiona, world.alice):
        page = open_as(user)
        urls = [
            reverse("programmes:follow_up", args=[programme_id]),
            _conversation(first, world),
        ]
        if user == world.fiona:
            urls += [
                _conversation(second, world),  # the items of workshop 1 carry over
                reverse("programmes:follow_up_note", args=[first.pk]),
                reverse("programmes:dashboard", args=[programme_id]),
                reverse("programmes:dashboard", args=[programme_id]) + "?sort=-goals",
            ]
        for url in urls:
            page.goto(url)
            assert_no_violations(page, where=f"{user.full_name}: {url}")


def test_forms_with_errors_pass_axe(world: World, open_as: OpenAs) -> None:
    first, _second = _content(world)
    page = open_as(world.fiona)
    page.goto(_conversation(first, world))
    page.locator("#id_held_on").fill((TODAY + WEEK).isoformat())
    page.locator(
        f"#id_item_{AgreedItem.objects.filter(text='Map the jobs in care').get().pk}_text"
    ).fill("")
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(page, where="conversation with errors")
    page.goto(reverse("programmes:follow_up_note", args=[first.pk]))
    page.locator("#id_text").fill("")
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(page, where="note with errors")


def test_conflicts_pass_axe(world: World, open_as: OpenAs) -> None:
    first, _second = _content(world)
    page = open_as(world.fiona)
    page.goto(_conversation(first, world))
    conversation = FollowUpConversation.objects.get(
        after_workshop=first, candidate=candidate_of(world)
    )
    FollowUpConversation.objects.filter(pk=conversation.pk).update(
        version=conversation.version + 1, notes="Theirs"
    )
    AgreedItem.objects.create(conversation=conversation, text="Their new item")
    page.locator("#id_notes").fill("Mine")
    _submit(page, "main form button[type=submit]", ".ds-alert")
    expect(page.locator(".ds-alert").first).to_contain_text("Someone else saved the conversation")
    expect(page.locator("#id_notes")).to_have_value("Mine")
    assert_no_violations(page, where="conversation saved meanwhile")

    page.goto(reverse("programmes:follow_up_note", args=[first.pk]))
    InternalNote.objects.filter(after_workshop=first).update(version=5, text="Theirs")
    page.locator("#id_text").fill("Mine")
    _submit(page, "main form button[type=submit]", ".ds-alert")
    expect(page.locator(".ds-alert").first).to_contain_text("Someone else saved the note")
    assert_no_violations(page, where="note saved meanwhile")


def test_items_are_recorded_and_the_dashboard_sorted_without_javascript(
    world: World, open_as: OpenAs
) -> None:
    _first, second = _content(world)
    page = open_as(world.fiona, javascript=False)
    page.goto(_conversation(second, world))
    expect(page.locator(".ds-alert").first).to_contain_text("carry over")
    page.locator("#id_planned_for").fill((TODAY + WEEK).isoformat())
    page.locator("#id_new_1_text").fill("Ask two employers for placements")
    _submit(page, "button[name=more]", ".trinvis-messages")
    expect(page.locator("#id_new_1_text")).to_have_value("")
    later = FollowUpConversation.objects.get(after_workshop=second, candidate=candidate_of(world))
    assert later.items.count() == 3  # two carried over, one new
    page.goto(reverse("programmes:dashboard", args=[second.programme_id]))
    page.get_by_role("link", name="Goals set").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Goals set")
    page.get_by_role("link", name="Goals set").click()
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Goals set")


def test_empty_pages_pass_axe(world: World, open_as: OpenAs) -> None:
    programme = make_programme(world.agency, name="Nothing yet")
    page = open_as(world.fiona)
    for name in ("programmes:follow_up", "programmes:dashboard"):
        page.goto(reverse(name, args=[programme.pk]))
        assert_no_violations(page, where=f"empty {name}")
    workshop = make_workshop(programme_of(world), number=1, starts_on=TODAY - WEEK)
    page.goto(_conversation(workshop, world))
    assert_no_violations(page, where="a conversation not planned yet")
    page.goto(reverse("programmes:follow_up_note", args=[workshop.pk]))
    assert_no_violations(page, where="a note not written yet")
