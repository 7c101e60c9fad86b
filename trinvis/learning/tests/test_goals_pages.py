"""My learning, My people and a person's page for their leader: what each shows, that the
query count does not grow with the data, and the start page's section."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.core.models import AuditEvent
from trinvis.learning.audit import PERSONAL_RECORD_OPENED
from trinvis.learning.models import Sharing
from trinvis.learning.selectors_personal import my_people
from trinvis.learning.services.goals import goal_confirm
from trinvis.learning.tests.factories_personal import (
    make_check,
    make_entry,
    make_follow_up,
    make_goal,
)
from trinvis.organisations.models import Membership

TODAY = timezone.localdate


def _fill(world: World, person, *, number: int = 1) -> None:
    for index in range(number):
        goal = make_goal(person, world.team_a, what=f"Goal {index} of {person.full_name}")
        goal_confirm(by=person, goal=goal, base_version=goal.version)
        make_entry(person, sharing=Sharing.LEADER, text=f"Entry {index}")
        make_check(person, taken_on=TODAY() - datetime.timedelta(days=10 * index + 1))
        make_follow_up(person, world.alice, planned_for=TODAY() + datetime.timedelta(days=index))


def test_my_learning_shows_goals_logbook_trend_and_talks(world: World, client_of) -> None:
    _fill(world, world.bob, number=2)
    page = client_of(world.bob).get(reverse("learning:me")).content.decode()
    assert "Goal 0 of Bob Employee" in page and "Waiting for the leader" in page
    assert "Entry 1" in page and 'id="motivation-trend-spec"' in page
    assert "with Alice Leader" in page


def test_my_learning_query_count_does_not_grow(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    client = client_of(world.bob)
    _fill(world, world.bob)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("learning:me"))
    _fill(world, world.bob, number=6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("learning:me"))


def test_a_leader_sees_a_persons_page_without_private_entries_and_it_is_audited(
    world: World, client_of
) -> None:
    _fill(world, world.bob)
    make_entry(world.bob, text="Private thoughts")
    response = client_of(world.alice).get(reverse("learning:person", args=[world.bob.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Goal 0 of Bob Employee" in page and "Waiting for you" in page
    assert "Entry 0" in page and "Private thoughts" not in page
    assert "Plan a follow-up talk" in page
    event = AuditEvent.objects.get(action=PERSONAL_RECORD_OPENED)
    assert event.details == {"person": world.bob.pk, "record": "overview"}


def test_the_person_is_sent_to_their_own_page(world: World, client_of) -> None:
    response = client_of(world.bob).get(reverse("learning:person", args=[world.bob.pk]))
    assert response["Location"] == reverse("learning:me")


def test_my_people_lists_the_people_i_lead_with_their_figures(world: World, client_of) -> None:
    _fill(world, world.bob, number=2)
    rows = {person.pk: person for person in my_people(user=world.alice)}
    assert set(rows) == {world.bob.pk}
    bob: Any = rows[world.bob.pk]
    assert (bob.open_goals, bob.goals_waiting) == (2, 2)
    assert bob.latest_check_on == TODAY() - datetime.timedelta(days=1)
    assert bob.next_follow_up_on == TODAY()
    assert [m.organisation for m in bob.active_memberships] == [world.team_a]
    page = client_of(world.alice).get(reverse("learning:people")).content.decode()
    assert "Bob Employee" in page and "Team A" in page
    assert "Charlie" not in page


@pytest.mark.parametrize("persona", ["bob", "charlie", "fiona"])
def test_people_who_lead_nobody_get_an_empty_list(world: World, client_of, persona) -> None:
    assert not my_people(user=getattr(world, persona)).exists()
    page = client_of(getattr(world, persona)).get(reverse("learning:people")).content.decode()
    assert "You lead nobody here" in page


def test_the_platform_administrator_leads_only_through_their_memberships(world: World) -> None:
    Membership.objects.filter(user=world.admin).delete()
    assert not my_people(user=world.admin).exists()


def test_my_people_query_count_does_not_grow_with_the_people(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    client = client_of(world.alice)
    _fill(world, world.bob)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("learning:people"))
    for number in range(8):
        person = make_user(f"p{number}@example.org", f"Person {number}")
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
        _fill(world, person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("learning:people")).content.decode()
    assert "Person 7" in page


def test_the_start_page_links_to_my_learning_and_for_leaders_my_people(
    world: World, client_of
) -> None:
    as_alice = client_of(world.alice).get(reverse("learning:index")).content.decode()
    assert reverse("learning:me") in as_alice and reverse("learning:people") in as_alice
    assert reverse("learning:motivation_questions") in as_alice
    as_bob = client_of(world.bob).get(reverse("learning:index")).content.decode()
    assert reverse("learning:me") in as_bob and reverse("learning:people") not in as_bob
    assert reverse("learning:motivation_questions") not in as_bob
