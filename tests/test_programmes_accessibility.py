"""axe-core on the agency programme pages with real content (a plain GET of the URL table
shows them mostly empty) and in the states no plain GET shows: forms refused with errors,
a deletion refused, the criteria editor with more rows; and the selection worked through
without JavaScript.

Each part of the programmes keeps its checks in functions named for it: `test_programme_*`
(the programme itself), `test_selection_*` (criteria, shortlist, decisions).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.indicators.models import Area
from trinvis.indicators.tests.factories import add_values, area_of, make_area, shipped
from trinvis.programmes.models import AgencyProgramme, Candidate
from trinvis.programmes.services_selection import shortlist_save
from trinvis.programmes.tests.factories_programmes import (
    candidate_a_of,
    programme_of,
    suggested_of,
)

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _figures(area: Area, right_after: float, participants: float | None) -> None:
    add_values(shipped("work-education-right-after"), area, {"2024": right_after})
    add_values(shipped("work-education-one-year-after"), area, {"2024": 64})
    if participants is not None:
        add_values(shipped("introduction-participants"), area, {"2024": participants})


def _programme_with_selection(world: World) -> AgencyProgramme:
    """The agency's programme: municipality A confirmed with a contact person, a saved
    shortlist with ranks and reasons, one municipality lacking a figure, one failing."""
    programme = programme_of(world)
    programme.working_group.add(world.fiona)
    _figures(area_of(world.municipality_a), 48, 40)
    _figures(make_area("DK", "101", "Municipality C"), 50, 35)
    _figures(make_area("DK", "102", "Municipality E"), 45, 60)
    _figures(make_area("DK", "103", "Municipality F"), 70, 50)
    _figures(make_area("DK", "104", "Municipality G"), 40, None)
    shortlist_save(by=world.fiona, programme=programme, base_version=programme.selection.version)
    return programme


# --- the programme itself ------------------------------------------------------------------------


def test_programme_pages_pass_axe(world: World, open_as: OpenAs) -> None:
    programme = _programme_with_selection(world)
    fiona = open_as(world.fiona)
    for name, args in (
        ("programmes:index", []),
        ("programmes:create", []),
        ("programmes:programme", [programme.pk]),
        ("programmes:edit", [programme.pk]),
        ("programmes:delete", [programme.pk]),  # refused: municipality A takes part
    ):
        fiona.goto(reverse(name, args=args))
        assert_no_violations(fiona, where=f"fiona: {name}")
    alice = open_as(world.alice)
    for name, args in (
        ("programmes:index", []),
        ("programmes:programme", [programme.pk]),
        ("programmes:candidate", [candidate_a_of(world).pk]),
    ):
        alice.goto(reverse(name, args=args))
        assert_no_violations(alice, where=f"alice: {name}")


def test_programme_forms_with_errors_pass_axe(world: World, open_as: OpenAs) -> None:
    programme = programme_of(world)
    fiona = open_as(world.fiona)
    fiona.goto(reverse("programmes:create"))
    _submit(fiona, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(fiona, where="new programme with errors")
    fiona.goto(reverse("programmes:edit", args=[programme.pk]))
    fiona.fill("#id_name", "")
    _submit(fiona, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(fiona, where="programme change with errors")


# --- the selection -------------------------------------------------------------------------------


def test_selection_pages_pass_axe(world: World, open_as: OpenAs) -> None:
    programme = _programme_with_selection(world)
    suggested = Candidate.objects.get(programme=programme, area__code="102")
    fiona = open_as(world.fiona)
    for name, args in (
        ("programmes:selection", [programme.pk]),
        ("programmes:criteria", [programme.pk]),
        ("programmes:candidate", [suggested.pk]),
        ("programmes:candidate", [candidate_a_of(world).pk]),
        ("programmes:candidate_contact", [suggested.pk]),
        ("programmes:candidate_add", [programme.pk]),
    ):
        fiona.goto(reverse(name, args=args))
        assert_no_violations(fiona, where=f"fiona: {name}")


def test_selection_forms_with_errors_pass_axe(world: World, open_as: OpenAs) -> None:
    programme = _programme_with_selection(world)
    fiona = open_as(world.fiona)
    fiona.goto(reverse("programmes:criteria", args=[programme.pk]))
    fiona.fill("#id_conditions-0-breakdown", "colour=blue")
    _submit(fiona, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(fiona, where="criteria with errors")
    fiona.goto(reverse("programmes:criteria", args=[programme.pk]))
    _submit(fiona, "button[name=more]", "#condition-6")
    assert_no_violations(fiona, where="criteria with more rows")
    fiona.goto(reverse("programmes:candidate", args=[suggested_of(world).pk]))
    _submit(fiona, "form[aria-labelledby=remove-heading] button", ".ds-error-summary")
    assert_no_violations(fiona, where="removal without a note")
    fiona.goto(reverse("programmes:candidate_add", args=[programme.pk]))
    _submit(fiona, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(fiona, where="adding by hand with errors")


def test_selection_works_without_javascript(world: World, open_as: OpenAs) -> None:
    programme = _programme_with_selection(world)
    area = Area.objects.get(country="DK", code="102")
    add_values(shipped("population"), area, {"2024": 25_000})
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("programmes:criteria", args=[programme.pk]))
    _submit(page, "button[name=more]", "#condition-6")
    page.locator("#id_conditions-5-indicator").select_option("introduction-participants")
    page.locator("#id_conditions-5-compare").select_option("at_least")
    page.fill("#id_conditions-5-threshold", "50")
    _submit(page, "main form button[type=submit]", ".trinvis-messages")
    expect(page.locator("main")).to_contain_text("at least 50 (latest figure)")
    _submit(page, "button:has-text('Save as shortlist')", ".trinvis-messages")
    candidate = Candidate.objects.get(programme=programme, area=area)
    page.goto(reverse("programmes:candidate", args=[candidate.pk]))
    _submit(page, "form[aria-labelledby=confirm-heading] button", ".trinvis-messages")
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.CONFIRMED
    assert candidate.organisation is not None and candidate.organisation.name == "Municipality E"
