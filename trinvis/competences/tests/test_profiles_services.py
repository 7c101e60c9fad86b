"""Profile services: create, change with optimistic locking, competences, thresholds, import."""

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from trinvis.competences.interchange import CompetenceData, ProfileData, profile_data
from trinvis.competences.models import Assessment, Competence, Profile
from trinvis.competences.selectors import profile_competences
from trinvis.competences.services.profiles import (
    ProfileConflict,
    profile_create,
    profile_import,
    profile_update,
)
from trinvis.competences.tests.factories import make_profile, make_round, rate
from trinvis.core.models import AuditEvent


def _data(**overrides: object) -> ProfileData:
    data = ProfileData(
        name="Reception team",
        applies_to="Reception",
        strategy_goal="Faster first meeting",
        competences=[
            CompetenceData("professional", "law", "The law", "Know it", 4, "Lawful decisions"),
            CompetenceData("social", "", "Listening", expected_level=3),
        ],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def _current(profile: Profile) -> ProfileData:
    profile.refresh_from_db()
    return profile_data(profile, profile_competences(profile=profile))


def test_create_saves_the_profile_its_competences_and_an_audit_entry(world: World) -> None:
    profile = profile_create(by=world.alice, organisation=world.municipality_a, data=_data())

    competences = profile_competences(profile=profile)
    assert [c.name for c in competences] == ["The law", "Listening"]
    assert [c.id_number for c in competences] == ["law", "c1"]
    assert competences[0].goal == "Lawful decisions"
    assert profile.id_number == "reception-team"
    assert profile.created_by == world.alice
    event = AuditEvent.objects.get(action=AuditEvent.Action.COMPETENCE_PROFILE_CHANGED)
    assert event.details["profile"] == profile.pk


def test_create_twice_with_the_same_name_gets_a_free_id_number(world: World) -> None:
    first = profile_create(by=world.alice, organisation=world.municipality_a, data=_data())
    second = profile_create(by=world.alice, organisation=world.municipality_a, data=_data())
    assert (first.id_number, second.id_number) == ("reception-team", "reception-team-2")


def test_update_changes_adds_reorders_and_removes_competences(world: World) -> None:
    profile = profile_create(by=world.alice, organisation=world.municipality_a, data=_data())
    data = _current(profile)
    law, listening = data.competences
    law.name, law.expected_level = "The integration law", 5
    data.competences = [
        CompetenceData("personal", "", "Reflection", expected_level=2),
        law,
    ]
    data.name = "Reception"

    saved = profile_update(by=world.alice, profile=profile, base_version=1, data=data)

    assert saved.version == 2
    assert saved.name == "Reception"
    competences = Competence.objects.filter(profile=profile).order_by("position")
    assert [(c.name, c.expected_level, c.position) for c in competences] == [
        ("Reflection", 2, 0),
        ("The integration law", 5, 1),
    ]
    assert listening.pk is not None
    assert not Competence.objects.filter(pk=listening.pk).exists()


def test_a_stale_save_is_a_conflict_and_writes_nothing(world: World) -> None:
    profile = profile_create(by=world.alice, organisation=world.municipality_a, data=_data())
    first = _current(profile)
    first.name = "Saved first"
    profile_update(by=world.alice, profile=profile, base_version=1, data=first)

    second = _data(name="Saved second", competences=[])
    with pytest.raises(ProfileConflict) as raised:
        profile_update(by=world.admin, profile=profile, base_version=1, data=second)

    assert raised.value.profile.version == 2
    profile.refresh_from_db()
    assert profile.name == "Saved first"
    assert profile.competences.count() == 2


def test_removing_a_rated_competence_is_refused_and_nothing_changes(world: World) -> None:
    profile = make_profile(world.municipality_a)
    round = make_round(
        profile=profile, organisation=world.team_a, people=[world.bob], by=world.alice
    )
    rate(round, kind=Assessment.Kind.SELF, person=world.bob, by=world.bob, levels=[3, 3, 3, 3, 3])
    data = _current(profile)
    data.name = "Renamed"
    data.competences = data.competences[1:]

    with pytest.raises(ValidationError) as raised:
        profile_update(by=world.alice, profile=profile, base_version=1, data=data)

    assert "Labour-market knowledge" in str(raised.value)
    assert "ratings" in str(raised.value)
    profile.refresh_from_db()
    assert (profile.name, profile.version, profile.competences.count()) == (
        "Integration work",
        1,
        5,
    )


def test_an_unrated_competence_can_be_removed_from_a_profile_in_use(world: World) -> None:
    profile = make_profile(world.municipality_a)
    make_round(profile=profile, organisation=world.team_a, people=[world.bob], by=world.alice)
    data = _current(profile)
    data.competences = data.competences[1:]
    profile_update(by=world.alice, profile=profile, base_version=1, data=data)
    assert profile.competences.count() == 4


def test_two_competences_can_swap_id_numbers(world: World) -> None:
    profile = profile_create(by=world.alice, organisation=world.municipality_a, data=_data())
    data = _current(profile)
    first, second = data.competences
    first.id_number, second.id_number = second.id_number, first.id_number
    profile_update(by=world.alice, profile=profile, base_version=1, data=data)
    assert [c.id_number for c in profile_competences(profile=profile)] == ["c1", "law"]


@pytest.mark.parametrize(("high", "medium"), [(0, 3), (4, 3), (1, 0)])
def test_vulnerability_thresholds_must_be_ordered_from_one(
    world: World, high: int, medium: int
) -> None:
    data = _data(vulnerability_high_below=high, vulnerability_medium_below=medium)
    with pytest.raises(ValidationError) as raised:
        profile_create(by=world.alice, organisation=world.municipality_a, data=data)
    assert "vulnerability_high_below" in raised.value.message_dict
    assert "1 ≤ high ≤ medium" in str(raised.value)
    assert not Profile.objects.exists()


def test_equal_thresholds_are_allowed(world: World) -> None:
    data = _data(vulnerability_high_below=2, vulnerability_medium_below=2)
    profile = profile_create(by=world.alice, organisation=world.municipality_a, data=data)
    assert (profile.vulnerability_high_below, profile.vulnerability_medium_below) == (2, 2)


def test_a_bad_competence_row_names_its_number_and_saves_nothing(world: World) -> None:
    data = _data()
    data.competences.append(CompetenceData("professional", "law", "Twice", expected_level=3))
    data.competences.append(CompetenceData("nonsense", "x", "Odd", expected_level=9))
    with pytest.raises(ValidationError) as raised:
        profile_create(by=world.alice, organisation=world.municipality_a, data=data)
    messages = raised.value.message_dict["competences"]
    assert any("Competence 3" in m and "law" in m for m in messages)
    assert any(m.startswith("Competence 4, category") for m in messages)
    assert any(m.startswith("Competence 4, expected level") for m in messages)
    assert not Profile.objects.exists()


def test_import_refuses_the_same_framework_twice_in_one_organisation(world: World) -> None:
    data = _data(id_number="reception-2027")
    profile_import(by=world.alice, organisation=world.municipality_a, data=data)
    with pytest.raises(ValidationError) as raised:
        profile_import(by=world.alice, organisation=world.municipality_a, data=data)
    assert "already has a profile with the ID number reception-2027" in str(raised.value)
    assert Profile.objects.count() == 1
    other = profile_import(by=world.admin, organisation=world.municipality_b, data=data)
    assert other.id_number == "reception-2027"


def test_update_refuses_an_id_number_another_profile_has(world: World) -> None:
    profile_create(by=world.alice, organisation=world.municipality_a, data=_data(id_number="a"))
    second = profile_create(
        by=world.alice, organisation=world.municipality_a, data=_data(id_number="b")
    )
    data = _current(second)
    data.id_number = "a"
    with pytest.raises(ValidationError):
        profile_update(by=world.alice, profile=second, base_version=1, data=data)


def test_line_breaks_are_stored_one_way(world: World) -> None:
    data = _data(description="one\r\ntwo\rthree")
    profile = profile_create(by=world.alice, organisation=world.municipality_a, data=data)
    assert profile.description == "one\ntwo\nthree"
