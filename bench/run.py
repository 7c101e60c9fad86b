"""Benchmark: page time and query count at two data sizes, against the framework floor.

Builds a throw-away SQLite database (or uses DATABASE_URL), fills it with a small and then a
large organisation, and times each page through Django's test client, side by side with
/healthz (the floor: same stack, one trivial query). Prints a Markdown table; copy it into
bench/RESULTS.md with the machine and date.
"""

import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="trinvis-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("TRINVIS_TASK_BACKEND", "django_tasks.backends.dummy.DummyBackend")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench import competences  # noqa: E402
from trinvis.accounts.models import User  # noqa: E402
from trinvis.organisations.models import Membership, Organisation  # noqa: E402
from trinvis.organisations.services import organisation_create  # noqa: E402
from trinvis.toolkits.models import Toolkit  # noqa: E402
from trinvis.toolkits.services import run_start, toolkits_load  # noqa: E402
from trinvis.toolkits.worksheets import sheet_for_run, worksheet_for_run, worksheet_save  # noqa: E402

REPEAT = 30
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.DEBUG = True  # to count queries


def build(units: int, people_per_unit: int, tag: str, plan_rows: int) -> tuple[Organisation, User]:
    municipality = organisation_create(
        by=None,
        parent=None,
        name=f"Kommune {tag}",
        kind="municipality",
        country="DK",
        municipality_number=f"{len(tag) + 100:03d}",
        population=50_000,
    )
    leader = User.objects.create_user(
        email=f"leader-{tag}@example.org", password="x", full_name="L"
    )
    Membership.objects.create(user=leader, organisation=municipality, role="leader")
    for u in range(units):
        unit = organisation_create(
            by=None, parent=municipality, name=f"Unit {tag} {u}", kind="unit"
        )
        users = User.objects.bulk_create(
            User(email=f"p{tag}-{u}-{i}@example.org", full_name=f"Person {u} {i}")
            for i in range(people_per_unit)
        )
        Membership.objects.bulk_create(
            Membership(user=user, organisation=unit, role="employee") for user in users
        )
    toolkit = Toolkit.objects.get(slug="strategic-education", organisation=None, is_latest=True)
    run = run_start(
        organisation=municipality,
        toolkit=toolkit,
        title=f"Run {tag}",
        responsible=leader,
        participants=[],
        start_date=datetime.date(2027, 1, 4),
        target_date=None,
        by=leader,
    )
    sheet = sheet_for_run(run=run, template_key="education-plan")
    worksheet = worksheet_for_run(run=run, template_key="education-plan", sheet=sheet)
    rows = [
        {"key": "", "cells": {"purpose": f"Purpose {i}", "education-activity": f"Course {i}"}}
        for i in range(plan_rows)
    ]
    worksheet_save(worksheet=worksheet, rows=rows, base_version=worksheet.version, by=leader)
    return municipality, leader


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)
    times = []
    for _ in range(REPEAT):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(connection.queries)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    toolkits_load()
    sizes = {"small": build(3, 5, "s", 3), "large": build(60, 50, "large", 200)}
    rows = []
    for size, (municipality, leader) in sizes.items():
        run = municipality.runs.get()
        client = Client()
        client.force_login(leader)
        pages = {
            "healthz (floor)": "/healthz",
            "home": "/",
            "organisations": "/organisations/",
            "organisation detail": f"/organisations/{municipality.pk}/",
            "people": f"/organisations/{municipality.pk}/people/",
            "run": f"/toolkits/runs/{run.pk}/",
            "run step": f"/toolkits/runs/{run.pk}/steps/make-plan/",
            "worksheet (education plan)": f"/toolkits/runs/{run.pk}/worksheets/education-plan/",
        }
        floor, _ = measure(client, pages["healthz (floor)"])
        for name, url in pages.items():
            ms, queries = measure(client, url)
            rows.append((name, size, ms, ms / floor, queries))
    people = {
        s: Membership.objects.filter(organisation__path__startswith=m.path).count()
        for s, (m, _l) in sizes.items()
    }
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {connection.vendor}"
    )
    print(
        f"data: small = {people['small']} memberships, large = {people['large']}; "
        f"median of {REPEAT} requests\n"
    )
    print("| page | data | median ms | × floor | queries |")
    print("|---|---|---:|---:|---:|")
    for name, size, ms, ratio, queries in rows:
        print(f"| {name} | {size} | {ms:.1f} | {ratio:.1f} | {queries} |")

    print("\ncompetence matrix: people × competences, three rounds each; ratio to the bare SQL\n")
    print("| page | people × competences | median ms | × bare SQL | queries |")
    print("|---|---|---:|---:|---:|")
    for name, size, ms, ratio, queries in competences.measure(sizes["small"][0], REPEAT):
        print(f"| {name} | {size} | {ms:.1f} | {ratio:.1f} | {queries} |")


if __name__ == "__main__":
    main()
