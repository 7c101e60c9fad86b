"""Principles for choosing activities: grouped by topic, recorded, reordered within a topic,
deleted, and the starter set adopted as the organisation's own rows (once)."""

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from conftest import World
from trinvis.learning.models import PlanRow, Principle
from trinvis.learning.services import principles as services
from trinvis.learning.tests.factories_catalogue import make_activity, make_principle, use_in_plan

Topic = Principle.Topic


def _titles(organisation: Any) -> list[str]:
    return list(
        Principle.objects.filter(organisation=organisation)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )


def _text(response: Any) -> str:
    body = response.content.decode()
    body = body[body.find("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_starter_set_has_about_five_principles_covering_the_topics() -> None:
    assert 5 <= len(services.STARTER_SET) <= 7
    assert {starter.topic for starter in services.STARTER_SET} == set(Topic.values)
    assert len({starter.key for starter in services.STARTER_SET}) == len(services.STARTER_SET)


def test_adopting_copies_the_chosen_principles_once(world: World) -> None:
    created = services.principles_adopt(
        by=world.alice, organisation=world.municipality_a, keys=["two-or-more", "own-cases"]
    )
    assert [principle.title for principle in created] == [
        "Send at least two from a unit, so the learning has someone to land with",
        "Prefer courses that use the participants' own cases",
    ]
    again = services.principles_adopt(
        by=world.alice,
        organisation=world.municipality_a,
        keys=[starter.key for starter in services.STARTER_SET],
    )
    assert len(again) == len(services.STARTER_SET) - 2
    titles = _titles(world.municipality_a)
    assert len(titles) == len(set(titles)) == len(services.STARTER_SET)


def test_adopted_principles_are_the_organisations_own_rows(world: World) -> None:
    services.principles_adopt(by=world.alice, organisation=world.municipality_a, keys=["own-cases"])
    principle = Principle.objects.get(organisation=world.municipality_a)
    services.principle_update(
        by=world.alice,
        principle=principle,
        base_version=principle.version,
        topic=Topic.LEARNING_FORM,
        title="Our own words",
    )
    assert services.STARTER_SET[2].title != "Our own words"
    assert _titles(world.municipality_a) == ["Our own words"]


def test_adopting_uses_the_active_language(world: World) -> None:
    with translation.override("da"):
        created = services.principles_adopt(
            by=world.alice, organisation=world.municipality_a, keys=["reduced-workload"]
        )
        expected = str(services.starter_by_key()["reduced-workload"].title)
    assert created[0].title == expected


def test_adopting_nothing_or_an_unknown_key_is_refused(world: World) -> None:
    for keys in ([], ["made-up"]):
        with pytest.raises(ValidationError):
            services.principles_adopt(by=world.alice, organisation=world.municipality_a, keys=keys)
    assert not Principle.objects.exists()


def test_move_swaps_within_the_topic_only(world: World) -> None:
    a = services.principle_create(
        by=world.alice, organisation=world.municipality_a, topic=Topic.SELECTION, title="A"
    )
    services.principle_create(
        by=world.alice, organisation=world.municipality_a, topic=Topic.FRAMES, title="Frame"
    )
    c = services.principle_create(
        by=world.alice, organisation=world.municipality_a, topic=Topic.SELECTION, title="C"
    )
    services.principle_move(by=world.alice, principle=c, up=True)
    assert _titles(world.municipality_a) == ["C", "Frame", "A"]
    services.principle_move(by=world.alice, principle=c, up=True)  # already first in its topic
    assert _titles(world.municipality_a) == ["C", "Frame", "A"]
    services.principle_move(by=world.alice, principle=a, up=False)  # already last
    assert list(
        Principle.objects.filter(organisation=world.municipality_a)
        .order_by("position")
        .values_list("position", flat=True)
    ) == [1, 2, 3]


def test_a_principle_needs_a_title(world: World) -> None:
    with pytest.raises(ValidationError):
        services.principle_create(
            by=world.alice, organisation=world.municipality_a, topic=Topic.OTHER, title="  "
        )


# --- pages ------------------------------------------------------------------------------


def test_list_groups_by_topic_and_an_employee_only_reads(world: World, client_of) -> None:
    make_principle(world.municipality_a, title="Two or more", topic=Topic.SELECTION)
    make_principle(world.municipality_a, title="Own cases", topic=Topic.LEARNING_FORM)
    response = client_of(world.bob).get(
        reverse("learning:principle_list", args=[world.municipality_a.pk])
    )
    text = _text(response)
    assert text.index("Learning form") < text.index("Own cases")
    assert text.index("Own cases") < text.index("Selecting participants")
    assert text.index("Selecting participants") < text.index("Two or more")
    assert "Move up" not in text
    assert "Starter set" not in text


def test_leader_adopts_the_starter_set_with_one_click(world: World, client_of) -> None:
    client = client_of(world.alice)
    url = reverse("learning:principle_list", args=[world.municipality_a.pk])
    page = client.get(url).content.decode()
    ticked = re.findall(r'<input type="checkbox" name="keys" value="([a-z-]+)"[^>]*checked', page)
    assert len(ticked) == len(services.STARTER_SET)
    response = client.post(
        reverse("learning:principle_adopt", args=[world.municipality_a.pk]), {"keys": ticked}
    )
    assert response["Location"] == url
    assert len(_titles(world.municipality_a)) == len(services.STARTER_SET)
    assert "Starter set" not in client.get(url).content.decode()  # nothing left to adopt


def test_leader_records_changes_moves_and_deletes_a_principle(world: World, client_of) -> None:
    client = client_of(world.alice)
    client.post(
        reverse("learning:principle_create", args=[world.municipality_a.pk]),
        {"topic": Topic.FRAMES, "title": "Time to prepare", "description": "Half a day."},
    )
    client.post(
        reverse("learning:principle_create", args=[world.municipality_a.pk]),
        {"topic": Topic.FRAMES, "title": "Reduced caseload"},
    )
    second = Principle.objects.get(title="Reduced caseload")
    response = client.post(
        reverse("learning:principle_move", args=[second.pk]), {"direction": "up"}
    )
    assert response["Location"].endswith(f"#principle-{second.pk}")
    assert _titles(world.municipality_a) == ["Reduced caseload", "Time to prepare"]
    client.post(
        reverse("learning:principle_edit", args=[second.pk]),
        {"topic": Topic.FRAMES, "title": "Reduced caseload while on a course", "base_version": 1},
    )
    second.refresh_from_db()
    assert second.title == "Reduced caseload while on a course"
    client.post(reverse("learning:principle_delete", args=[second.pk]))
    assert _titles(world.municipality_a) == ["Time to prepare"]


def test_deleting_a_followed_principle_warns_and_leaves_the_plan_row(
    world: World, client_of
) -> None:
    principle = make_principle(world.municipality_a)
    row = use_in_plan(make_activity(world.municipality_a), principle=principle)
    client = client_of(world.alice)
    page = client.get(reverse("learning:principle_delete", args=[principle.pk])).content.decode()
    assert "1 row of an education plan follows it" in page
    client.post(reverse("learning:principle_delete", args=[principle.pk]))
    assert PlanRow.objects.get(pk=row.pk).principle is None


def test_overview_lists_organisations_with_principles_and_where_to_start(
    world: World, client_of
) -> None:
    make_principle(world.municipality_a)
    make_principle(world.municipality_b, title="Principle of B")
    text = _text(client_of(world.alice).get(reverse("learning:principles")))
    assert "Municipality A" in text
    assert "Municipality B" not in text
    assert "Record principles for" in text
    assert "Team A" in text


def test_principle_pages_keep_a_fixed_number_of_queries(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    for number in range(10):
        make_principle(
            world.municipality_a, title=f"Principle {number}", topic=Topic.values[number % 5]
        )
    client = client_of(world.alice)
    with django_assert_max_num_queries(9):
        assert (
            client.get(
                reverse("learning:principle_list", args=[world.municipality_a.pk])
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(9):
        assert client.get(reverse("learning:principles")).status_code == 200


def test_an_edit_on_an_older_version_is_a_conflict_that_keeps_the_input(
    world: World, client_of
) -> None:
    principle = make_principle(world.municipality_a)
    world.alice.language = "en"
    world.alice.save()
    client = client_of(world.alice)
    url = reverse("learning:principle_edit", args=[principle.pk])
    first = {"topic": Topic.FRAMES, "title": "First version", "base_version": principle.version}
    assert client.post(url, first).status_code == 302
    late = {**first, "title": "Written on the old page"}
    response = client.post(url, late)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved the principle while you were editing" in page
    assert "Written on the old page" in page
    principle.refresh_from_db()
    assert (principle.title, principle.version) == ("First version", 2)
    # Saving again from the conflict page, now on the newer version, goes through.
    assert f'name="base_version" value="{principle.version}"' in page
    assert client.post(url, {**late, "base_version": principle.version}).status_code == 302
    principle.refresh_from_db()
    assert (principle.title, principle.version) == ("Written on the old page", 3)
