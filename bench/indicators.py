"""Benchmark of key figures on PostgreSQL: every Danish and Norwegian municipality (98 + 357)
with ten years of monthly values for 20 indicators, about three million values.

Creates a fresh PostgreSQL database (`trinvis_bench_indicators`, or TRINVIS_BENCH_DATABASE;
bench/database.py), migrates it, loads the ten shipped indicators (`indicators_load`), lets
an agency define ten of its own, and drops the database at the end. Skips with a message
when PostgreSQL does not answer, so `make bench` still runs on a machine without it.

The data come from a seeded generator: areas "DK kommune 101", … and "NO kommune 1001", …
with numbers in each country's form, and the whole country; 120 months from 2015M01; every
indicator but two (population and one own) as a total and by gender (two categories). They
are written as the statistics banks export them: one file per indicator and country, areas
as "101 Name" cells (the whole country as "Hele landet"), "2015M01" periods, decimal commas,
".." for a missing figure, a gender column with its total ("I alt", "Begge kjønn"); Danish
files in Windows-1252 with Statistics Denmark's headings, Norwegian ones in UTF-8.

Everything is measured twice, with a few municipalities (small) and with all of them (full),
so the query counts show whether they grow with the municipalities:
- import: each file through the real importer, its check step (`values_import_check`) and
  its confirm step (`values_import`), against two floors for the same rows, each in a
  transaction rolled back, into a twin indicator (so they never meet the importer's rows):
  COPY straight into indicators_value, and COPY into a temporary table merged by INSERT …
  ON CONFLICT DO UPDATE counting the new rows (the least an upsert that reports does). The
  three take turns file by file; ratios are medians over the files. Then one file imported
  again (every value an update) against the upsert floor updating the same rows.
- reading (COMPARISONS: one function per page or operation, each giving what it measures
  and the bare SQL it needs): the evaluation of a SØM-like selection rule per country
  (`selection_of`) against one hand-written query computing the same shortlist, checked to
  agree; the programme dashboard (`dashboard_of`, and its page) of a programme per country
  with every municipality taking part, as the agency's facilitator, against two
  hand-written statements giving the same rows and survey lines, checked to agree
  (bench/programmes_dashboard.py builds the programmes). Repetitions interleaved, medians.

Prints Markdown; copy it into bench/RESULTS.md with the machine and date. `--quick` makes a
run of a few minutes; `--denmark`, `--norway` and `--months` set the size; `--keep` leaves
the database for profiling.
"""

import argparse
import contextlib
import csv
import dataclasses
import functools
import json
import logging
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import configure, recreate  # noqa: E402

SERVER, NAME = configure("trinvis_bench_indicators")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import programmes_dashboard as dashboard  # noqa: E402
from trinvis.accounts.models import User  # noqa: E402
from trinvis.core.imports.reading import read_headings  # noqa: E402
from trinvis.indicators import periods  # noqa: E402
from trinvis.indicators.imports import (  # noqa: E402
    ColumnMapping,
    ImportResult,
    guess_mapping,
    values_import,
    values_import_check,
)
from trinvis.indicators.imports.service import CHUNK  # noqa: E402
from trinvis.indicators.library import breakdown_key  # noqa: E402
from trinvis.indicators.models import Area, ImportBatch, Indicator, Value  # noqa: E402
from trinvis.indicators.services import indicators_load  # noqa: E402
from trinvis.indicators.services_definitions import DefinitionInput, definition_create  # noqa: E402
from trinvis.organisations.models import Membership, Organisation  # noqa: E402
from trinvis.organisations.services import organisation_create  # noqa: E402
from trinvis.programmes.models import AgencyProgramme, SelectionRule  # noqa: E402
from trinvis.programmes.selection import Criteria, Municipality, parse  # noqa: E402
from trinvis.programmes.selectors_selection import (  # noqa: E402
    indicators_named,
    municipalities_with_figures,
    selection_of,
)
from trinvis.programmes.services_programmes import ProgrammeInput, programme_create  # noqa: E402
from trinvis.programmes.services_selection import selection_rule_save  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The importer logs every import; 40 lines a run would bury the progress.
logging.getLogger("trinvis.indicators.imports").setLevel(logging.WARNING)

SEED = 7
SOURCE = "Statistics Denmark / Statistics Norway (benchmark)"
FIRST_YEAR = 2015
MISSING = 0.004  # the share of cells written ".." (no figure)
SMALL = {"DK": 5, "NO": 12}  # municipalities in the small run
REPEAT = 5  # interleaved repetitions of each read measurement at full size
REPEAT_SMALL = 10
REPEAT_REIMPORT = 3
COUNTRIES = ("DK", "NO")
Result = TypeVar("Result")


# --- the size ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    denmark: int
    norway: int
    months: int

    def municipalities(self, country: str) -> int:
        return self.denmark if country == "DK" else self.norway

    @property
    def label(self) -> str:
        return f"{self.denmark} + {self.norway}"


FULL = Size(98, 357, 120)
QUICK = Size(30, 100, 60)


def month_periods(count: int) -> list[periods.Period]:
    return [periods.parse(f"{FIRST_YEAR + m // 12}M{m % 12 + 1:02d}") for m in range(count)]


# --- areas and indicators ---------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """An area as the generator sees it: code "" is the whole country."""

    code: str
    name: str
    population: float

    @property
    def cell(self) -> str:
        """How an export names the area: "101 DK kommune 101", "Hele landet"."""
        return f"{self.code} {self.name}" if self.code else self.name


NATIONAL = "Hele landet"  # both countries' statistics banks call the national row so


def places(country: str, count: int) -> list[Place]:
    """The whole country, then `count` municipalities with numbers in the country's form
    (three digits in Denmark, four in Norway) and a lognormal population."""
    rng = random.Random(f"{SEED}:{country}")
    codes = (
        [f"{101 + 7 * index:03d}" for index in range(count)]
        if country == "DK"
        else [f"{1001 + 11 * index:04d}" for index in range(count)]
    )
    municipalities = [
        Place(code, f"{country} kommune {code}", rng.lognormvariate(9.6, 0.9)) for code in codes
    ]
    return [Place("", NATIONAL, sum(p.population for p in municipalities)), *municipalities]


def areas_create(size: Size) -> dict[str, list[Place]]:
    """The areas of both countries (setup, not measured: after a country's first import
    they exist anyway)."""
    found = {country: places(country, size.municipalities(country)) for country in COUNTRIES}
    Area.objects.bulk_create(
        Area(
            country=country,
            code=place.code,
            kind=Area.Kind.MUNICIPALITY if place.code else Area.Kind.COUNTRY,
            name=place.name,
        )
        for country, country_places in found.items()
        for place in country_places
    )
    return found


COUNT, SHARE, MEAN = "count", "share", "mean"


@dataclass(frozen=True)
class Profile:
    """How an indicator's figures are generated. A count is `level` per 10,000 inhabitants
    a month, its trend a factor over ten years; a share (per cent) or mean lies around
    `level`, spread between municipalities by `spread`, its trend in points."""

    kind: str
    level: float
    spread: float = 0.0
    trend: float = 0.0
    gender: bool = True
    decimals: int = 0


SHIPPED = {
    "refugees-family-reunified": Profile(COUNT, 150, trend=0.3),
    "refugees-settled": Profile(COUNT, 0.4, trend=-0.5),
    "introduction-participants": Profile(COUNT, 14, trend=-0.2),
    "benefit-duration": Profile(MEAN, 30, 8, trend=-4, decimals=1),
    "job-ready": Profile(COUNT, 60),
    "activity-ready": Profile(COUNT, 90, trend=-0.1),
    "employer-activities": Profile(COUNT, 8, trend=0.4),
    "work-education-right-after": Profile(SHARE, 52, 10, trend=6, decimals=1),
    "work-education-one-year-after": Profile(SHARE, 58, 10, trend=5, decimals=1),
    "population": Profile(COUNT, 10_000, trend=0.05, gender=False),
}


@dataclass(frozen=True)
class Own:
    """One of the agency's own indicators."""

    name: str
    unit: str
    direction: str
    profile: Profile


OWN = (
    Own("Language test passed", "percent", "higher", Profile(SHARE, 68, 10, 4, decimals=1)),
    Own("Attendance at language classes", "percent", "higher", Profile(SHARE, 78, 8, decimals=1)),
    Own("Citizens in company internships", "count", "higher", Profile(COUNT, 6, trend=0.3)),
    Own("Weeks to the first job", "weeks", "lower", Profile(MEAN, 40, 12, -6, decimals=1)),
    Own(
        "Self-supporting after three years",
        "percent",
        "higher",
        Profile(SHARE, 45, 10, 5, decimals=1),
    ),
    Own("Citizens on sickness benefit", "count", "neutral", Profile(COUNT, 35)),
    Own("Young refugees in education", "percent", "higher", Profile(SHARE, 62, 10, 3, decimals=1)),
    Own("Mentor hours per citizen", "amount", "neutral", Profile(MEAN, 6, 2, decimals=1)),
    Own("Open cases per caseworker", "count", "lower", Profile(MEAN, 28, 6)),
    Own("Caseworkers", "count", "neutral", Profile(COUNT, 4, gender=False)),
)


def indicators_create(agency: Organisation, by: User) -> list[tuple[Indicator, Profile]]:
    """The ten shipped indicators and the agency's ten own, with their profiles."""
    indicators_load()
    shipped = {i.key: i for i in Indicator.objects.filter(key__in=SHIPPED)}
    own = [
        (
            definition_create(
                by=by,
                owner=agency,
                data=DefinitionInput(
                    name=spec.name,
                    unit=spec.unit,
                    direction=spec.direction,
                    breakdowns=["gender"] if spec.profile.gender else [],
                    source="Own registrations (benchmark)",
                    decimals=spec.profile.decimals,
                ),
            ),
            spec.profile,
        )
        for spec in OWN
    ]
    return [(shipped[key], profile) for key, profile in SHIPPED.items()] + own


# --- the figures ------------------------------------------------------------------------------

Grid = list[list[list[float | None]]]  # place → category (total, genders) → month


def _municipality(
    profile: Profile, place: Place, months: int, rng: random.Random
) -> list[list[float]]:
    """One municipality's figures: [total, men, women] (or [total]) by month."""
    rows: list[list[float]] = [[], [], []]
    if profile.kind == COUNT:
        scale = place.population * profile.level / 10_000
        women_share = min(0.6, max(0.35, rng.gauss(0.47, 0.04)))
        for month in range(months):
            season = 1 + 0.08 * math.sin(2 * math.pi * month / 12)
            mean = scale * (1 + profile.trend * month / 120) * season
            total = max(0, round(rng.gauss(mean, math.sqrt(mean) + 0.3)))
            women = round(total * women_share)
            rows[0].append(float(total))
            rows[1].append(float(total - women))
            rows[2].append(float(women))
    else:
        top = 100.0 if profile.kind == SHARE else math.inf
        base = rng.gauss(profile.level, profile.spread)
        gap = rng.gauss(0, profile.spread / 4)
        for month in range(months):
            figure = base + profile.trend * month / 120 + rng.gauss(0, profile.spread / 4)
            for row, shift in zip(rows, (0, -gap, gap), strict=True):
                row.append(min(top, max(0.0, figure + shift)))
    return [rows[0]] if not profile.gender else rows


def figures(profile: Profile, country_places: Sequence[Place], months: int, seed: str) -> Grid:
    """Figures by place (the country first: the sum of the municipalities' counts, the mean
    of their shares), category and month, rounded to the indicator's decimals; None where
    the export has no figure."""
    rng = random.Random(seed)
    municipalities = [_municipality(profile, p, months, rng) for p in country_places[1:]]
    national = [
        [sum(m[category][month] for m in municipalities) for month in range(months)]
        for category in range(len(municipalities[0]))
    ]
    if profile.kind != COUNT:
        national = [[figure / len(municipalities) for figure in row] for row in national]
    return [
        [
            [None if rng.random() < MISSING else round(figure, profile.decimals) for figure in row]
            for row in grid
        ]
        for grid in [national, *municipalities]
    ]


# --- the files, and the same rows for COPY -----------------------------------------------------


@dataclass(frozen=True)
class Export:
    """How a country's statistics bank writes a table."""

    area: str
    gender: str
    period: str
    value: str
    total: str
    genders: tuple[str, str]
    encoding: str


EXPORTS = {
    "DK": Export("OMRÅDE", "KØN", "TID", "INDHOLD", "I alt", ("Mænd", "Kvinder"), "cp1252"),
    "NO": Export("region", "kjønn", "måned", "verdi", "Begge kjønn", ("Menn", "Kvinner"), "utf-8"),
}


@dataclass(frozen=True)
class Table:
    """One indicator's figures for one country: the file and the rows it holds."""

    indicator: Indicator
    profile: Profile
    country: str
    places: list[Place]
    grid: Grid
    path: Path

    @property
    def values(self) -> int:
        return sum(figure is not None for grid in self.grid for row in grid for figure in row)

    @property
    def missing(self) -> int:
        return sum(figure is None for grid in self.grid for row in grid for figure in row)


def table_write(
    *,
    indicator: Indicator,
    profile: Profile,
    country: str,
    country_places: list[Place],
    months: list[periods.Period],
    directory: Path,
) -> Table:
    """Generate the figures (seeded by indicator and country, so the same table comes out
    again) and write them as the country's statistics bank exports them."""
    grid = figures(profile, country_places, len(months), f"{SEED}:{indicator.key}:{country}")
    export = EXPORTS[country]
    path = directory / f"{indicator.key}-{country}.csv"
    categories = (export.total, *export.genders)
    with path.open("w", encoding=export.encoding, newline="") as file:
        writer = csv.writer(file, delimiter=";")
        gender = [export.gender] if profile.gender else []
        writer.writerow([export.area, *gender, export.period, export.value])
        for place, place_grid in zip(country_places, grid, strict=True):
            for category, row in enumerate(place_grid):
                label = [categories[category]] if profile.gender else []
                for period, figure in zip(months, row, strict=True):
                    text = (
                        ".."
                        if figure is None
                        else f"{figure:.{profile.decimals}f}".replace(".", ",")
                    )
                    writer.writerow([place.cell, *label, period.text, text])
    return Table(indicator, profile, country, country_places, grid, path)


COLUMNS = (
    "indicator_id, area_id, period, period_start, breakdown, breakdown_key, value, source, "
    "batch_id, imported_at"
)


def copy_rows(
    table: Table, *, indicator_id: int, batch_id: int, months: list[periods.Period]
) -> str:
    """The table's values as COPY text for indicators_value, as the importer stores them."""
    areas = dict(
        Area.objects.filter(country=table.country).values_list("code", "pk"),
    )
    genders = EXPORTS[table.country].genders
    breakdowns: list[dict[str, str]] = [{}, *({"gender": gender} for gender in genders)]
    categories = [(json.dumps(b, ensure_ascii=False), breakdown_key(b)) for b in breakdowns]
    now = timezone.now().isoformat()
    lines = []
    for place, place_grid in zip(table.places, table.grid, strict=True):
        area = areas[place.code]
        for (breakdown, key), row in zip(categories, place_grid, strict=False):
            for period, figure in zip(months, row, strict=True):
                if figure is not None:
                    lines.append(
                        f"{indicator_id}\t{area}\t{period.text}\t{period.start}\t{breakdown}\t"
                        f"{key}\t{figure:.{table.profile.decimals}f}\t{SOURCE}\t{batch_id}\t"
                        f"{now}\n"
                    )
    return "".join(lines)


# --- measuring helpers ------------------------------------------------------------------------


class QueryCount:
    """Counts the queries Django runs (an execute wrapper: no SQL kept, unlike the debug
    cursor, which would hold every 2,000-row insert's text)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        self.queries += 1
        return execute(*args)


def timed(action: Callable[[], Result]) -> tuple[float, int, Result]:
    """Seconds, Django queries and the result of one call."""
    counter = QueryCount()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - start
    return elapsed, counter.queries, result


@contextlib.contextmanager
def rolled_back() -> Iterator[psycopg.Cursor[Any]]:
    """A raw cursor in a transaction that is rolled back (a floor writes nothing)."""
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        with raw.cursor() as cursor:
            yield cursor
        transaction.set_rollback(True)


# --- the import and its floors ----------------------------------------------------------------


def copy_floor(rows: str) -> int:
    """COPY the rows straight into indicators_value: the bulk-insert floor (one statement)."""
    with rolled_back() as cursor:
        with cursor.copy(f"COPY indicators_value ({COLUMNS}) FROM STDIN") as copy:
            copy.write(rows)
        return cursor.rowcount


UPSERT = f"""
WITH stored AS (
    INSERT INTO indicators_value ({COLUMNS}) SELECT {COLUMNS} FROM incoming
    ON CONFLICT (indicator_id, area_id, period, breakdown_key) DO UPDATE SET
        period_start = EXCLUDED.period_start, breakdown = EXCLUDED.breakdown,
        value = EXCLUDED.value, source = EXCLUDED.source, batch_id = EXCLUDED.batch_id,
        imported_at = EXCLUDED.imported_at
    RETURNING xmax = 0 AS new
)
SELECT count(*) FILTER (WHERE new) FROM stored
"""  # noqa: S608 (fixed text)


def upsert_floor(rows: str) -> int:
    """COPY the rows into a temporary table and merge them with INSERT … ON CONFLICT DO
    UPDATE, counting the new ones: the upsert floor (three statements); returns the new."""
    with rolled_back() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE incoming (indicator_id bigint, area_id bigint, "
            "period varchar(8), period_start date, breakdown jsonb, breakdown_key varchar(200), "
            "value numeric(18, 4), source varchar(300), batch_id bigint, "
            "imported_at timestamptz) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY incoming ({COLUMNS}) FROM STDIN") as copy:
            copy.write(rows)
        cursor.execute(UPSERT)
        found = cursor.fetchone()
        assert found is not None
        return int(found[0])


def mapping_for(table: Table) -> tuple[list[str], ColumnMapping]:
    """The headings and the mapping the import page guesses for them (unchanged)."""
    headings, _samples = read_headings(table.path)
    guess = guess_mapping(headings, indicator=table.indicator, country=table.country)
    mapping = ColumnMapping(
        area=guess["area"],
        period=guess["period"],
        value=guess["value"],
        breakdowns={d: guess[d] for d in table.indicator.breakdowns if d in guess},
        national=tuple(guess["national"]),
        notation=guess["notation"],
    )
    assert ("gender" in mapping.breakdowns) == table.profile.gender, mapping
    return headings, mapping


@dataclass(frozen=True)
class Importer:
    """Who imports, for which organisation."""

    by: User
    organisation: Organisation


@dataclass
class FileTimes:
    """One file's seconds and queries by operation."""

    values: int
    seconds: dict[str, float] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)


def import_steps(table: Table, importer: Importer) -> Callable[[FileTimes], ImportResult]:
    """The import page's two steps on the file, the check and the confirm, timed into the
    FileTimes given; returns what the confirm did."""
    headings, mapping = mapping_for(table)

    def check() -> None:
        found = values_import_check(
            indicator=table.indicator,
            country=table.country,
            rows_source=table.path,
            mapping=mapping,
        )
        assert found.importable and found.values == table.values, found.problems[:3]

    def confirm() -> ImportResult:
        result = values_import(
            by=importer.by,
            organisation=importer.organisation,
            indicator=table.indicator,
            country=table.country,
            source=SOURCE,
            file_name=table.path.name,
            headings=headings,
            rows_source=table.path,
            mapping=mapping,
        )
        assert result.batch.rows == table.values and result.skipped == table.missing
        return result

    def run(times: FileTimes) -> ImportResult:
        times.seconds["check"], times.queries["check"], _nothing = timed(check)
        times.seconds["confirm"], times.queries["confirm"], result = timed(confirm)
        return result

    return run


@dataclass
class Twin:
    """The indicator the floors write to (never the importer's rows), and its batch."""

    indicator: Indicator
    batch: ImportBatch


def import_table(
    table: Table, *, twin: Twin, importer: Importer, months: list[periods.Period], turn: int
) -> FileTimes:
    """The importer's check and confirm of one file and the two floors for its rows, in
    turns (rotated by `turn`), so a slow moment of the machine falls on all alike."""
    rows = copy_rows(table, indicator_id=twin.indicator.pk, batch_id=twin.batch.pk, months=months)
    times = FileTimes(table.values)
    steps = import_steps(table, importer)

    def importing() -> None:
        steps(times)

    def floor(name: str, action: Callable[[str], int]) -> Callable[[], None]:
        def run() -> None:
            start = time.perf_counter()
            written = action(rows)
            times.seconds[name] = time.perf_counter() - start
            assert written == table.values, (name, written, table.values)

        return run

    turns = [floor("copy", copy_floor), floor("upsert", upsert_floor), importing]
    for step in turns[turn % 3 :] + turns[: turn % 3]:
        step()
    times.queries.update(copy=1, upsert=3)
    return times


def reimport(
    table: Table, *, importer: Importer, months: list[periods.Period], repeat: int
) -> list[FileTimes]:
    """The file imported again (every value an update) against the upsert floor updating
    the same rows of the real indicator, in turns."""
    batch = ImportBatch.objects.filter(indicator=table.indicator, rows__gt=0).first()
    assert batch is not None
    rows = copy_rows(table, indicator_id=table.indicator.pk, batch_id=batch.pk, months=months)
    steps = import_steps(table, importer)
    found = []
    for turn in range(repeat):
        times = FileTimes(table.values)

        def importing(times: FileTimes = times) -> None:
            result = steps(times)
            assert result.batch.updated == table.values, result.batch.updated

        def floor(times: FileTimes = times) -> None:
            start = time.perf_counter()
            assert upsert_floor(rows) == 0, "the upsert floor found new rows"
            times.seconds["upsert"] = time.perf_counter() - start

        for step in (importing, floor) if turn % 2 else (floor, importing):
            step()
        times.queries["upsert"] = 3
        found.append(times)
    return found


# --- reading: what is compared with the bare SQL -----------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """What a read measurement works on: the data loaded, the agency that runs the
    programmes, its leader (and a test client logged in as them), the indicators by key and
    a SØM-like programme with its selection rule per country."""

    size: Size
    agency: Organisation
    leader: User
    client: Client
    indicators: dict[str, Indicator]
    programmes: dict[str, AgencyProgramme]
    rules: dict[str, SelectionRule]


@dataclass(frozen=True)
class Comparison:
    """One operation and the bare SQL it needs; `same` (if given) says whether the two
    results agree, checked once before timing."""

    name: str
    bare_name: str
    country: str
    measured: Callable[[], Any]
    bare: Callable[[], Any]
    same: Callable[[Any, Any], bool] | None = None


RIGHT_AFTER, ONE_YEAR_AFTER = "work-education-right-after", "work-education-one-year-after"
PARTICIPANTS, SETTLED = "introduction-participants", "refugees-settled"
RIGHT_AFTER_BELOW, ONE_YEAR_AFTER_BELOW, PARTICIPANTS_AT_LEAST = 55, 50, 20


def som_criteria() -> dict[str, Any]:
    """Like the SØM programme's (DOMAIN.md §4): below 55 % in work or education right after
    the programme or low one year after, at least 20 participants, still settling refugees;
    each municipality's latest figures; the lowest share right after first."""

    def condition(key: str, compare: str, threshold: int) -> dict[str, str]:
        return {"indicator": key, "compare": compare, "threshold": str(threshold)}

    return {
        "all": [
            {
                "any": [
                    condition(RIGHT_AFTER, "below", RIGHT_AFTER_BELOW),
                    condition(ONE_YEAR_AFTER, "below", ONE_YEAR_AFTER_BELOW),
                ]
            },
            condition(PARTICIPANTS, "at_least", PARTICIPANTS_AT_LEAST),
            condition(SETTLED, "above", 0),
        ],
        "rank_by": {"indicator": RIGHT_AFTER, "breakdown": "", "order": "asc"},
    }


SHORTLIST = """
WITH latest AS (
    SELECT DISTINCT ON (v.indicator_id, v.area_id) v.indicator_id, v.area_id, v.value
    FROM indicators_value v JOIN indicators_area a ON a.id = v.area_id
    WHERE v.indicator_id = ANY(%(indicators)s) AND v.breakdown_key = ''
        AND a.country = %(country)s AND a.kind = 'municipality'
    ORDER BY v.indicator_id, v.area_id, v.period_start DESC, v.period DESC
), figures AS (
    SELECT area_id,
        max(value) FILTER (WHERE indicator_id = %(right_after)s) AS right_after,
        max(value) FILTER (WHERE indicator_id = %(one_year_after)s) AS one_year_after,
        max(value) FILTER (WHERE indicator_id = %(participants)s) AS participants,
        max(value) FILTER (WHERE indicator_id = %(settled)s) AS settled
    FROM latest GROUP BY area_id
)
SELECT a.id, rank() OVER (ORDER BY f.right_after IS NULL, f.right_after) AS rank
FROM figures f JOIN indicators_area a ON a.id = f.area_id
WHERE a.code <> ''
    AND (f.right_after < %(right_after_below)s OR f.one_year_after < %(one_year_after_below)s)
    AND f.participants >= %(participants_at_least)s AND f.settled > 0
ORDER BY rank, lower(a.name), a.code
"""


def bare_shortlist(country: str, ids: dict[str, int]) -> list[tuple[int, int]]:
    """The shortlist by hand in one query: each municipality's latest figure of the four
    indicators, the conditions, the ranking; (area id, rank) in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            SHORTLIST,
            {
                "indicators": list(ids.values()),
                "country": country,
                "right_after": ids[RIGHT_AFTER],
                "one_year_after": ids[ONE_YEAR_AFTER],
                "participants": ids[PARTICIPANTS],
                "settled": ids[SETTLED],
                "right_after_below": RIGHT_AFTER_BELOW,
                "one_year_after_below": ONE_YEAR_AFTER_BELOW,
                "participants_at_least": PARTICIPANTS_AT_LEAST,
            },
        )
        return [(area, rank) for area, rank in cursor.fetchall()]


def _same_shortlist(selection: Any, bare: list[tuple[int, int]]) -> bool:
    """The same municipalities in the same order with the same ranks."""
    return [(m.municipality.area_id, m.rank) for m in selection.evaluation.matches] == bare


BARE_SHORTLIST = "bare SQL: the shortlist in one query"


def _figures_of(country: str, criteria: Criteria) -> list[Municipality]:
    """What `selection_of` reads from the database, without the judgement."""
    return municipalities_with_figures(
        country=country, criteria=criteria, indicators=indicators_named(criteria)
    )


def selection_comparisons(loaded: Loaded) -> list[Comparison]:
    """Per country: the rule's evaluation (`selection_of`: the criteria, the figures, the
    judgement with its reasons) and, of it, fetching the figures alone, against the
    shortlist by hand."""
    ids = {key: loaded.indicators[key].pk for key in (RIGHT_AFTER, ONE_YEAR_AFTER, PARTICIPANTS)}
    ids[SETTLED] = loaded.indicators[SETTLED].pk
    found = []
    for country, rule in loaded.rules.items():
        criteria = parse(rule.criteria)
        bare = functools.partial(bare_shortlist, country, ids)
        found += [
            Comparison(
                "selection_of(): the SØM-like rule evaluated",
                BARE_SHORTLIST,
                country,
                functools.partial(selection_of, rule=rule),
                bare,
                _same_shortlist,
            ),
            Comparison(
                "of which fetching the figures (municipalities_with_figures)",
                BARE_SHORTLIST,
                country,
                functools.partial(_figures_of, country, criteria),
                bare,
            ),
        ]
    return found


BARE_DASHBOARD = "bare SQL: the dashboard's rows and survey lines (two statements)"


def dashboard_comparisons(loaded: Loaded) -> list[Comparison]:
    """Per country: the programme dashboard with every municipality of the country taking
    part (`dashboard_of`, as the agency's facilitator), and the page that shows it, against
    its rows and survey lines by hand (bench/programmes_dashboard.py builds the programmes
    with their plans, follow-ups, homework, letters and surveys)."""
    started = time.perf_counter()
    built = [
        dashboard.build(agency=loaded.agency, by=loaded.leader, country=country)
        for country in COUNTRIES
    ]
    dashboard.analyse()
    _progress(
        f"{loaded.size.label}: dashboard programmes built in "
        f"{time.perf_counter() - started:.1f} s ({'; '.join(b.summary for b in built)})"
    )
    found = []
    for one in built:
        bare = one.bare  # one object: the comparisons share its times
        found += [
            Comparison(
                "dashboard_of(): the programme dashboard, as facilitator",
                BARE_DASHBOARD,
                one.country,
                one.measured,
                bare,
                dashboard.same,
            ),
            Comparison(
                "the dashboard page (GET as facilitator, rendered)",
                BARE_DASHBOARD,
                one.country,
                one.page,
                bare,
            ),
        ]
    return found


# The read measurements: one function each, from the loaded data to what it compares.
COMPARISONS: tuple[Callable[[Loaded], list[Comparison]], ...] = (
    selection_comparisons,
    dashboard_comparisons,
)


@dataclass
class Measured:
    """The times (ms) of one measurement over the repetitions, and its query count."""

    times: list[float] = field(default_factory=list)
    queries: int = 0

    @property
    def ms(self) -> float:
        return statistics.median(self.times)


def measure_reads(loaded: Loaded, repeat: int) -> list[tuple[Comparison, Measured, Measured]]:
    """Every comparison checked once, then measured `repeat` times, interleaved (the bare
    SQL first in every other round; a bare SQL that several comparisons share once a
    round): (comparison, measured, bare)."""
    comparisons = [c for make in COMPARISONS for c in make(loaded)]
    for comparison in comparisons:
        if comparison.same is not None:
            assert comparison.same(comparison.measured(), comparison.bare()), comparison.name
    bares: dict[int, Measured] = {}  # comparisons sharing their bare SQL share its times
    found = [(c, Measured(), bares.setdefault(id(c.bare), Measured())) for c in comparisons]
    for turn in range(repeat):
        done: set[int] = set()
        for comparison, measured, bare in found:
            pairs = [(comparison.measured, measured)]
            if id(comparison.bare) not in done:
                done.add(id(comparison.bare))
                pairs.append((comparison.bare, bare))
            for action, into in pairs[::-1] if turn % 2 else pairs:
                seconds, into.queries, _result = timed(action)
                into.times.append(seconds * 1000)
    return found


# --- one run at one size -------------------------------------------------------------------------


@dataclass
class Run:
    size: Size
    files: list[FileTimes]
    largest: FileTimes
    reimported: list[FileTimes]
    reimport_file: str
    stored: int
    table_size: str
    reads: list[tuple[Comparison, Measured, Measured]]
    shortlists: dict[str, int]
    seconds: float = 0.0


def _progress(message: str) -> None:
    print(f"indicators: {message} …", file=sys.stderr, flush=True)


def run(
    size: Size,
    *,
    specs: list[tuple[Indicator, Profile]],
    twin: Twin,
    importer: Importer,
    loaded: Loaded,
    repeat: int,
) -> Run:
    """Areas, every file imported against the floors, one file again, the reads."""
    started = time.perf_counter()
    months = month_periods(size.months)
    country_places = areas_create(size)
    files: list[FileTimes] = []
    tables: dict[tuple[str, str], Table] = {}
    with tempfile.TemporaryDirectory(prefix="trinvis-bench-") as name:
        directory = Path(name)
        for turn, (indicator, profile) in enumerate(specs):
            for country in COUNTRIES:
                table = table_write(
                    indicator=indicator,
                    profile=profile,
                    country=country,
                    country_places=country_places[country],
                    months=months,
                    directory=directory,
                )
                files.append(
                    import_table(
                        table, twin=twin, importer=importer, months=months, turn=len(files)
                    )
                )
                tables[(indicator.key, country)] = table
            _progress(f"{size.label}: imported {turn + 1} of {len(specs)} indicators")
        again = tables[(RIGHT_AFTER, "NO")]
        reimported = reimport(again, importer=importer, months=months, repeat=REPEAT_REIMPORT)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE indicators_value")
        cursor.execute("VACUUM ANALYZE indicators_area")
        cursor.execute("SELECT count(*) FROM indicators_value")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('indicators_value'))")
        (table_size,) = cursor.fetchone()
    assert stored == sum(f.values for f in files), "the import lost values"
    _progress(f"{size.label}: measuring the reads ({repeat} rounds)")
    reads = measure_reads(dataclasses.replace(loaded, size=size), repeat)
    return Run(
        size=size,
        files=files,
        largest=max(files, key=lambda f: f.values),
        reimported=reimported,
        reimport_file=again.path.name,
        stored=stored,
        table_size=table_size,
        reads=reads,
        shortlists={
            country: len(selection_of(rule=rule).evaluation.matches)
            for country, rule in loaded.rules.items()
        },
        seconds=time.perf_counter() - started,
    )


def clear(twin: Twin) -> None:
    """Remove the small run's figures, areas and dashboard programmes before the full one."""
    dashboard.clear()
    Value.objects.all().delete()
    ImportBatch.objects.exclude(pk=twin.batch.pk).delete()
    Area.objects.all().delete()


def setup(size: Size) -> tuple[list[tuple[Indicator, Profile]], Twin, Importer, Loaded]:
    agency = organisation_create(by=None, parent=None, name="Bench agency", kind="agency")
    leader = User.objects.create_user(email="bench@example.org", password="x", full_name="B")
    Membership.objects.create(user=leader, organisation=agency, role="leader")
    specs = indicators_create(agency, leader)
    floor = Indicator.objects.create(
        key="bench-floor",
        owner=agency,
        name="Floor (benchmark)",
        unit="count",
        direction="neutral",
        breakdowns=["gender"],
    )
    twin = Twin(floor, ImportBatch.objects.create(indicator=floor, organisation=agency))
    programmes, rules = {}, {}
    for country in COUNTRIES:
        programme = programme_create(
            by=leader, owner=agency, data=ProgrammeInput(name=f"SØM-like programme, {country}")
        )
        programmes[country] = programme
        rules[country] = selection_rule_save(
            by=leader,
            programme=programme,
            base_version=0,
            country=country,
            criteria=parse(som_criteria()),
        )
    client = Client()
    client.force_login(leader)
    loaded = Loaded(
        size=size,
        agency=agency,
        leader=leader,
        client=client,
        indicators={indicator.key: indicator for indicator, _profile in specs},
        programmes=programmes,
        rules=rules,
    )
    return specs, twin, Importer(leader, agency), loaded


# --- the report -------------------------------------------------------------------------------


def _machine(server_version: str) -> str:
    uname = platform.uname()
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"machine: `{uname.system} {uname.node} {uname.release} {uname.version} "
        f"{uname.machine}`; {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"PostgreSQL {server_version.split()[0]}"
    )


def _ratio(files: Sequence[FileTimes], name: str, floor: str) -> float:
    def seconds(times: FileTimes, operation: str) -> float:
        if operation == "check + confirm":
            return times.seconds["check"] + times.seconds["confirm"]
        return times.seconds[operation]

    return statistics.median(seconds(f, name) / seconds(f, floor) for f in files)


def _import_rows(label: str, files: Sequence[FileTimes], largest: FileTimes, size: str) -> None:
    values = sum(f.values for f in files)
    names = {
        "copy": "floor: COPY into indicators_value",
        "upsert": "floor: COPY to a temporary table + INSERT … ON CONFLICT DO UPDATE",
        "check": "values_import_check (the check step)",
        "confirm": "values_import (the confirm step)",
        "check + confirm": "check + confirm",
    }
    for operation, text in names.items():
        parts = operation.split(" + ")
        if not all(part in largest.seconds for part in parts):
            continue
        seconds = sum(f.seconds[p] for f in files for p in parts)
        queries = sum(largest.queries.get(p, 0) for p in parts)
        chunks = math.ceil(largest.values / CHUNK)
        against = [
            f"{_ratio(files, operation, floor):.1f}" if floor in largest.seconds else "–"
            for floor in ("copy", "upsert")
        ]
        print(
            f"| {text} | {label} | {size} | {values:,} | {seconds:,.1f} | "
            f"{values / seconds:,.0f} | {' | '.join(against)} | {queries} | "
            f"{largest.values:,} ({chunks}) |"
        )


def report(runs: list[Run], loads: list[float], server_version: str, total: float) -> None:
    full = runs[-1]
    size = full.size
    specs = len(SHIPPED) + len(OWN)
    by_gender = sum(p.gender for p in SHIPPED.values()) + sum(o.profile.gender for o in OWN)
    print(_machine(server_version))
    print(
        f"data: {size.denmark} Danish and {size.norway} Norwegian municipalities and the two "
        f"countries, {size.months} months from {FIRST_YEAR}M01, {specs} indicators "
        f"({len(SHIPPED)} shipped, {len(OWN)} own; {by_gender} as total and by gender, "
        f"{specs - by_gender} total only): {full.stored:,} values stored "
        f"({full.table_size} on disk with indexes, the space the rolled-back floors left "
        f"included), from {len(full.files)} files (one per indicator and "
        f'country; {MISSING:.1%} of the cells ".."). Small run: {runs[0].size.label} '
        f"municipalities, {runs[0].stored:,} values. SØM-like shortlist: "
        + ", ".join(f"{n} of {size.municipalities(c)} ({c})" for c, n in full.shortlists.items())
        + ". Dashboard programmes, one per country with all its municipalities: "
        + "; ".join(dashboard.BUILT)
        + ". Load average (1 min) at the start, after "
        f"the small run and at the end: {', '.join(f'{load:.1f}' for load in loads)} (other "
        "processes share the machine).\n"
    )
    print(
        "import: every file once, the importer and the two floors taking turns file by file; "
        "values/s over all files; × floor = the median over the files of the time over the "
        "floor's for the same file; queries: of the largest file, whose values the importer "
        f"stores {CHUNK:,} at a time (a chunk)\n"
    )
    print(
        "| measured | import | municipalities | values | seconds | values/s | × COPY floor "
        "| × upsert floor | queries | largest file: values (chunks) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for one in runs:
        _import_rows("all files, new", one.files, one.largest, one.size.label)
    for one in runs:
        _import_rows(
            f"{one.reimport_file} again (updates), ×{len(one.reimported)}",
            one.reimported,
            one.reimported[0],
            one.size.label,
        )
    print(
        f"\nreading: median of {REPEAT_SMALL} interleaved repetitions at the small size, "
        f"{REPEAT} at the full size; × bare SQL = the time over the bare SQL's of the same "
        "comparison\n"
    )
    print("| measured | country | municipalities | median ms | × bare SQL | queries |")
    print("|---|---|---:|---:|---:|---:|")
    for one in runs:
        shown: set[tuple[str, str]] = set()
        for comparison, measured, bare in one.reads:
            municipalities = one.size.municipalities(comparison.country)
            if (comparison.bare_name, comparison.country) not in shown:
                shown.add((comparison.bare_name, comparison.country))
                print(
                    f"| {comparison.bare_name} | {comparison.country} | "
                    f"{municipalities} | {bare.ms:,.1f} | 1.0 | {bare.queries} |"
                )
            print(
                f"| {comparison.name} | {comparison.country} | {municipalities} | "
                f"{measured.ms:,.1f} | {measured.ms / bare.ms:.1f} | {measured.queries} |"
            )
    print(f"\n(whole benchmark: {total:.0f} s)")


def main(args: argparse.Namespace) -> None:
    setup_test_environment(debug=False)  # no debug cursor: it would keep every query's text
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    size = QUICK if args.quick else Size(args.denmark, args.norway, args.months)
    specs, twin, importer, loaded = setup(size)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    loads = [os.getloadavg()[0]]
    small_size = Size(SMALL["DK"], SMALL["NO"], size.months)
    runs = [
        run(
            small_size,
            specs=specs,
            twin=twin,
            importer=importer,
            loaded=loaded,
            repeat=REPEAT_SMALL,
        )
    ]
    clear(twin)
    loads.append(os.getloadavg()[0])
    runs.append(run(size, specs=specs, twin=twin, importer=importer, loaded=loaded, repeat=REPEAT))
    loads.append(os.getloadavg()[0])
    report(runs, loads, server_version, time.perf_counter() - started)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--denmark", type=int, default=FULL.denmark, help="Danish municipalities")
    parser.add_argument("--norway", type=int, default=FULL.norway, help="Norwegian ones")
    parser.add_argument("--months", type=int, default=FULL.months, help="months from 2015M01")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK.label} municipalities, {QUICK.months} months"
    )
    parser.add_argument("--keep", action="store_true", help="leave the database in place")
    arguments = parser.parse_args()
    if not (SMALL["DK"] < arguments.denmark <= 128 and SMALL["NO"] < arguments.norway <= 818):
        parser.error("--denmark: 6–128 (three-digit numbers), --norway: 13–818")
    try:
        recreate(SERVER, NAME, create=True)
    except psycopg.OperationalError as error:
        reason = str(error).splitlines()[0]
        print(f"\nindicators: skipped, PostgreSQL does not answer at {SERVER} ({reason}).\n")
        sys.exit(0)
    try:
        main(arguments)
    finally:
        connections.close_all()
        if not arguments.keep:
            recreate(SERVER, NAME, create=False)
