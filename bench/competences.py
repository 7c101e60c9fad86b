"""Benchmark of the competence matrix: a unit of 300 people × 60 competences, three rounds.

The matrix page is timed against the bare SQL it needs (every submitted rating of the round:
kind, person, competence, level) in the same run, and against the framework floor. A small
unit (12 people × 10 competences) beside it shows that the query count does not grow.
"""

import datetime
import statistics
import time
from collections.abc import Callable

from django.db import connection, reset_queries
from django.test import Client
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.competences.models import Assessment, Category, Competence, Profile, Rating, Round
from trinvis.competences.selectors import submitted_ratings
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.services import organisation_create

ROUNDS = 3
CATEGORIES = list(Category)


def _level(person: int, competence: int, round: int, *, leader: bool) -> int:
    """Spread over the scale; the leader agrees with the person's own rating except for about
    one pair in 37, where the two are two levels apart (a conversation point)."""
    level = 1 + (person * 7 + competence * 3 + round) % 5
    if leader and (person + competence) % 37 == 0:
        return level + 2 if level <= 3 else level - 2
    return level


def build(*, municipality: Organisation, tag: str, people: int, competences: int) -> Round:
    """A unit with `people` employees, a profile of `competences`, and ROUNDS full rounds."""
    unit = organisation_create(by=None, parent=municipality, name=f"Matrix unit {tag}", kind="unit")
    leader = User.objects.create_user(
        email=f"matrix-leader-{tag}@example.org", password="x", full_name="Matrix Leader"
    )
    Membership.objects.create(user=leader, organisation=unit, role="leader")
    staff = User.objects.bulk_create(
        User(email=f"m{tag}-{i}@example.org", full_name=f"Person {i:03d}") for i in range(people)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=unit, role="employee") for user in staff
    )
    profile = Profile.objects.create(organisation=unit, name=f"Profile {tag}", id_number=tag)
    rows = Competence.objects.bulk_create(
        Competence(
            profile=profile,
            category=CATEGORIES[i % 4],
            name=f"Competence {i:02d}",
            expected_level=3 + i % 2,
            id_number=f"c{i}",
            position=i,
        )
        for i in range(competences)
    )
    now = timezone.now()
    last = None
    for r in range(ROUNDS):
        last = Round.objects.create(
            profile=profile,
            organisation=unit,
            title=f"Round {r + 1}",
            self_assessment=True,
            leader_assessment=True,
            deadline=datetime.date(2027, 1 + r, 1),
            opened_by=leader,
        )
        last.people.set(staff)
        assessments = Assessment.objects.bulk_create(
            Assessment(round=last, kind=kind, person=person, assessor=leader, submitted_at=now)
            for person in staff
            for kind in ("self", "leader")
        )
        Rating.objects.bulk_create(
            (
                Rating(assessment=a, competence=c, level=_level(i // 2, j, r, leader=i % 2 == 1))
                for i, a in enumerate(assessments)
                for j, c in enumerate(rows)
            ),
            batch_size=5000,
        )
    assert last is not None
    return last


def _median_ms(action: Callable[[], object], repeat: int) -> tuple[float, int]:
    action()
    times = []
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(connection.queries)


def measure(municipality: Organisation, repeat: int) -> list[tuple[str, str, float, float, int]]:
    sizes = {
        "12 × 10": build(municipality=municipality, tag="small", people=12, competences=10),
        "300 × 60": build(municipality=municipality, tag="large", people=300, competences=60),
    }
    rows = []
    for size, round in sizes.items():
        client = Client()
        assert round.opened_by is not None
        client.force_login(round.opened_by)

        def get(url: str, client: Client = client) -> Callable[[], object]:
            def action() -> object:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response

            return action

        def bare_sql(round: Round = round) -> object:
            return list(submitted_ratings(round=round))

        floor, floor_queries = _median_ms(get("/healthz"), repeat)
        sql, sql_queries = _median_ms(bare_sql, repeat)
        rows.append(("healthz (floor)", size, floor, floor / sql, floor_queries))
        rows.append(("bare SQL: the round's ratings", size, sql, 1.0, sql_queries))
        for name, url in (
            ("matrix page", f"/competences/rounds/{round.pk}/matrix/"),
            ("needs page", f"/competences/rounds/{round.pk}/needs/"),
            ("matrix API (figures)", f"/api/competences/rounds/{round.pk}/matrix"),
        ):
            ms, queries = _median_ms(get(url), repeat)
            rows.append((name, size, ms, ms / sql, queries))
    return rows
