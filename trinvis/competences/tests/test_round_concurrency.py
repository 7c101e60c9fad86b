"""Two people saving the same assessment at the same moment: one wins, one is told.

Needs PostgreSQL: SQLite serialises writers, so the race does not happen there. Run with
`DATABASE_URL=postgres://… pytest --create-db` on this file.
"""

import threading

import pytest
from django.db import connection

from conftest import World
from trinvis.competences.models import Assessment, Rating
from trinvis.competences.selectors import profile_competences
from trinvis.competences.services.rounds import AssessmentConflict, RatingInput, assessment_save
from trinvis.competences.tests.factories import make_profile, make_round

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_saves_make_one_assessment_and_one_conflict(
    world: World,
) -> None:
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob],
        by=world.alice,
    )
    competences = profile_competences(profile=round.profile)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(by, level: int) -> None:
        try:
            start.wait(timeout=10)
            assessment_save(
                by=by,
                round=round,
                kind=Assessment.Kind.LEADER,
                person=world.bob,
                ratings={c.pk: RatingInput(level=level) for c in competences},
                base_version=0,
            )
            outcomes.append("saved")
        except AssessmentConflict:
            outcomes.append("conflict")
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(world.alice, 2)),
        threading.Thread(target=save, args=(world.admin, 5)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["conflict", "saved"]
    [assessment] = Assessment.objects.filter(round=round, kind=Assessment.Kind.LEADER)
    assert assessment.version == 1
    levels = set(Rating.objects.filter(assessment=assessment).values_list("level", flat=True))
    assert len(levels) == 1  # the winner's ratings only, none mixed in from the loser
    assert Rating.objects.filter(assessment=assessment).count() == len(competences)
