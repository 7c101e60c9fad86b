"""The catalogue's JSON API: what the pages show, as data, within the same access rules."""

from django.urls import reverse

from conftest import World
from trinvis.competences.tests.factories import make_profile
from trinvis.learning.tests.factories_catalogue import (
    make_activity,
    make_principle,
    make_programme,
    module,
)


def test_activities_come_with_competences_and_headings(world: World, client_of) -> None:
    competence = make_profile(world.municipality_a).competences.get(position=1)
    activity = make_activity(world.municipality_a)
    activity.competences.add(competence)
    make_activity(world.municipality_b, title="Course of B")
    client = client_of(world.bob)
    listed = client.get(reverse("api:learning_activity_list")).json()
    assert [row["title"] for row in listed] == ["Motivational conversation"]
    detail = client.get(reverse("api:learning_activity_detail", args=[activity.pk])).json()
    assert detail["competence_ids"] == [competence.pk]
    assert detail["headings"] == ["Open questions", "The participant's own goals"]
    assert detail["reminder_days"] == [7, 90]


def test_programme_detail_gives_each_path_its_modules_in_order(world: World, client_of) -> None:
    programme = make_programme(world.municipality_a)
    data = (
        client_of(world.alice)
        .get(reverse("api:learning_programme_detail", args=[programme.pk]))
        .json()
    )
    first, second, third = (module(programme, number).pk for number in (1, 2, 3))
    assert sorted(data["module_ids"]) == sorted([first, second, third])
    paths = {path["name"]: path["module_ids"] for path in data["paths"]}
    assert paths == {"Job path": [first, second, third], "Short path": [third, first]}


def test_principles_come_in_their_order(world: World, client_of) -> None:
    make_principle(world.municipality_a, title="First")
    make_principle(world.municipality_a, title="Second")
    url = reverse("api:learning_principle_list", args=[world.municipality_a.pk])
    assert [row["title"] for row in client_of(world.bob).get(url).json()] == ["First", "Second"]
    assert client_of(world.charlie).get(url).status_code == 404
