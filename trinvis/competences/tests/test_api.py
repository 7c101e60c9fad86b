"""The competence module's JSON API: the pages' rules, figures only, one's own ratings."""

import json

from conftest import World
from trinvis.competences.models import Assessment, Rating
from trinvis.competences.tests.factories import (
    colleagues,
    make_profile,
    make_round,
    rate,
    rated_team_round,
)


def _round(world: World):
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def _put(client, url: str, body: dict):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_profile_detail_lists_competences_in_category_order(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.bob).get(f"/api/competences/profiles/{profile.pk}")
    assert response.status_code == 200
    categories = [c["category"] for c in response.json()["competences"]]
    assert categories == ["professional", "professional", "social", "organisational", "personal"]


def test_matrix_gives_figures_and_never_a_person(world: World, client_of) -> None:
    round = _round(world)
    body = client_of(world.fiona).get(f"/api/competences/rounds/{round.pk}/matrix").json()
    assert body["shareable"] is True and body["assessed"] == 6
    first = body["competences"][0]
    assert first == {
        "competence_id": first["competence_id"],
        "expected": 4,
        "rated": 6,
        "meeting": 0,
        "below": 6,
        "team_median": 3.0,
        "gap": 1.0,
        "vulnerability": "high",
    }
    assert "Bob" not in json.dumps(body)


def test_figures_of_fewer_than_five_people_go_only_to_their_leaders(
    world: World, client_of
) -> None:
    profile = make_profile(world.municipality_a)
    people = [world.bob, *colleagues(world.team_a, 2)]
    round = make_round(
        profile=profile, organisation=world.team_a, people=people, by=world.alice, title="Small"
    )
    for person in people:
        rate(round, kind=Assessment.Kind.SELF, person=person, by=person, levels=[3, 3, 3, 3, 3])
    url = f"/api/competences/rounds/{round.pk}/matrix"
    for outsider in (world.fiona, world.bob):
        body = client_of(outsider).get(url).json()
        assert body == {"round_id": round.pk, "assessed": 0, "shareable": False, "competences": []}
    led = client_of(world.alice).get(url).json()
    assert led["shareable"] is True and led["assessed"] == 3 and len(led["competences"]) == 5


def test_a_person_reads_their_own_ratings_and_their_leaders_once_submitted(
    world: World, client_of
) -> None:
    round = _round(world)
    body = client_of(world.bob).get(f"/api/competences/rounds/{round.pk}/ratings/mine").json()
    kinds = {a["kind"]: [r["level"] for r in a["ratings"]] for a in body["assessments"]}
    assert kinds == {"self": [5, 3, 2, 3, 4], "leader": [2, 3, 2, 2, 4]}
    # The leader has nothing of her own in the round.
    alice = client_of(world.alice).get(f"/api/competences/rounds/{round.pk}/ratings/mine")
    assert alice.json()["assessments"] == []


def test_a_person_saves_their_own_ratings_with_the_version_check(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    round = make_round(
        profile=profile, organisation=world.team_a, people=[world.bob], by=world.alice, title="Own"
    )
    competence = profile.competences.order_by("position").first()
    assert competence is not None
    url = f"/api/competences/rounds/{round.pk}/ratings/mine"
    client = client_of(world.bob)
    rating = {"competence_id": competence.pk, "level": 4, "comment": "Weekly employer visits"}
    saved = _put(client, url, {"base_version": 0, "ratings": [rating]})
    assert saved.status_code == 200
    assert saved.json()["assessments"][0]["version"] == 1
    stale = _put(client, url, {"base_version": 0, "ratings": [{**rating, "level": 1}]})
    assert stale.status_code == 409 and stale.json()["version"] == 1
    assert Rating.objects.get(competence=competence).level == 4
    refused = _put(client, url, {"base_version": 1, "submit": True, "ratings": [rating]})
    assert refused.status_code == 422
    assert Assessment.objects.get(round=round).submitted_at is None


def test_nobody_writes_another_persons_ratings_through_the_api(world: World, client_of) -> None:
    round = _round(world)
    before = list(Rating.objects.order_by("pk").values_list("level", flat=True))
    response = _put(
        client_of(world.alice),
        f"/api/competences/rounds/{round.pk}/ratings/mine",
        {"base_version": 0, "ratings": []},
    )
    assert response.status_code == 403
    assert list(Rating.objects.order_by("pk").values_list("level", flat=True)) == before
