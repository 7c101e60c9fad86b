"""Benchmark of a survey's results on PostgreSQL: 40 questions, 100,000 responses.

Creates a fresh PostgreSQL database (`trinvis_bench`, or TRINVIS_BENCH_DATABASE, on the
server of DATABASE_URL when that is PostgreSQL, else on postgres://postgres@127.0.0.1:5432),
migrates it, loads the survey with COPY (data setup, not measured) and drops the database at
the end. Skips with a message when PostgreSQL does not answer, so `make bench` still runs
on a machine without it.

Measured side by side in one run, repetitions interleaved, medians:
- the whole results page through Django's test client, with no breakdown and by two
  attributes, and within the same request the analysis it computes (`survey_results`);
- the bare SQL the page needs, written by hand (`connection.cursor()`): answers per question,
  option and segment; responses per question and segment (distinct only where a response has
  several rows: multiple choice); count and sum
  of the numbers; respondents per segment; the municipalities line; the first page of open
  answers;
- a naive pandas reading of the same answer rows joined with the response attributes, and
  the same counts and means computed with groupby;
- the query count of the page at 1,000 and at 100,000 responses;
- importing the 100,000 responses again from a CSV file with `imports.responses_import`.

Prints Markdown; copy it into bench/RESULTS.md with the machine and date.
`--responses 5000` makes a quick run; `--keep` leaves the database for profiling.
"""

import argparse
import csv
import datetime
import functools
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402

DATABASE_NAME = "trinvis_bench"
SEED = 6
SMALL = 1_000  # responses in the survey that shows the query count does not grow
REPEAT = 3  # interleaved repetitions of every measurement on the large survey
REPEAT_SMALL = 10
REPEAT_PANDAS = 2
BREAKDOWNS: tuple[str | None, ...] = (None, "size_class", "role")
Value = TypeVar("Value")


SERVER, NAME = database.configure(DATABASE_NAME)

import django  # noqa: E402

django.setup()

import pandas as pd  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from trinvis.accounts.models import User  # noqa: E402
from trinvis.core.imports.reading import normalise_heading  # noqa: E402
from trinvis.organisations.models import Membership, Organisation  # noqa: E402
from trinvis.organisations.services import organisation_create  # noqa: E402
from trinvis.surveys.imports import responses_import  # noqa: E402
from trinvis.surveys.models import Question, Questionnaire, Survey  # noqa: E402
from trinvis.surveys.results import SurveyResults, survey_results  # noqa: E402
from trinvis.surveys.services import questionnaire_create  # noqa: E402
from trinvis.surveys.views import results as results_views  # noqa: E402
from trinvis.surveys.xlsform import (  # noqa: E402
    Choice,
    ChoiceList,
    MatrixItem,
    QuestionType,
    likert_choice_list,
)
from trinvis.surveys.xlsform import Question as Q  # noqa: E402
from trinvis.surveys.xlsform import Questionnaire as Definition  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- the questionnaire ----------------------------------------------------------------------

FORMATS = ("in_person", "online", "mixed")
SESSIONS = ("one", "two", "three", "four_or_more")
GOALS = ("labour", "language", "cooperation", "health", "housing", "network")
TOPICS = ("law", "methods", "cases", "data", "language", "culture", "digital", "leadership")
BARRIERS = ("time", "money", "staff", "support", "tools", "other")
BENEFIT = (
    *("talks", "groups", "cases", "material", "network"),
    *("tools", "plans", "feedback", "visits", "follow_up"),
)
PRACTICE = (
    *("goals", "plans", "meetings", "data", "language"),
    *("employers", "health", "housing", "volunteers", "evaluation"),
)
SCALES = ("recommend", "satisfaction", "confidence", "cooperation_score")
TEXTS = (
    "More time for group work.",
    "Good to meet the other municipalities.",
    "Hard to follow up afterwards.",
    "The cases were close to our own work.",
    "Too many slides.",
    "We need the material in our own language.",
    "The leaders should take part too.",
    "Useful tools for the plans.",
    "The online sessions worked less well.",
    "Please repeat it next year.",
)


def _en(text: str) -> dict[str, str]:
    return {"en": text}


def definition() -> Definition:
    """40 answerable questions: 4 Likert questions and two matrices of 10 Likert items, all
    with "don't know"; 4 single choice (two yes/no); 4 multiple choice (two over the same
    goals, so the page compares them); 4 0–10 scales; 2 numbers; 2 open texts."""
    likert = [
        Q(key, QuestionType.LIKERT, _en(f"To what extent: {key}?"), choice_list="extent")
        for key in ("useful", "relevant", "organised", "applied")
    ]
    matrices = [
        Q(
            name,
            QuestionType.MATRIX,
            _en(f"How much: {name}?"),
            choice_list="extent",
            items=tuple(MatrixItem(item, _en(item.replace("_", " ").title())) for item in items),
        )
        for name, items in (("benefit", BENEFIT), ("practice", PRACTICE))
    ]
    single = [
        Q("worked_further", QuestionType.SINGLE_CHOICE, _en("Worked further?"), choice_list="yn"),
        Q("changes", QuestionType.SINGLE_CHOICE, _en("Seen changes?"), choice_list="yn"),
        Q("format", QuestionType.SINGLE_CHOICE, _en("Which format?"), choice_list="format"),
        Q("sessions", QuestionType.SINGLE_CHOICE, _en("Sessions attended"), choice_list="sessions"),
    ]
    multiple = [
        Q(key, QuestionType.MULTIPLE_CHOICE, _en(label), choice_list=choices)
        for key, label, choices in (
            ("goals_set", "Goals set", "goals"),
            ("goals_worked", "Goals worked on", "goals"),
            ("topics", "Topics wanted", "topics"),
            ("barriers", "Barriers", "barriers"),
        )
    ]
    scales = [Q(key, QuestionType.SCALE_0_10, _en(key.title())) for key in SCALES]
    rest = [
        Q("years", QuestionType.INTEGER, _en("Years in the job")),
        Q("hours", QuestionType.DECIMAL, _en("Hours spent a week")),
        Q("improve", QuestionType.LONG_TEXT, _en("What could be better?")),
        Q("comments", QuestionType.LONG_TEXT, _en("Other comments")),
    ]

    def options(name: str, values: Sequence[str]) -> ChoiceList:
        return ChoiceList(name, tuple(Choice(v, _en(v.replace("_", " ").title())) for v in values))

    return Definition(
        title="Participant survey (benchmark)",
        default_language="en",
        languages=("en",),
        items=(*likert, *matrices, *single, *multiple, *scales, *rest),
        choice_lists=(
            likert_choice_list("extent", dont_know=True, languages=("en",)),
            options("yn", ("yes", "no")),
            options("format", FORMATS),
            options("sessions", SESSIONS),
            options("goals", GOALS),
            options("topics", TOPICS),
            options("barriers", BARRIERS),
        ),
    )


# --- organisations and respondents ----------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A municipality, its units (organisation id, unit type) and its share of respondents."""

    municipality: int
    country: str
    size_class: str
    units: tuple[tuple[int, str], ...]
    weight: float


UNIT_TYPES = ("refugee_service", "adult_education", "employment")
ROLES = ("employee", "leader", "development_consultant", "contact_person", "")
ROLE_WEIGHTS = (68, 14, 8, 5, 5)
ROLE_MOOD = {"leader": 0.3, "development_consultant": 0.2, "contact_person": 0.1}
SIZE_MOOD = {"small": 0.2, "medium": 0.0, "large": -0.15}


def organisations(rng: random.Random) -> tuple[Organisation, list[Place]]:
    """An agency with 100 municipalities (60 Danish, 40 Norwegian), three units each."""
    agency = organisation_create(by=None, parent=None, name="Bench agency", kind="agency")
    places = []
    for index in range(100):
        country = "DK" if index < 60 else "NO"
        population = int(rng.lognormvariate(9.8, 1.0))
        municipality = organisation_create(
            by=None,
            parent=agency,
            name=f"Kommune {index:03d}",
            kind="municipality",
            country=country,
            municipality_number=f"{100 + index:03d}" if country == "DK" else f"{3000 + index}",
            population=population,
        )
        units = tuple(
            (
                organisation_create(
                    by=None,
                    parent=municipality,
                    name=f"{unit_type} {index:03d}",
                    kind="unit",
                    unit_type=unit_type,
                ).pk,
                unit_type,
            )
            for unit_type in UNIT_TYPES
        )
        size = (
            "small"
            if population < Organisation.SMALL_BELOW
            else "medium"
            if population < Organisation.LARGE_FROM
            else "large"
        )
        places.append(Place(municipality.pk, country, size, units, population**0.5))
    return agency, places


def _likert(rng: random.Random, mood: float, offset: float) -> str:
    if rng.random() < 0.04:
        return "dont_know"
    value = round(3.4 + 0.8 * mood + offset + rng.gauss(0, 0.9))
    return str(min(5, max(1, value)))


def _picks(rng: random.Random, options: Sequence[str], chance: float) -> list[str]:
    chosen = [option for option in options if rng.random() < chance]
    return chosen or [rng.choice(options)]


NULL = r"\N"  # COPY's text format for a missing value


def respondents(
    *, rng: random.Random, count: int, first_id: int, survey: Survey, places: Sequence[Place]
) -> Iterator[tuple[str, str]]:
    """Chunks of COPY text (responses, answers), 5,000 respondents at a time. A respondent's
    answers lean on one "mood" that depends a little on role and municipality size, so the
    breakdowns differ; each Likert item has its own difficulty."""
    questions = list(Question.objects.filter(questionnaire=survey.questionnaire))
    pk = {q.key: q.pk for q in questions}
    likert = [(q.pk, rng.uniform(-0.6, 0.4)) for q in questions if q.kind == "likert"]
    weights = [place.weight for place in places]
    opened = datetime.datetime(2026, 10, 1, 8, tzinfo=datetime.UTC)
    response_lines: list[str] = []
    answers: list[str] = []
    for index in range(count):
        response = first_id + index
        place = rng.choices(places, weights)[0]
        unit, unit_type = rng.choice(place.units) if rng.random() < 0.97 else (NULL, "")
        role = rng.choices(ROLES, ROLE_WEIGHTS)[0]
        size = place.size_class if rng.random() < 0.98 else ""
        contact = rng.choices(("t", "f", NULL), (10, 82, 8))[0]
        at = (opened + datetime.timedelta(minutes=rng.randrange(21 * 24 * 60))).isoformat()
        response_lines.append(
            f"{response}\t{survey.pk}\t\tda\tweb\t{at}\t{at}\t{unit}\t{place.municipality}"
            f"\t{place.country}\t{size}\t{unit_type}\t{role}\t{contact}\n"
        )
        mood = rng.gauss(0, 1) + ROLE_MOOD.get(role, 0) + SIZE_MOOD.get(size, 0)
        chosen = f"{response}\t{{}}\t{{}}\t{NULL}\t\n".format
        number = f"{response}\t{{}}\t\t{{}}\t\n".format
        for question, offset in likert:
            if rng.random() >= 0.02:
                answers.append(chosen(question, _likert(rng, mood, offset)))
        worked = "yes" if rng.random() < 0.7 + 0.1 * mood else "no"
        answers.append(chosen(pk["worked_further"], worked))
        if rng.random() < 0.95:
            changes = "yes" if rng.random() < 0.45 + 0.15 * mood else "no"
            answers.append(chosen(pk["changes"], changes))
        answers.append(chosen(pk["format"], rng.choices(FORMATS, (5, 2, 3))[0]))
        answers.append(chosen(pk["sessions"], rng.choices(SESSIONS, (2, 3, 4, 2))[0]))
        goals = _picks(rng, GOALS, 0.35)
        answers += [chosen(pk["goals_set"], goal) for goal in goals]
        answers += [chosen(pk["goals_worked"], goal) for goal in goals if rng.random() < 0.7]
        if rng.random() < 0.9:
            answers += [chosen(pk["topics"], topic) for topic in _picks(rng, TOPICS, 0.2)]
        if worked == "no" or rng.random() < 0.4:
            answers += [chosen(pk["barriers"], b) for b in _picks(rng, BARRIERS, 0.25)]
        for key in SCALES:
            if rng.random() < 0.97:
                score = min(10, max(0, round(6.5 + 1.8 * mood + rng.gauss(0, 1.5))))
                answers.append(number(pk[key], score))
        answers.append(number(pk["years"], int(rng.expovariate(1 / 9))))
        if rng.random() < 0.9:
            answers.append(number(pk["hours"], f"{rng.uniform(0, 12):.1f}"))
        for key, chance in (("improve", 0.35), ("comments", 0.15)):
            if rng.random() < chance:
                text = " ".join(rng.sample(TEXTS, rng.randint(1, 3)))
                answers.append(f"{response}\t{pk[key]}\t\t{NULL}\t{text}\n")
        if len(response_lines) == 5_000 or index == count - 1:
            yield "".join(response_lines), "".join(answers)
            response_lines, answers = [], []


# --- loading ----------------------------------------------------------------------------------

RESPONSE_COLUMNS = (
    "id, survey_id, form_key, language, source, started_at, submitted_at, organisation_id, "
    "municipality_id, country, size_class, unit_type, role, contact_person"
)
ANSWER_COLUMNS = "response_id, question_id, choice, number, text"


def make_survey(agency: Organisation, title: str, questionnaire: Questionnaire) -> Survey:
    return Survey.objects.create(
        questionnaire=questionnaire,
        organisation=agency,
        title=title,
        mode=Survey.Mode.OPEN,
        minimum_group=5,
    )


def load(*, survey: Survey, places: Sequence[Place], count: int, first_id: int) -> None:
    """COPY the generated responses and answers straight into their tables."""
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    rng = random.Random(SEED + first_id)
    with raw.cursor() as cursor:
        for responses, answers in respondents(
            rng=rng, count=count, first_id=first_id, survey=survey, places=places
        ):
            with cursor.copy(f"COPY surveys_response ({RESPONSE_COLUMNS}) FROM STDIN") as copy:
                copy.write(responses)
            with cursor.copy(f"COPY surveys_answer ({ANSWER_COLUMNS}) FROM STDIN") as copy:
                copy.write(answers)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('surveys_response', 'id'), "
            "(SELECT max(id) FROM surveys_response))"
        )


# --- what is measured ------------------------------------------------------------------------

# The segment columns the bare SQL groups by (a fixed list: they go into the SQL text).
SEGMENTS = {None: "", "size_class": "r.size_class", "role": "r.role"}
ANSWERS = (
    "FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
    "WHERE r.survey_id = %s AND r.submitted_at IS NOT NULL"
)


@dataclass(frozen=True)
class Kinds:
    """The question ids the bare SQL needs, read with the questions."""

    scale: list[int]
    numbers: list[int]
    multiple: list[int]
    yes_no: list[int]
    first_text: int


def bare_questions(survey: Survey) -> Kinds:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, key FROM surveys_question WHERE questionnaire_id = %s "
            "ORDER BY position",
            [survey.questionnaire_id],
        )
        rows = cursor.fetchall()
    return Kinds(
        scale=[pk for pk, kind, _key in rows if kind == "scale_0_10"],
        numbers=[pk for pk, kind, _key in rows if kind in ("integer", "decimal")],
        multiple=[pk for pk, kind, _key in rows if kind == "multiple_choice"],
        yes_no=[pk for pk, _kind, key in rows if key in ("worked_further", "changes")],
        first_text=next(pk for pk, kind, _key in rows if kind in ("short_text", "long_text")),
    )


def bare_analysis(survey: Survey, by: str | None) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the analysis needs from the database, by hand: the questions; answers per
    question, option (a 0–10 answer: its number) and segment; responses per question and
    segment; count and sum of the numbers; respondents per segment; distinct municipalities
    overall and among those who answered yes to a yes/no question.

    Responses per question are counted as the analysis counts them: distinct only for the
    multiple-choice questions, the only ones where a response has several rows, and by
    count(*) for the rest."""
    kinds = bare_questions(survey)
    segment = SEGMENTS[by]
    column = f", {segment}" if segment else ""
    group = ", 2" if segment else ""
    per_segment = " GROUP BY 2" if segment else ""
    n = 2 if segment else 1
    found: dict[str, list[tuple[Any, ...]]] = {}
    queries: tuple[tuple[str, str, list[Any]], ...] = (
        (
            "options",
            f"SELECT a.question_id{column}, a.choice, a.number, count(*) {ANSWERS} "
            f"AND (a.choice <> '' OR a.question_id = ANY(%s)) "
            f"GROUP BY 1{group}, {n + 1}, {n + 2}",
            [survey.pk, kinds.scale],
        ),
        (
            "respondents",
            f"SELECT a.question_id{column}, count(*) {ANSWERS} "
            f"AND a.question_id <> ALL(%s) GROUP BY 1{group} UNION ALL "
            f"SELECT a.question_id{column}, count(DISTINCT a.response_id) {ANSWERS} "
            f"AND a.question_id = ANY(%s) GROUP BY 1{group}",
            [survey.pk, kinds.multiple, survey.pk, kinds.multiple],
        ),
        (
            "numbers",
            f"SELECT a.question_id{column}, count(*), sum(a.number) {ANSWERS} "
            f"AND a.question_id = ANY(%s) AND a.number IS NOT NULL GROUP BY 1{group}",
            [survey.pk, kinds.numbers],
        ),
        (
            "segments",
            # The segment column comes from SEGMENTS, a fixed list.
            f"SELECT count(*){column} FROM surveys_response r "  # noqa: S608
            "WHERE r.survey_id = %s "
            f"AND r.submitted_at IS NOT NULL{per_segment}",
            [survey.pk],
        ),
        (
            "municipalities",
            "SELECT count(DISTINCT municipality_id), count(municipality_id) "
            "FROM surveys_response WHERE survey_id = %s AND submitted_at IS NOT NULL",
            [survey.pk],
        ),
        (
            "meeting",
            "SELECT a.question_id, count(DISTINCT r.municipality_id), "
            f"count(DISTINCT a.response_id) {ANSWERS} AND a.question_id = ANY(%s) "
            "AND a.choice = 'yes' AND r.municipality_id IS NOT NULL GROUP BY 1",
            [survey.pk, kinds.yes_no],
        ),
    )
    with connection.cursor() as cursor:
        for name, query, params in queries:
            cursor.execute(query, params)
            found[name] = cursor.fetchall()
    return found


def bare_open_answers(survey: Survey) -> tuple[int, list[str]]:
    """The first page of the first open question's answers, alphabetically, and their count."""
    kinds = bare_questions(survey)
    texts = f"{ANSWERS} AND a.question_id = %s AND a.text <> ''"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {texts}", [survey.pk, kinds.first_text])
        (count,) = cursor.fetchone()
        cursor.execute(
            f"SELECT a.text {texts} ORDER BY a.text, a.id LIMIT 20", [survey.pk, kinds.first_text]
        )
        return count, [text for (text,) in cursor.fetchall()]


def pandas_frame(survey: Survey) -> pd.DataFrame:
    """The naive way: every answer row with its response's attributes, into a DataFrame."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pandas prefers SQLAlchemy; psycopg works
        frame = pd.read_sql(
            "SELECT a.response_id, a.question_id, a.choice, a.number::float8 AS number, a.text, "
            f"r.size_class, r.role, r.municipality_id {ANSWERS.replace('%s', '%(survey)s')}",
            connection.connection,
            params={"survey": survey.pk},
        )
    kinds = dict(
        Question.objects.filter(questionnaire=survey.questionnaire).values_list("pk", "kind")
    )
    frame["kind"] = frame["question_id"].map(kinds)
    return frame


def pandas_figures(frame: pd.DataFrame, by: str | None) -> dict[str, Any]:
    """The same counts and means as the analysis, with groupby."""
    keys = ["question_id", *([by] if by else [])]
    scale = frame["kind"] == "scale_0_10"
    options = frame[(frame["choice"] != "") | scale].assign(
        option=lambda f: f["choice"].where(
            f["kind"] != "scale_0_10", f["number"].map("{:.0f}".format)
        )
    )
    likert = frame[frame["kind"] == "likert"]
    numeric = frame[frame["kind"].isin(["integer", "decimal", "scale_0_10"])]
    responses = frame.drop_duplicates("response_id")
    return {
        "options": options.groupby([*keys, "option"]).size(),
        "respondents": frame.groupby(keys)["response_id"].nunique(),
        "likert_means": pd.to_numeric(likert["choice"], errors="coerce")
        .groupby([likert[k] for k in keys])
        .mean(),
        "number_means": numeric.groupby(keys)["number"].agg(["count", "sum", "mean"]),
        "segments": responses.groupby(by).size() if by else len(responses),
        "municipalities": responses["municipality_id"].nunique(),
    }


# --- the import -------------------------------------------------------------------------------


def write_csv(survey: Survey, path: Path) -> None:
    """The survey's responses as another survey tool exports them: one row per respondent,
    the attributes (the municipality by its number), then a column per question (a multiple
    choice's options separated by ";"). Written by PostgreSQL from the loaded rows."""
    columns: list[sql.Composable] = [
        sql.SQL(column)
        for column in (
            "m.municipality_number AS municipality",
            "r.size_class",
            "r.role",
            "r.unit_type",
            "CASE r.contact_person WHEN true THEN 'yes' WHEN false THEN 'no' END AS contact_person",
            "r.country",
        )
    ]
    for question in Question.objects.filter(questionnaire=survey.questionnaire):
        value = {
            "multiple_choice": "string_agg(a.choice, ';' ORDER BY a.choice)",
            "scale_0_10": "max(trim_scale(a.number)::text)",
            "integer": "max(trim_scale(a.number)::text)",
            "decimal": "max(trim_scale(a.number)::text)",
            "long_text": "max(a.text)",
            "short_text": "max(a.text)",
        }.get(question.kind, "max(a.choice)")
        columns.append(
            sql.SQL(value + " FILTER (WHERE a.question_id = {}) AS {}").format(
                sql.Literal(question.pk), sql.Identifier(question.key)
            )
        )
    query = sql.SQL(
        "COPY (SELECT {} FROM surveys_response r "
        "JOIN surveys_answer a ON a.response_id = r.id "
        "LEFT JOIN organisations_organisation m ON m.id = r.municipality_id "
        "WHERE r.survey_id = {} GROUP BY r.id, m.municipality_number "
        "ORDER BY r.id) TO STDOUT WITH (FORMAT csv, HEADER)"
    ).format(sql.SQL(", ").join(columns), sql.Literal(survey.pk))
    raw = connection.connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(query) as copy, path.open("wb") as out:
        for chunk in copy:
            out.write(chunk)


def measure_import(
    *, source: Survey, target: Survey, by: User, directory: Path
) -> tuple[float, int, int, float]:
    """Import the source survey's CSV into the target with the importer (one run: it writes
    as many rows as the load): seconds, responses, answers, file size in MB."""
    path = directory / "responses.csv"
    write_csv(source, path)
    with path.open(encoding="utf-8", newline="") as file:
        headings = next(csv.reader(file))
    attributes = {"municipality", "size_class", "role", "unit_type", "contact_person", "country"}
    columns = {
        normalise_heading(h): f"attribute:{h}" if h in attributes else f"question:{h}"
        for h in headings
    }
    start = time.perf_counter()
    result = responses_import(by=by, survey=target, rows_source=path, columns=columns)
    elapsed = time.perf_counter() - start
    return elapsed, result.responses, result.answers, path.stat().st_size / 1e6


# --- the run ----------------------------------------------------------------------------------


def _timed(action: Callable[[], Value]) -> tuple[float, int, Value]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        value = action()
        elapsed = time.perf_counter() - start
    return elapsed * 1000, len(queries), value


@dataclass
class Measured:
    """The times (ms) of one measurement over the repetitions, and its query count."""

    times: list[float]
    queries: int = 0

    @property
    def ms(self) -> float:
        return statistics.median(self.times)


def measure(
    survey: Survey, client: Client, repeat: int
) -> tuple[dict[tuple[str, str | None], Measured], SurveyResults]:
    """Every measurement for every breakdown once per repetition, interleaved, so a slow
    moment of the machine falls on all of them alike. `survey_results` is timed inside the
    page's own request (the view's call wrapped), so the analysis is measured exactly as
    the page computes it without paying for a second run of it; returns the measurements
    and the results the page computed without a breakdown."""
    found: dict[tuple[str, str | None], Measured] = {}
    computed: dict[str | None, SurveyResults] = {}

    def timed_results(**kwargs: Any) -> SurveyResults:
        ms, queries, value = _timed(lambda: survey_results(**kwargs))
        measured = found.setdefault(("analysis", kwargs.get("by")), Measured([]))
        measured.times.append(ms)
        measured.queries = queries
        computed[kwargs.get("by")] = value
        return value

    def page(by: str | None) -> Callable[[], object]:
        url = f"/surveys/{survey.pk}/results/" + (f"?by={by}" if by else "")

        def action() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return action

    actions: list[tuple[str, str | None, Callable[[], object]]] = [
        ("open", None, lambda: bare_open_answers(survey))
    ]
    for by in BREAKDOWNS:
        actions += [
            ("bare", by, functools.partial(bare_analysis, survey, by)),
            ("page", by, page(by)),
        ]
    results_views.survey_results = timed_results
    try:
        for _ in range(repeat):
            for name, by, action in actions:
                ms, queries, _value = _timed(action)
                measured = found.setdefault((name, by), Measured([]))
                measured.times.append(ms)
                measured.queries = queries
    finally:
        results_views.survey_results = survey_results
    return found, computed[None]


def check(survey: Survey, frame: pd.DataFrame, computed: SurveyResults) -> None:
    """The three ways count the same: answers per option and respondents per question."""
    bare = bare_analysis(survey, "role")
    figures = pandas_figures(frame, "role")
    assert sum(row[-1] for row in bare["options"]) == int(figures["options"].sum())
    assert sum(row[-1] for row in bare["respondents"]) == int(figures["respondents"].sum())
    useful = computed.table("useful")
    assert useful is not None
    useful_id = useful.question.pk
    assert useful.total.answered == sum(row[-1] for row in bare["options"] if row[0] == useful_id)


def _progress(message: str) -> None:
    print(f"surveys: {message} …", file=sys.stderr, flush=True)


def main(args: argparse.Namespace) -> None:
    setup_test_environment()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    agency, places = organisations(rng)
    leader = User.objects.create_user(email="bench@example.org", password="x", full_name="B")
    Membership.objects.create(user=leader, organisation=agency, role="leader")
    questionnaire = questionnaire_create(by=None, organisation=agency, definition=definition())
    small = make_survey(agency, "Small survey", questionnaire)
    large = make_survey(agency, "Large survey", questionnaire)
    client = Client()
    client.force_login(leader)
    # Before the long load: the page works, and its chart shapes are built once.
    assert client.get(f"/surveys/{small.pk}/results/").status_code == 200
    _progress(f"loading {SMALL:,} + {args.responses:,} responses by COPY")
    load_started = time.perf_counter()
    load(survey=small, places=places, count=SMALL, first_id=1)
    load(survey=large, places=places, count=args.responses, first_id=SMALL + 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE surveys_response")
        cursor.execute("VACUUM ANALYZE surveys_answer")
        cursor.execute("SELECT count(*) FROM surveys_answer")
        (answers,) = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('surveys_answer'))")
        (answers_size,) = cursor.fetchone()
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    loaded = time.perf_counter() - load_started

    loads = [os.getloadavg()[0]]
    _progress(f"loaded in {loaded:.0f} s; measuring the results of {SMALL:,} responses")
    results = {SMALL: measure(small, client, REPEAT_SMALL)[0]}
    _progress(f"measuring the results of {args.responses:,} responses ({REPEAT} rounds)")
    results[args.responses], computed = measure(large, client, REPEAT)
    loads.append(os.getloadavg()[0])
    _progress("reading the answers into pandas")

    reads, computes = [], []
    for _ in range(REPEAT_PANDAS):
        start = time.perf_counter()
        frame = pandas_frame(large)
        reads.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for by in BREAKDOWNS:
            pandas_figures(frame, by)
        computes.append((time.perf_counter() - start) * 1000)
    check(large, frame, computed)
    rows = len(frame)
    del frame

    _progress("importing them from a CSV file")
    imported = make_survey(agency, "Imported survey", questionnaire)
    with tempfile.TemporaryDirectory(prefix="trinvis-bench-") as directory:
        seconds, imported_rows, imported_answers, megabytes = measure_import(
            source=large, target=imported, by=leader, directory=Path(directory)
        )
    assert (imported_rows, imported_answers) == (args.responses, rows), "the import lost rows"
    loads.append(os.getloadavg()[0])

    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL {server_version.split()[0]}, "
        f"pandas {pd.__version__}"
    )
    print(
        f"data: {args.responses:,} responses to 40 questions, {answers - rows:,} + {rows:,} "
        f"answers in all ({answers_size} with indexes), loaded by COPY in {loaded:.0f} s; "
        f"a survey of {SMALL:,} responses to the same questionnaire beside it. Median of "
        f"{REPEAT} interleaved repetitions at {args.responses:,} responses, {REPEAT_SMALL} at "
        f"{SMALL:,}. Load average (1 min) before, after the page measurements and at the end: "
        f"{', '.join(f'{load:.1f}' for load in loads)} (other processes share the machine).\n"
    )
    print("| measured | breakdown | responses | median ms | × bare SQL | queries |")
    print("|---|---|---:|---:|---:|---:|")
    for size, found in results.items():
        opened = found[("open", None)]
        for by in BREAKDOWNS:
            bare = found[("bare", by)]
            page_bare = bare.ms + opened.ms
            label = by or "none"
            for name, measured, base in (
                ("bare SQL: the analysis's aggregates", bare, bare.ms),
                ("survey_results() in the page's request", found[("analysis", by)], bare.ms),
                ("bare SQL: + first page of open answers", None, page_bare),
                ("results page (test client)", found[("page", by)], page_bare),
            ):
                ms = measured.ms if measured else page_bare
                queries = measured.queries if measured else bare.queries + opened.queries
                print(f"| {name} | {label} | {size:,} | {ms:,.0f} | {ms / base:.2f} | {queries} |")
    bare_all = sum(results[args.responses][("bare", by)].ms for by in BREAKDOWNS)
    read, compute = statistics.median(reads), statistics.median(computes)
    print(f"\nnaive pandas, {args.responses:,} responses: all three breakdowns (none, size_class,")
    print(
        f"role) against the bare SQL of the three ({bare_all:,.0f} ms); median of {REPEAT_PANDAS}\n"
    )
    print("| measured | median ms | × bare SQL |")
    print("|---|---:|---:|")
    for name, ms in (
        (f"read_sql: {rows:,} answer rows with their attributes", read),
        ("groupby: counts, respondents, means", compute),
        ("pandas in all", read + compute),
    ):
        print(f"| {name} | {ms:,.0f} | {ms / bare_all:.1f} |")
    print(
        f"\nimport: the {args.responses:,} responses above written out as a CSV file "
        f"({megabytes:.0f} MB, one row per respondent, a column per question) and imported "
        "into a new survey with responses_import (one run)\n"
    )
    print("| measured | rows | answers | seconds | rows/s |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| responses_import | {imported_rows:,} | {imported_answers:,} | {seconds:.0f} "
        f"| {imported_rows / seconds:,.0f} |"
    )
    print(f"\n(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="leave the database in place")
    arguments = parser.parse_args()
    try:
        database.recreate(SERVER, NAME, create=True)
    except psycopg.OperationalError as error:
        reason = str(error).splitlines()[0]
        print(f"\nsurveys: skipped, PostgreSQL does not answer at {SERVER} ({reason}).\n")
        sys.exit(0)
    try:
        main(arguments)
    finally:
        connections.close_all()
        if not arguments.keep:
            database.recreate(SERVER, NAME, create=False)
