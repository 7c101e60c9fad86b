"""The programme itself: the list and the menu entry, creating one for an agency or region,
its page for those who run it and for a municipality taking part, changing it with the
version check, deleting it only while no work with municipalities has begun; and the demo."""

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from trinvis.core import demo as core_demo
from trinvis.indicators import demo as indicators_demo
from trinvis.indicators.tests.factories import make_area
from trinvis.organisations import demo as organisations_demo
from trinvis.organisations.models import Organisation
from trinvis.programmes import demo
from trinvis.programmes.models import AgencyProgramme, Candidate, Letter, SelectionRule, Workshop
from trinvis.programmes.selectors_programmes import may_see_programmes
from trinvis.programmes.selectors_selection import selection_of
from trinvis.programmes.tests.factories_programmes import (
    candidate_a_of,
    make_candidate,
    make_programme,
    programme_of,
)


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- list, menu, create --------------------------------------------------------------------------


def test_the_list_shows_the_programmes_in_reach(world: World, client_of: Any) -> None:
    programme = programme_of(world)
    make_programme(world.region_no, name="Northern programme")
    fiona_sees = _page(client_of(world.fiona), reverse("programmes:index"))
    assert programme.name in fiona_sees and "Northern programme" not in fiona_sees
    assert "New programme" in fiona_sees
    alice_sees = _page(client_of(world.alice), reverse("programmes:index"))
    assert programme.name in alice_sees and "New programme" not in alice_sees
    assert programme.name not in _page(client_of(world.charlie), reverse("programmes:index"))


def test_the_menu_shows_programmes_to_those_with_a_running_role(world: World) -> None:
    assert may_see_programmes(user=world.fiona)  # may create one at the agency
    assert may_see_programmes(user=world.admin)
    assert may_see_programmes(user=world.alice)  # a leader: her municipality may take part
    assert not may_see_programmes(user=world.bob)  # an employee follows the links
    assert not may_see_programmes(user=world.charlie)


def test_the_menu_check_takes_no_query(world: World, django_assert_num_queries: Any) -> None:
    programme_of(world)
    may_see_programmes(user=world.alice)  # the scope, computed once per request
    with django_assert_num_queries(0):
        assert may_see_programmes(user=world.alice)


def test_a_facilitator_creates_a_programme_for_the_agency(world: World, client_of: Any) -> None:
    response = client_of(world.fiona).post(
        reverse("programmes:create"),
        {"owner": world.agency.pk, "name": "Work first", "mandate": "Raise the share."},
    )
    programme = AgencyProgramme.objects.get(name="Work first")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:programme", args=[programme.pk])
    assert programme.owner == world.agency and programme.created_by == world.fiona


def test_only_an_agency_or_region_where_one_runs_programmes_can_own_one(
    world: World, client_of: Any
) -> None:
    assert client_of(world.alice).get(reverse("programmes:create")).status_code == 403
    response = client_of(world.fiona).post(
        reverse("programmes:create"), {"owner": world.region_dk.pk, "name": "Elsewhere"}
    )
    assert response.status_code == 200  # a region fiona does not run is not a choice
    assert not AgencyProgramme.objects.filter(name="Elsewhere").exists()


# --- the programme page --------------------------------------------------------------------------


def test_those_who_run_it_see_everything(world: World, client_of: Any) -> None:
    programme = programme_of(world)
    programme.working_group.add(world.fiona)
    page = _page(client_of(world.fiona), reverse("programmes:programme", args=[programme.pk]))
    for text in ("Raise the share in work.", "Fiona Facilitator", "Municipality A"):
        assert text in page
    assert "Carla Contact" in page
    assert "1 municipality is suggested" in page
    assert reverse("programmes:selection", args=[programme.pk]) in page


def test_a_municipality_sees_the_description_and_its_own_entry_only(
    world: World, client_of: Any
) -> None:
    programme = programme_of(world)
    make_candidate(
        programme,
        make_area("DK", "102", "Municipality D"),
        status=Candidate.Status.CONFIRMED,
        contact_name="Dora Other",
    )
    page = _page(client_of(world.bob), reverse("programmes:programme", args=[programme.pk]))
    assert "Raise the share in work." in page
    assert "Municipality A" in page and "Carla Contact" in page
    for hidden in ("Municipality C", "Municipality D", "Dora Other", "suggested"):
        assert hidden not in page
    assert reverse("programmes:selection", args=[programme.pk]) not in page
    assert reverse("programmes:edit", args=[programme.pk]) not in page


def test_the_working_group_runs_the_programme(world: World, client_of: Any) -> None:
    programme = programme_of(world)
    assert (
        client_of(world.charlie).get(reverse("programmes:edit", args=[programme.pk])).status_code
        == 404
    )
    programme.working_group.add(world.charlie)
    assert (
        client_of(world.charlie).get(reverse("programmes:edit", args=[programme.pk])).status_code
        == 200
    )


# --- change --------------------------------------------------------------------------------------


def _edit_data(programme: AgencyProgramme, **changes: Any) -> dict[str, Any]:
    return {
        "base_version": programme.version,
        "name": programme.name,
        "mandate": programme.mandate,
        "working_group": [],
        **changes,
    }


def test_changing_the_programme_saves_texts_and_working_group(world: World, client_of: Any) -> None:
    programme = programme_of(world)
    response = client_of(world.fiona).post(
        reverse("programmes:edit", args=[programme.pk]),
        _edit_data(programme, plan="Two workshops", working_group=[world.fiona.pk]),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.plan == "Two workshops" and programme.version == 2
    assert list(programme.working_group.all()) == [world.fiona]


def test_municipality_people_are_not_offered_for_the_working_group(
    world: World, client_of: Any
) -> None:
    programme = programme_of(world)
    response = client_of(world.fiona).post(
        reverse("programmes:edit", args=[programme.pk]),
        _edit_data(programme, working_group=[world.alice.pk]),
    )
    assert response.status_code == 200
    assert "working_group" in response.context["form"].errors


def test_a_change_on_top_of_a_newer_version_keeps_the_input(world: World, client_of: Any) -> None:
    programme = programme_of(world)
    stale = _edit_data(programme, plan="Mine")
    client_of(world.admin).post(
        reverse("programmes:edit", args=[programme.pk]), _edit_data(programme, plan="Theirs")
    )
    response = client_of(world.fiona).post(reverse("programmes:edit", args=[programme.pk]), stale)
    assert response.status_code == 200 and response.context["conflict"]
    assert response.context["form"]["plan"].value() == "Mine"
    programme.refresh_from_db()
    assert programme.plan == "Theirs"
    assert response.context["form"]["base_version"].value() == str(programme.version)


def test_a_municipality_taking_part_may_not_change_it(world: World, client_of: Any) -> None:
    programme = programme_of(world)
    for person in (world.alice, world.bob):
        response = client_of(person).post(
            reverse("programmes:edit", args=[programme.pk]), _edit_data(programme, name="Mine")
        )
        assert response.status_code == 403


# --- delete --------------------------------------------------------------------------------------


def test_deleting_is_refused_while_municipalities_take_part_and_says_why(
    world: World, client_of: Any
) -> None:
    programme = programme_of(world)
    candidate = candidate_a_of(world)
    Workshop.objects.create(
        programme=programme, number=1, title="One", starts_on="2025-05-01", ends_on="2025-05-02"
    )
    Letter.objects.create(
        programme=programme,
        candidate=candidate,
        kind="invitation",
        language="da",
        to_email="a@example.org",
        subject="Welcome",
        body="…",
        outcome="sent",
    )
    response = client_of(world.fiona).post(
        reverse("programmes:delete", args=[programme.pk]), {"base_version": programme.version}
    )
    page = response.content.decode()
    assert response.status_code == 200
    for reason in (
        "1 letter was sent to a municipality.",
        "1 workshop is planned.",
        "1 municipality takes part.",
    ):
        assert reason in page
    assert AgencyProgramme.objects.filter(pk=programme.pk).exists()


def test_a_programme_without_work_is_deleted_with_its_rule_and_suggestions(
    world: World, client_of: Any
) -> None:
    programme = programme_of(world)
    Candidate.objects.filter(programme=programme, status=Candidate.Status.CONFIRMED).update(
        status=Candidate.Status.REMOVED
    )
    response = client_of(world.fiona).post(
        reverse("programmes:delete", args=[programme.pk]), {"base_version": programme.version}
    )
    assert response.status_code == 302
    assert not AgencyProgramme.objects.filter(pk=programme.pk).exists()
    assert not SelectionRule.objects.exists() and not Candidate.objects.exists()


def test_deleting_an_older_version_is_refused(world: World, client_of: Any) -> None:
    programme = make_programme(world.agency)
    response = client_of(world.fiona).post(
        reverse("programmes:delete", args=[programme.pk]), {"base_version": 0}
    )
    assert response.status_code == 200 and response.context["conflict"]
    assert AgencyProgramme.objects.filter(pk=programme.pk).exists()


# --- demo ----------------------------------------------------------------------------------------


@pytest.fixture
def loaded(db: None) -> None:
    organisations_demo.load()
    indicators_demo.load()
    demo.load()


def _snapshot() -> dict[str, Any]:
    return {
        "programmes": sorted(AgencyProgramme.objects.values_list("pk", "version")),
        "candidates": sorted(Candidate.objects.values_list("pk", "status", "version")),
        "organisations": Organisation.objects.count(),
    }


def test_the_demo_programme_has_criteria_and_a_confirmed_shortlist(loaded: None) -> None:
    programme = AgencyProgramme.objects.get(name=demo.NAME)
    assert programme.owner.name == demo.AGENCY
    assert programme.selection.country == "NO"
    taking_part = Candidate.objects.filter(
        programme=programme, status__in=[Candidate.Status.CONFIRMED, Candidate.Status.ADDED]
    ).select_related("area", "organisation")
    assert {c.area.code for c in taking_part} >= {demo.BERGEN}
    assert len(taking_part) == demo.CONFIRMED + 1
    assert all(c.organisation is not None for c in taking_part)
    bergen = next(c for c in taking_part if c.area.code == demo.BERGEN)
    assert bergen.organisation is not None and bergen.organisation.name == "Bergen kommune"
    assert bergen.contact_name == "Magnus Brekke"
    assert all(c.reasons for c in taking_part if c.status == Candidate.Status.CONFIRMED)
    lacking = selection_of(rule=programme.selection).evaluation.undecided
    assert [item.municipality.code for item in lacking] == [demo.WITHHELD]


def test_loading_the_demo_twice_changes_nothing(loaded: None) -> None:
    before = _snapshot()
    demo.load()
    assert _snapshot() == before


def test_the_demo_is_registered_after_the_key_figures() -> None:
    orders = {loader: order for order, loader in core_demo._loaders}
    assert orders[demo.load] == 60 > orders[indicators_demo.load]
