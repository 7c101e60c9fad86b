"""Opening rounds and saving assessments: validation, drafts, submission and conflicts."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import World
from trinvis.competences.models import Assessment, Profile, Rating
from trinvis.competences.selectors import profile_competences
from trinvis.competences.services.rounds import (
    AssessmentConflict,
    RatingInput,
    assessment_save,
    round_close,
    round_open,
    round_reopen,
)
from trinvis.competences.tests.factories import make_profile, make_round

IN_THREE_WEEKS = timezone.localdate() + datetime.timedelta(days=21)


def _open(world: World, **changes):
    arguments: dict[str, Any] = {
        "by": world.alice,
        "profile": make_profile(world.municipality_a),
        "organisation": world.team_a,
        "title": "Spring",
        "deadline": IN_THREE_WEEKS,
        "people": [world.bob],
        "self_assessment": True,
    }
    arguments.update(changes)
    return round_open(**arguments)


def _problems(error: ValidationError) -> set[str]:
    return set(error.message_dict)


def test_a_round_opens_for_the_people_chosen(world: World) -> None:
    round = _open(world)
    assert list(round.people.all()) == [world.bob]
    assert round.opened_by == world.alice
    assert round.is_open


def test_a_round_outside_the_profiles_organisation_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        _open(world, organisation=world.municipality_b)
    assert _problems(caught.value) == {"organisation"}


def test_a_round_needs_people_a_mode_and_a_deadline_not_in_the_past(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        _open(
            world,
            people=[],
            self_assessment=False,
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert _problems(caught.value) == {"people", "mode", "deadline"}


def test_a_profile_without_competences_cannot_be_assessed(world: World) -> None:
    empty = Profile.objects.create(organisation=world.municipality_a, name="Empty", id_number="e")
    with pytest.raises(ValidationError) as caught:
        _open(world, profile=empty)
    assert _problems(caught.value) == {"profile"}


def _round_of_bob(world: World):
    return make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob],
        by=world.alice,
    )


def _ratings(round, count: int, level: int = 3) -> dict[int, RatingInput]:
    competences = profile_competences(profile=round.profile)[:count]
    return {c.pk: RatingInput(level=level, comment=f"c{c.pk}") for c in competences}


def test_a_draft_may_leave_competences_unrated(world: World) -> None:
    round = _round_of_bob(world)
    draft = assessment_save(
        by=world.bob,
        round=round,
        kind=Assessment.Kind.SELF,
        person=world.bob,
        ratings=_ratings(round, 2),
        base_version=0,
    )
    assert draft.submitted_at is None
    assert draft.version == 1
    assert draft.ratings.count() == 2


def test_submitting_needs_every_competence_rated(world: World) -> None:
    round = _round_of_bob(world)
    with pytest.raises(ValidationError):
        assessment_save(
            by=world.bob,
            round=round,
            kind=Assessment.Kind.SELF,
            person=world.bob,
            ratings=_ratings(round, 4),
            base_version=0,
            submit=True,
        )
    assert not Assessment.objects.filter(round=round).exists()
    submitted = assessment_save(
        by=world.bob,
        round=round,
        kind=Assessment.Kind.SELF,
        person=world.bob,
        ratings=_ratings(round, 5),
        base_version=0,
        submit=True,
    )
    assert submitted.is_submitted


def test_two_saves_from_the_same_version_conflict_and_the_second_writes_nothing(
    world: World,
) -> None:
    round = _round_of_bob(world)
    first = assessment_save(
        by=world.alice,
        round=round,
        kind=Assessment.Kind.LEADER,
        person=world.bob,
        ratings=_ratings(round, 3, level=2),
        base_version=0,
    )
    with pytest.raises(AssessmentConflict) as caught:
        assessment_save(
            by=world.admin,
            round=round,
            kind=Assessment.Kind.LEADER,
            person=world.bob,
            ratings=_ratings(round, 5, level=5),
            base_version=0,
        )
    assert caught.value.assessment.pk == first.pk
    first.refresh_from_db()
    assert first.version == 1
    assert first.assessor == world.alice
    assert sorted(Rating.objects.filter(assessment=first).values_list("level", flat=True)) == [
        2,
        2,
        2,
    ]


def test_a_closed_round_refuses_ratings_until_reopened(world: World) -> None:
    round = _round_of_bob(world)
    round_close(by=world.alice, round=round)
    with pytest.raises(ValidationError):
        assessment_save(
            by=world.bob,
            round=round,
            kind=Assessment.Kind.SELF,
            person=world.bob,
            ratings=_ratings(round, 1),
            base_version=0,
        )
    assert not Assessment.objects.filter(round=round).exists()
    round_reopen(by=world.alice, round=round, deadline=IN_THREE_WEEKS)
    saved = assessment_save(
        by=world.bob,
        round=round,
        kind=Assessment.Kind.SELF,
        person=world.bob,
        ratings=_ratings(round, 1),
        base_version=0,
    )
    assert saved.version == 1
