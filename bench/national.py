"""A national-scale Trinvis installation for the load benchmark (issue 8, "trust at scale").

Builds, in its own PostgreSQL database (`trinvis_bench_national`, or TRINVIS_BENCH_DATABASE,
on DATABASE_URL's server if that is PostgreSQL, else 127.0.0.1:5432; bench/database.py):
- 455 municipalities (98 Danish, 357 Norwegian), each with three units and a team per unit,
  under no agency; one agency owning the agency's own indicators and questionnaire;
- 60,000 people, each with one membership (a leader per municipality and per unit);
- 2,000 competence rounds (a profile of 8 competences per unit; every person of the unit
  rated by a submitted self-assessment);
- 500 open surveys (one per municipality, the rest again round the municipalities) with
  1,000,000 submitted responses and five answers each;
- 5,000,000 indicator values: the shipped indicators and 20 own ones of the agency, monthly
  from 2015M01 for every municipality and both countries, by gender where the indicator has it.

Through the real migrations and models; the bulk rows go in by COPY (PostgreSQL) or
executemany (SQLite, for the tests), with explicit ids, seeded, so the same scale gives the
same data. Idempotent: a row in `bench_national_build` records the version and scale, and a
build at the same version and scale is kept; any other is dropped and built again.

    .venv/bin/python bench/national.py [--scale 0.01] [--rebuild]

`build(scale)` is the API the load benchmark (bench/load.py) and the tests use; it expects
Django to be set up against the target database.
"""

import argparse
import datetime
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

VERSION = 1
SEED = 8
DATABASE = "trinvis_bench_national"
PASSWORD = "bench-national-password"  # every generated person's (one hash, computed once)
FIRST_YEAR = 2015
DENMARK, NORWAY = 98, 357
FULL = {
    "people": 60_000,
    "rounds": 2_000,
    "surveys": 500,
    "responses": 1_000_000,
    "values": 5_000_000,
}
OWN_INDICATORS = 20
COMPETENCES_PER_PROFILE = 8
UNIT_TYPES = ("refugee_service", "adult_education", "employment")
LIKERT = ("useful", "relevant", "applied")
FORMATS = ("in_person", "online", "mixed")
SOURCE = "Benchmark (national scale)"


@dataclass(frozen=True)
class Counts:
    denmark: int
    norway: int
    people: int
    rounds: int
    surveys: int
    responses: int
    values: int

    @classmethod
    def at(cls, scale: float) -> "Counts":
        def scaled(n: int, least: int = 1) -> int:
            return max(least, round(n * scale))

        return cls(
            denmark=scaled(DENMARK),
            norway=scaled(NORWAY),
            people=scaled(FULL["people"], 20),
            rounds=scaled(FULL["rounds"]),
            surveys=scaled(FULL["surveys"]),
            responses=scaled(FULL["responses"], 10),
            values=scaled(FULL["values"], 100),
        )

    @property
    def municipalities(self) -> int:
        return self.denmark + self.norway


@dataclass
class Municipality:
    pk: int
    country: str
    number: str
    size_class: str
    leader: int = 0
    units: list[int] = field(default_factory=list)  # unit organisation ids
    unit_types: list[str] = field(default_factory=list)
    teams: list[int] = field(default_factory=list)
    unit_leaders: list[int] = field(default_factory=list)
    unit_people: list[list[int]] = field(default_factory=list)  # people (user ids) by unit


@dataclass
class Built:
    """What a build made: counts and the handles the load test needs."""

    counts: Counts
    seconds: float
    reused: bool
    municipalities: list[Municipality]
    rows: dict[str, int]
    # The size classes' figures, computed as the task after an import computes them.
    class_figures: int = 0
    class_figures_seconds: float = 0.0


# --- writing rows -------------------------------------------------------------------------------


def _defaults(table: str, columns: Sequence[str]) -> tuple[list[str], list[Any]]:
    """The columns of the table's model that the rows leave out but that have a default
    (fields added later, by other work, keep the generator running), with those defaults."""
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            break
    else:
        return [], []
    names: list[str] = []
    values: list[Any] = []
    for model_field in model._meta.concrete_fields:
        if model_field.column in columns or not model_field.has_default():
            continue
        default = model_field.get_default()
        names.append(str(model_field.column))
        values.append(json.dumps(default) if isinstance(default, dict | list) else default)
    return names, values


def _copy(table: str, names: str, rows: Iterable[Sequence[Any]]) -> int:
    """Write rows into a table (`names`: its columns, separated by ", "): COPY on PostgreSQL,
    executemany on other databases."""
    from django.db import connection

    columns = names.split(", ")
    extra_columns, extra = _defaults(table, columns)
    columns = [*columns, *extra_columns]
    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row((*row, *extra))
                count += 1
        return count
    marks = ", ".join(["%s"] * len(columns))
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([json.dumps(v) if isinstance(v, dict) else v for v in (*row, *extra)])
            if len(batch) == 5_000:
                cursor.executemany(statement, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
    return count


class Ids:
    """Explicit ids, from one above the table's highest; the sequences are set at the end."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, table: str, count: int = 1) -> int:
        from django.db import connection

        if table not in self.next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
                self.next[table] = cursor.fetchone()[0] + 1
        first = self.next[table]
        self.next[table] += count
        return first

    def set_sequences(self) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in self.next:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )


# --- the parts ---------------------------------------------------------------------------------


def _size_class(population: int) -> str:
    from trinvis.organisations.models import size_class_for

    return size_class_for(population) or ""


def organisations(counts: Counts, ids: Ids, rng: random.Random, now: Any) -> list[Municipality]:
    """Municipalities (numbers in each country's form), three units each, a team per unit."""
    places: list[Municipality] = []
    rows: list[tuple[Any, ...]] = []
    for index in range(counts.municipalities):
        country = "DK" if index < counts.denmark else "NO"
        i = index if country == "DK" else index - counts.denmark
        number = f"{101 + 7 * i:03d}" if country == "DK" else f"{1001 + 11 * i:04d}"
        population = int(rng.lognormvariate(9.6, 0.9)) + 200
        pk = ids.take("organisations_organisation")
        name = f"{'Kommune' if country == 'DK' else 'Kommune (NO)'} {number}"
        rows.append((pk, name, "municipality", f"/{pk}/", 0, country, number, population, ""))
        place = Municipality(pk, country, number, _size_class(population))
        for unit_type in UNIT_TYPES:
            unit = ids.take("organisations_organisation")
            rows.append(
                (
                    unit,
                    f"{unit_type} {number}",
                    "unit",
                    f"/{pk}/{unit}/",
                    1,
                    "",
                    "",
                    None,
                    unit_type,
                )
            )
            team = ids.take("organisations_organisation")
            path = f"/{pk}/{unit}/{team}/"
            rows.append((team, f"Team {number}-{unit}", "team", path, 2, "", "", None, ""))
            place.units.append(unit)
            place.unit_types.append(unit_type)
            place.teams.append(team)
        places.append(place)
    parent = {}
    for row in rows:
        parts = row[3].strip("/").split("/")
        parent[row[0]] = int(parts[-2]) if len(parts) > 1 else None
    _copy(
        "organisations_organisation",
        (
            "id, name, kind, path, depth, country, municipality_number, population, unit_type, "
            "parent_id, created_at, updated_at"
        ),
        ((*row, parent[row[0]], now, now) for row in rows),
    )
    return places


def people(
    counts: Counts, places: list[Municipality], ids: Ids, password: str, now: Any
) -> tuple[int, int]:
    """Users and memberships: a leader per municipality and unit; the rest employees, nine in
    ten in a unit, one in ten in its team. Returns (users, memberships)."""
    leaders = len(places) * (1 + len(UNIT_TYPES))
    employees = max(counts.people - leaders, len(places) * len(UNIT_TYPES))
    total = leaders + employees
    first = ids.take("accounts_user", total)
    first_membership = ids.take("organisations_membership", total)
    users: list[tuple[Any, ...]] = []
    memberships: list[tuple[Any, ...]] = []
    user = first

    def add(organisation: int, role: str) -> int:
        nonlocal user
        pk = user
        users.append(
            (pk, password, False, False, True, now, f"p{pk}@bench.example", f"Person {pk}")
        )
        memberships.append(
            (first_membership + len(memberships), role, True, now, now, pk, organisation)
        )
        user += 1
        return pk

    for place in places:
        place.leader = add(place.pk, "leader")
        for unit in place.units:
            place.unit_leaders.append(add(unit, "leader"))
            place.unit_people.append([])
    slots = [(place, u) for place in places for u in range(len(place.units))]
    for index in range(employees):
        place, u = slots[index % len(slots)]
        in_team = index // len(slots) % 10 == 9
        pk = add(place.teams[u] if in_team else place.units[u], "employee")
        place.unit_people[u].append(pk)
    _copy(
        "accounts_user",
        "id, password, is_superuser, is_staff, is_active, date_joined, email, full_name, language",
        ((*row, "") for row in users),
    )
    _copy(
        "organisations_membership",
        "id, role, is_active, created_at, updated_at, user_id, organisation_id",
        memberships,
    )
    return len(users), len(memberships)


def competences(
    counts: Counts, places: list[Municipality], ids: Ids, rng: random.Random, now: Any
) -> dict[str, int]:
    """A profile per unit that holds a round; rounds over the units in turn, each with every
    person of the unit and a submitted self-assessment with a rating per competence."""
    slots = [(place, u) for place in places for u in range(len(place.units))]
    profiles: dict[int, tuple[int, list[int]]] = {}
    profile_rows, competence_rows, round_rows, people_rows = [], [], [], []
    assessment_rows: list[tuple[Any, ...]] = []
    rating_rows: list[tuple[Any, ...]] = []
    from trinvis.competences.models import Category

    categories = [str(c) for c in Category]
    for r in range(counts.rounds):
        place, u = slots[r % len(slots)]
        unit = place.units[u]
        if unit not in profiles:
            profile = ids.take("competences_profile")
            profile_rows.append(
                (
                    profile,
                    f"Profile {place.number}-{u}",
                    "",
                    "",
                    "",
                    f"P{unit}",
                    2,
                    3,
                    1,
                    now,
                    now,
                    place.unit_leaders[u],
                    unit,
                )
            )
            first = ids.take("competences_competence", COMPETENCES_PER_PROFILE)
            items = list(range(first, first + COMPETENCES_PER_PROFILE))
            competence_rows += [
                (
                    pk,
                    categories[i % len(categories)],
                    f"Competence {i + 1}",
                    "",
                    3 + i % 2,
                    "",
                    f"c{i}",
                    i,
                    profile,
                )
                for i, pk in enumerate(items)
            ]
            profiles[unit] = (profile, items)
        profile, items = profiles[unit]
        pk = ids.take("competences_round")
        deadline = datetime.date(2026, 1, 15) + datetime.timedelta(days=30 * (r // len(slots)))
        round_rows.append(
            (
                pk,
                f"Round {r // len(slots) + 1}",
                True,
                False,
                False,
                deadline,
                7,
                now,
                None,
                None,
                place.unit_leaders[u],
                unit,
                profile,
            )
        )
        persons = place.unit_people[u]
        first_link = ids.take("competences_round_people", len(persons))
        people_rows += [(first_link + i, pk, p) for i, p in enumerate(persons)]
        first_assessment = ids.take("competences_assessment", len(persons))
        for i, person in enumerate(persons):
            assessment = first_assessment + i
            assessment_rows.append((assessment, "self", now, 1, now, person, person, pk))
            first_rating = ids.take("competences_rating", len(items))
            base = rng.randint(1, 5)
            rating_rows += [
                (
                    first_rating + j,
                    min(5, max(1, base + rng.randint(-1, 1))),
                    "",
                    "",
                    assessment,
                    competence,
                )
                for j, competence in enumerate(items)
            ]
    _copy(
        "competences_profile",
        (
            "id, name, applies_to, description, strategy_goal, id_number, "
            "vulnerability_high_below, vulnerability_medium_below, version, created_at, "
            "updated_at, created_by_id, organisation_id"
        ),
        profile_rows,
    )
    _copy(
        "competences_competence",
        "id, category, name, description, expected_level, goal, id_number, position, profile_id",
        competence_rows,
    )
    _copy(
        "competences_round",
        (
            "id, title, self_assessment, leader_assessment, team_assessment, deadline, "
            "reminder_days, opened_at, closed_at, reminded_at, opened_by_id, organisation_id, "
            "profile_id"
        ),
        round_rows,
    )
    _copy("competences_round_people", "id, round_id, user_id", people_rows)
    _copy(
        "competences_assessment",
        "id, kind, submitted_at, version, updated_at, assessor_id, person_id, round_id",
        assessment_rows,
    )
    _copy(
        "competences_rating",
        "id, level, comment, evidence, assessment_id, competence_id",
        rating_rows,
    )
    return {
        "profiles": len(profile_rows),
        "rounds": len(round_rows),
        "assessments": len(assessment_rows),
        "ratings": len(rating_rows),
    }


def questionnaire_definition() -> Any:
    """Five questions on one page: three Likert (with "don't know"), a single choice and a
    0–10 scale."""
    from trinvis.surveys.xlsform import Choice, ChoiceList, QuestionType, likert_choice_list
    from trinvis.surveys.xlsform import Question as Q
    from trinvis.surveys.xlsform import Questionnaire as Definition

    def en(text: str) -> dict[str, str]:
        return {"en": text}

    return Definition(
        title="Participant survey (national benchmark)",
        default_language="en",
        languages=("en",),
        items=(
            *(
                Q(key, QuestionType.LIKERT, en(f"To what extent: {key}?"), choice_list="extent")
                for key in LIKERT
            ),
            Q("format", QuestionType.SINGLE_CHOICE, en("Which format?"), choice_list="format"),
            Q("recommend", QuestionType.SCALE_0_10, en("Would you recommend it?")),
        ),
        choice_lists=(
            likert_choice_list("extent", dont_know=True, languages=("en",)),
            ChoiceList("format", tuple(Choice(v, en(v.replace("_", " "))) for v in FORMATS)),
        ),
    )


def surveys(
    counts: Counts, places: list[Municipality], ids: Ids, rng: random.Random, agency: Any
) -> dict[str, int]:
    """Open surveys round the municipalities; responses spread evenly over them, each from a
    unit of the survey's municipality, with five answers."""
    from trinvis.surveys.models import Question
    from trinvis.surveys.services import questionnaire_create

    questionnaire = questionnaire_create(
        by=None, organisation=agency, definition=questionnaire_definition()
    )
    questions = {q.key: q.pk for q in Question.objects.filter(questionnaire=questionnaire)}
    opened = datetime.datetime(2026, 10, 1, 8, tzinfo=datetime.UTC)
    survey_rows = []
    owners = []
    for s in range(counts.surveys):
        place = places[s % len(places)]
        pk = ids.take("surveys_survey")
        token = f"bench{pk:08d}{rng.getrandbits(64):016x}"
        survey_rows.append(
            (
                pk,
                f"Participant survey {place.number} ({s // len(places) + 1})",
                "",
                "open",
                token,
                None,
                5,
                None,
                opened,
                None,
                None,
                None,
                place.leader,
                place.pk,
                questionnaire.pk,
                None,
            )
        )
        owners.append((pk, place))
    _copy(
        "surveys_survey",
        (
            "id, title, wave, mode, open_token, deadline, minimum_group, retention_days, "
            "opened_at, closed_at, reminded_at, purged_at, opened_by_id, organisation_id, "
            "questionnaire_id, remind_days_before"
        ),
        survey_rows,
    )
    first_response = ids.take("surveys_response", counts.responses)
    answers_per = len(LIKERT) + 2
    first_answer = ids.take("surveys_answer", counts.responses * answers_per)
    roles = ("employee", "leader", "development_consultant", "")

    def responses() -> Iterator[tuple[Any, ...]]:
        for index in range(counts.responses):
            survey, place = owners[index % len(owners)]
            u = index // len(owners) % len(place.units)
            at = opened + datetime.timedelta(minutes=index % (21 * 24 * 60))
            yield (
                (
                    first_response + index,
                    "",
                    "en",
                    "web",
                    at,
                    at,
                    place.country,
                    place.size_class,
                    place.unit_types[u],
                    roles[index % 7 % 4],
                    False,
                    place.pk,
                    place.units[u],
                    survey,
                )
            )

    def answers() -> Iterator[tuple[Any, ...]]:
        answer = first_answer
        for index in range(counts.responses):
            response = first_response + index
            mood = rng.gauss(0, 1)
            for key in LIKERT:
                level = min(5, max(1, round(3.4 + 0.8 * mood + rng.gauss(0, 0.9))))
                choice = "dont_know" if rng.random() < 0.04 else str(level)
                yield answer, choice, None, "", questions[key], response
                answer += 1
            yield answer, FORMATS[index % 3], None, "", questions["format"], response
            score = min(10, max(0, round(6.5 + 1.8 * mood)))
            yield answer + 1, "", score, "", questions["recommend"], response
            answer += 2

    written = _copy(
        "surveys_response",
        (
            "id, form_key, language, source, started_at, submitted_at, country, size_class, "
            "unit_type, role, contact_person, municipality_id, organisation_id, survey_id"
        ),
        responses(),
    )
    answered = _copy(
        "surveys_answer",
        "id, choice, number, text, question_id, response_id",
        answers(),
    )
    return {"surveys": len(survey_rows), "responses": written, "answers": answered}


def indicators(
    counts: Counts, places: list[Municipality], ids: Ids, rng: random.Random, agency: Any, by: Any
) -> dict[str, int]:
    """Areas for both countries and every municipality (linked to it); the shipped indicators
    and the agency's own; monthly values from 2015M01, by gender where the indicator has it,
    up to the value count."""
    from trinvis.indicators import periods
    from trinvis.indicators.library import breakdown_key
    from trinvis.indicators.models import Indicator
    from trinvis.indicators.services import indicators_load
    from trinvis.indicators.services_definitions import DefinitionInput, definition_create

    indicators_load()
    for i in range(OWN_INDICATORS):
        definition_create(
            by=by,
            owner=agency,
            data=DefinitionInput(
                name=f"Own figure {i + 1:02d}",
                unit="percent" if i % 2 else "count",
                direction="higher",
                breakdowns=["gender"] if i % 3 else [],
                source=SOURCE,
                decimals=1 if i % 2 else 0,
            ),
        )
    areas: list[tuple[int, str, bool]] = []  # (id, country, whole country)
    area_rows: list[tuple[Any, ...]] = []
    for country, name in (("DK", "Hele landet"), ("NO", "Hele landet")):
        pk = ids.take("indicators_area")
        area_rows.append((pk, country, "", "country", name, None))
        areas.append((pk, country, True))
    for place in places:
        pk = ids.take("indicators_area")
        area_rows.append(
            (pk, place.country, place.number, "municipality", f"Kommune {place.number}", place.pk)
        )
        areas.append((pk, place.country, False))
    _copy("indicators_area", "id, country, code, kind, name, organisation_id", area_rows)
    chosen = list(Indicator.objects.order_by("pk").values_list("pk", "breakdowns", "decimals"))
    categories: dict[int, list[dict[str, str]]] = {
        pk: [{}] + ([{"gender": "men"}, {"gender": "women"}] if "gender" in dims else [])
        for pk, dims, _d in chosen
    }
    per_month = sum(len(categories[pk]) for pk, _b, _d in chosen) * len(areas)
    months = max(1, math.ceil(counts.values / per_month))
    month_list = [periods.parse(f"{FIRST_YEAR + m // 12}M{m % 12 + 1:02d}") for m in range(months)]
    now = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    first = ids.take("indicators_value", counts.values)

    def values() -> Iterator[tuple[Any, ...]]:
        written = 0
        for pk, _dims, decimals in chosen:
            for area, _country, whole in areas:
                level = rng.uniform(20, 80) * (50 if whole else 1)
                for breakdown in categories[pk]:
                    key = breakdown_key(breakdown)
                    text = json.dumps(breakdown)
                    share = 1.0 if not breakdown else 0.5
                    for m, period in enumerate(month_list):
                        if written == counts.values:
                            return
                        figure = round(level * share * (1 + 0.1 * math.sin(m / 2)), decimals)
                        yield (
                            (
                                first + written,
                                period.text,
                                period.start,
                                text,
                                key,
                                figure,
                                SOURCE,
                                now,
                                area,
                                None,
                                pk,
                            )
                        )
                        written += 1
        # Too few rows for the count: the last indicators' months ran out (not at these sizes).

    written = _copy(
        "indicators_value",
        (
            "id, period, period_start, breakdown, breakdown_key, value, source, imported_at, "
            "area_id, batch_id, indicator_id"
        ),
        values(),
    )
    return {"areas": len(area_rows), "indicators": len(chosen), "values": written}


# --- the build ---------------------------------------------------------------------------------

MARKER = "bench_national_build"


def _marker() -> dict[str, Any] | None:
    from django.db import connection

    if MARKER not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT data FROM {MARKER}")  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def built(scale: float) -> dict[str, Any] | None:
    """The record of a finished build at this version and scale, or None."""
    found = _marker()
    if found and found.get("version") == VERSION and found.get("scale") == scale:
        return found
    return None


def municipalities() -> list[Municipality]:
    """The municipalities of a finished build, read back from the database."""
    from trinvis.organisations.models import Membership, Organisation

    places: dict[int, Municipality] = {}
    for org in Organisation.objects.filter(kind="municipality").order_by("pk"):
        places[org.pk] = Municipality(
            org.pk, org.country, org.municipality_number, org.size_class or ""
        )
    units = Organisation.objects.filter(kind="unit", parent_id__in=places).order_by("pk")
    unit_index: dict[int, tuple[Municipality, int]] = {}
    for unit in units:
        assert unit.parent_id is not None
        place = places[unit.parent_id]
        unit_index[unit.pk] = (place, len(place.units))
        place.units.append(unit.pk)
        place.unit_types.append(unit.unit_type)
        place.unit_leaders.append(0)
        place.unit_people.append([])
    for team in Organisation.objects.filter(kind="team").order_by("pk"):
        assert team.parent_id is not None
        place, _u = unit_index[team.parent_id]
        place.teams.append(team.pk)
    team_unit = {t: place.units[i] for place in places.values() for i, t in enumerate(place.teams)}
    for person, org_pk, role in Membership.objects.order_by("pk").values_list(
        "user_id", "organisation_id", "role"
    ):
        if org_pk in places and role == "leader":
            places[org_pk].leader = person
            continue
        unit_pk = team_unit.get(org_pk, org_pk)
        if unit_pk in unit_index:
            place, u = unit_index[unit_pk]
            if role == "leader" and org_pk == unit_pk:
                place.unit_leaders[u] = person
            else:
                place.unit_people[u].append(person)
    return list(places.values())


def build(scale: float = 1.0, *, log: Any = print) -> Built:
    """Build the installation at `scale` into Django's default database (migrated), or keep
    the one there when it was built at the same version and scale. Raises if the database
    holds a different build or other data: use a fresh database (`prepare_database`)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from trinvis.accounts.models import User
    from trinvis.organisations.models import Membership, Organisation

    counts = Counts.at(scale)
    found = built(scale)
    if found is not None:
        return Built(counts, found["seconds"], True, municipalities(), found["rows"])
    if Organisation.objects.exists():
        raise RuntimeError("the database holds other data: build into a fresh one")
    started = time.perf_counter()
    rng = random.Random(f"{SEED}:{scale}")
    now = timezone.now()
    ids = Ids()
    rows: dict[str, int] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Check the foreign keys row by row while copying, not all at the commit (a
            # queue of millions of deferred checks).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        agency = Organisation.objects.create(name="National agency", kind="agency", path="")
        agency.path = f"/{agency.pk}/"
        agency.save(update_fields=["path"])
        facilitator = User.objects.create_user(
            email="facilitator@bench.example", password=PASSWORD, full_name="Facilitator"
        )
        Membership.objects.create(user=facilitator, organisation=agency, role="facilitator")
        password = make_password(PASSWORD)
        step = time.perf_counter()
        places = organisations(counts, ids, rng, now)
        rows["organisations"] = len(places) * (1 + 2 * len(UNIT_TYPES)) + 1
        rows["users"], rows["memberships"] = people(counts, places, ids, password, now)
        log(f"  organisations and people: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        rows.update(competences(counts, places, ids, rng, now))
        log(f"  competence rounds: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        rows.update(surveys(counts, places, ids, rng, agency))
        log(f"  surveys, responses, answers: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        rows.update(indicators(counts, places, ids, rng, agency, facilitator))
        log(f"  indicator values: {time.perf_counter() - step:.1f} s")
        ids.set_sequences()
    if connection.vendor == "postgresql":
        step = time.perf_counter()
        # As autovacuum leaves a database that has been running: statistics, and the
        # visibility map that lets index-only scans skip the tables (VACUUM cannot run in a
        # transaction, where the tests build).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(command)
        log(f"  {command}: {time.perf_counter() - step:.1f} s")
    seconds = time.perf_counter() - started
    record = {"version": VERSION, "scale": scale, "seconds": seconds, "rows": rows}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (data text NOT NULL)")
        cursor.execute(f"DELETE FROM {MARKER}")  # noqa: S608
        cursor.execute(f"INSERT INTO {MARKER} (data) VALUES (%s)", [json.dumps(record)])  # noqa: S608
    return Built(counts, seconds, False, places, rows)


def database_name(scale: float) -> str:
    """The full build in `trinvis_bench_national`, a smaller one beside it."""
    name = os.environ.get("TRINVIS_BENCH_DATABASE", DATABASE)
    return name if scale == 1.0 else f"{name}_{str(scale).replace('.', '_')}"


def prepare_database(scale: float, *, rebuild: bool = False) -> str:
    """Point Django at the build's database (before `django.setup()`), creating it if it is
    missing and dropping it first when it holds another version's build (or `rebuild`).
    Returns the database URL."""
    import psycopg
    from psycopg import sql

    from bench.database import server_url, with_database

    server = server_url()
    name = database_name(scale)
    url = with_database(server, name)
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not rebuild:
            with psycopg.connect(url, connect_timeout=5) as db:
                marker = db.execute(
                    "SELECT 1 FROM information_schema.tables WHERE table_name = %s", [MARKER]
                ).fetchone()
                record = (
                    db.execute(f"SELECT data FROM {MARKER}").fetchone()  # noqa: S608
                    if marker
                    else None
                )
            data = json.loads(record[0]) if record else None
            if not data or data.get("version") != VERSION or data.get("scale") != scale:
                rebuild = True
        if exists and rebuild:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = url
    return url


def configure_environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("DJANGO_HTTPS", "false")
    os.environ.setdefault("TRINVIS_TASK_BACKEND", "django_tasks.backends.dummy.DummyBackend")


def setup(scale: float, *, rebuild: bool = False) -> Built:
    """Create or reuse the database, migrate it, build (or keep) the data."""
    configure_environment()
    prepare_database(scale, rebuild=rebuild)
    os.environ["DATABASE_CONN_MAX_AGE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    built = build(scale)
    # The values were written by COPY, not imported: run what an import's task runs.
    from trinvis.indicators.models import Indicator
    from trinvis.indicators.services_class_figures import class_figures_refresh

    started = time.perf_counter()
    built.class_figures = class_figures_refresh.call(
        indicator_ids=list(Indicator.objects.values_list("pk", flat=True))
    )
    built.class_figures_seconds = time.perf_counter() - started
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    result = setup(args.scale, rebuild=args.rebuild)
    state = "kept (built before)" if result.reused else "built"
    print(
        f"national data at scale {args.scale}: {state}; generation took {result.seconds:.0f} s "
        f"(this run {time.perf_counter() - started:.0f} s)"
    )
    for name, count in result.rows.items():
        print(f"  {name}: {count:,}")


if __name__ == "__main__":
    main()
