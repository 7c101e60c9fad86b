"""Load and scale benchmark at national scale (issue 8, "trust at scale").

1. Builds (or reuses) the national installation (bench/national.py) and a small one
   (scale 0.01) in their own PostgreSQL databases, and prints how long generation took.
2. Counts each page's queries through Django's test client (CaptureQueriesContext, the second
   of two requests, so per-process caches are warm) on the small and the national data, for
   the same person and the same kind of objects; and the survey results page alone before
   its figures are kept (its first view).
3. Serves the national data with gunicorn (config.wsgi, 127.0.0.1, production settings:
   DEBUG off, whitenoise after collectstatic, persistent connections) and drives it with
   locust (bench/load_users.py, a process of its own): 50 logged-in municipality leaders,
   each logging in through the login form and then viewing pages and writing (a logbook
   entry, a survey answer) with a think time; /healthz in the same run is the floor. While
   logging in, each user views its survey's results once, uncounted: as on a server in use,
   the survey's figures are kept when the measured part begins.
   Per page: requests, throughput, p50/p95/p99 as the users saw them and p95 over the
   floor's p95; and the server's own time for the same requests (gunicorn's access log),
   p50/p95/p99 and p95 over the floor's.
4. Horizontal scale: 1 gunicorn instance with 1 sync worker, then 2 instances with 1 worker
   each on two ports, the users split across them, no think time (throughput).
5. Task workers: N invitation e-mails (organisations' send_invitation, which queues the
   message in the outbox, whose delivery is a second task), run by 1 and then 2
   `manage.py db_worker` processes with the file-based e-mail backend; throughput, and the
   proof that no task ran twice (messages per recipient, every task's state and workers).

Skips with a message when PostgreSQL does not answer. `--quick` runs everything smaller and
shorter (scale 0.05, 20 users, 20 s); `--scale`, `--users`, `--seconds` set it by hand.

    .venv/bin/python bench/load.py [--quick]
"""

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import national  # noqa: E402

PY = sys.executable
SMALL_SCALE = 0.01
STATIC_ROOT = str(Path(tempfile.gettempdir()) / f"trinvis-bench-static-{os.getpid()}")
SECRET = "bench-load-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789"
SINGLE_REPEAT = 5
# gunicorn's access log line: the request's name (load_users.py's X-Bench-Name header, "-"
# when absent) and the time the server spent on it in microseconds.
ACCESS_FORMAT = "%({x-bench-name}i)s\t%(D)s"
THINK = (2.0, 6.0)  # seconds between a user's requests (locust's `between`)
# The survey results page before its figures are kept: measured alone, not in the load run,
# where (as on a server in use) each survey's figures were kept before the measured part.
FIRST_VIEW = "survey results, first view (no kept figures)"
PAGES = (
    "healthz (floor)",
    "home",
    "organisation list",
    "organisation detail",
    "people",
    "competence round",
    "competence matrix",
    "survey results",
    "indicator list",
    "indicator page",
    "logbook form (GET)",
    "logbook entry (POST, write)",
    "survey answer form (GET)",
    "survey answer (POST, write)",
)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


# --- who looks at what ----------------------------------------------------------------------


def people(built: national.Built, count: int) -> list[dict[str, Any]]:
    """One municipality leader per simulated user (different municipalities, spread over both
    countries), with the round, survey and indicator they look at."""
    from trinvis.accounts.models import User
    from trinvis.competences.models import Round
    from trinvis.indicators.models import Indicator
    from trinvis.surveys.models import Survey

    places = built.municipalities
    step = max(1, len(places) // count)
    chosen = [places[(i * step) % len(places)] for i in range(count)]
    indicators = list(
        Indicator.objects.filter(owner=None).order_by("pk").values_list("pk", flat=True)
    )
    result = []
    for i, place in enumerate(chosen):
        round = (
            Round.objects.filter(organisation__path__startswith=f"/{place.pk}/")
            .order_by("pk")
            .first()
        )
        survey = Survey.objects.filter(organisation_id=place.pk).order_by("pk").first()
        assert round is not None and survey is not None, place
        result.append(
            {
                "email": User.objects.get(pk=place.leader).email,
                "password": national.PASSWORD,
                "user": place.leader,
                "municipality": place.pk,
                "round": round.pk,
                "survey": survey.pk,
                "token": survey.open_token,
                "indicator": indicators[i % len(indicators)],
            }
        )
    return result


def urls(me: dict[str, Any]) -> dict[str, str]:
    """The pages of the mix (GET), for the query count."""
    return {
        "healthz (floor)": "/healthz",
        "home": "/",
        "organisation list": "/organisations/",
        "organisation detail": f"/organisations/{me['municipality']}/",
        "people": f"/organisations/{me['municipality']}/people/",
        "competence round": f"/competences/rounds/{me['round']}/",
        "competence matrix": f"/competences/rounds/{me['round']}/matrix/",
        "survey results": f"/surveys/{me['survey']}/results/",
        "indicator list": "/indicators/",
        "indicator page": f"/indicators/{me['indicator']}/",
        "logbook form (GET)": "/learning/logbook/new/",
        "survey answer form (GET)": f"/s/o/{me['token']}/",
    }


def count_queries(me: dict[str, Any]) -> dict[str, float]:
    """Each page's queries through the test client, the second of two requests, and its
    median time alone (no concurrency, SINGLE_REPEAT requests: "<page> ms"); and the two
    writes' queries (their POST only)."""
    import re

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from trinvis.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(User.objects.get(pk=me["user"]))
    counts: dict[str, float] = {}
    for name, url in urls(me).items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
        took = []
        for _ in range(SINGLE_REPEAT):
            start = time.perf_counter()
            client.get(url)
            took.append((time.perf_counter() - start) * 1000)
        counts[f"{name} ms"] = round(statistics.median(took), 1)
    counts[f"{FIRST_VIEW} ms"] = _first_view_ms(client, me)
    page = client.get("/learning/logbook/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    client = Client(enforce_csrf_checks=False)
    client.force_login(User.objects.get(pk=me["user"]))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/learning/logbook/new/",
            {"date": "2026-11-24", "what_happened": "Counted", "sharing": "private"},
        )
    assert response.status_code == 302, response.status_code
    counts["logbook entry (POST, write)"] = len(queries)
    page = client.get(f"/s/o/{me['token']}/").content.decode()
    key = re.search(r'name="k" value="([^"]+)"', page)
    assert token and key
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/s/o/{me['token']}/",
            {
                "page": "1",
                "lang": "en",
                "k": key.group(1),
                "useful": "4",
                "relevant": "3",
                "applied": "dont_know",
                "format": "online",
                "recommend": "8",
                "action": "submit",
            },
        )
    assert response.status_code == 302, response.status_code
    counts["survey answer (POST, write)"] = len(queries)
    return counts


def _first_view_ms(client: Any, me: dict[str, Any]) -> float:
    """The survey results page's median time alone when no figures of the survey are kept
    yet (its first view, which counts every answer once and keeps the figures)."""
    from trinvis.surveys.models import SurveyTally

    url = urls(me)["survey results"]
    took = []
    for _ in range(SINGLE_REPEAT):
        SurveyTally.objects.filter(survey_id=me["survey"]).delete()
        start = time.perf_counter()
        client.get(url)
        took.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(took), 1)


# --- servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_environment(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
        "TRINVIS_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "bench.settings_load",
        "TRINVIS_BENCH_STATIC_ROOT": STATIC_ROOT,
        "PYTHONPATH": str(ROOT),
    }
    return env


def collectstatic(env: dict[str, str]) -> None:
    """The static files, with their hashed names, into STATIC_ROOT (bench/settings_load.py)."""
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], *, instances: int, workers: int, access_log: Path | None = None
) -> Iterator[list[str]]:
    """Start `instances` gunicorn servers on free ports; yields their base URLs; stops them.
    With `access_log`, each request's X-Bench-Name header and the microseconds the server
    spent on it are appended to that file (see server_times)."""
    processes = []
    hosts = []
    logging = (
        ("--access-logfile", str(access_log), "--access-logformat", ACCESS_FORMAT)
        if access_log
        else ()
    )
    try:
        for _ in range(instances):
            port = free_port()
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [
                        *(PY, "-m", "gunicorn", "config.wsgi"),
                        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
                        *("--worker-class", "sync", "--timeout", "120", "--backlog", "2048"),
                        *("--log-level", "warning"),
                        *logging,
                    ],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                )
            )
            hosts.append(f"http://127.0.0.1:{port}")
        for host in hosts:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{host}/healthz", timeout=5) as answer:  # noqa: S310
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn at {host} did not start")
                time.sleep(0.3)
        yield hosts
    finally:
        stop_all(processes)


def server_times(access_log: Path) -> dict[str, list[float]]:
    """Milliseconds the server spent per request name, from gunicorn's access log: from
    reading the request to the last byte of the answer, without the wait to be accepted."""
    times: dict[str, list[float]] = {}
    for line in access_log.read_text().splitlines():
        name, _, micros = line.rpartition("\t")
        if name and name != "-":
            times.setdefault(name, []).append(int(micros) / 1000)
    return times


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stops each process group (TERM, then KILL after 30 s)."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def drive(
    hosts: list[str],
    persons: list[dict[str, Any]],
    *,
    users: int,
    seconds: float,
    max_requests: int,
    wait: tuple[float, float],
    mix: str = "pages",
) -> dict[str, Any]:
    """Run bench/load_users.py (locust) against the servers; its result."""
    with tempfile.TemporaryDirectory(prefix="trinvis-load-") as directory:
        config = Path(directory) / "config.json"
        result = Path(directory) / "result.json"
        config.write_text(
            json.dumps(
                {
                    "hosts": hosts,
                    "people": persons,
                    "users": users,
                    "spawn_rate": max(1, users),
                    "seconds": seconds,
                    "max_requests": max_requests,
                    "wait": list(wait),
                    "mix": mix,
                }
            )
        )
        subprocess.run(  # noqa: S603
            [PY, str(ROOT / "bench" / "load_users.py"), str(config), str(result)],
            cwd=ROOT,
            check=True,
            timeout=seconds + 120,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        data: dict[str, Any] = json.loads(result.read_text())
        return data


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


# --- task workers ---------------------------------------------------------------------------


def task_run(database_url: str, *, workers: int, count: int, tag: str) -> dict[str, Any]:
    """Enqueue `count` invitations (new people without a password) and run `workers` db_worker
    processes until every task of the run has finished (bounded: 10 minutes)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from trinvis.accounts.models import User
    from trinvis.organisations.models import Membership, Organisation
    from trinvis.organisations.tasks import send_invitation

    start_mark = timezone.now()
    organisation = Organisation.objects.filter(kind="agency").order_by("pk").first()
    assert organisation is not None
    emails = [f"task-{tag}-{i}@bench.example" for i in range(count)]
    invited = User.objects.bulk_create(
        User(email=email, full_name=f"Invited {i}", password="!unusable")
        for i, email in enumerate(emails)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role="employee") for user in invited
    )
    for user in invited:
        send_invitation.enqueue(
            user_id=user.pk,
            organisation_name=organisation.name,
            inviter_name="Bench",
            base_url="http://127.0.0.1",
        )
    mail = Path(tempfile.mkdtemp(prefix=f"trinvis-mail-{tag}-"))
    env = {
        **server_environment(database_url),
        "TRINVIS_BENCH_EMAIL_DIR": str(mail),
    }
    ours = DBTaskResult.objects.filter(enqueued_at__gte=start_mark)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(  # noqa: S603
            [
                *(PY, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"),
                *("--interval", "0.1", "--worker-id", f"bench-{tag}-{w}", "-v", "0"),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for w in range(workers)
    ]
    try:
        deadline = time.perf_counter() + 600
        while time.perf_counter() < deadline:
            delivered = ours.filter(
                task_path__endswith="outbox_deliver", status="SUCCESSFUL"
            ).count()
            waiting = ours.filter(status__in=("READY", "RUNNING")).exclude(
                task_path__endswith="outbox_sweep"
            )
            if delivered >= count and not waiting.exists():
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        stop_all(processes)
    recipients: Counter[str] = Counter()
    for path in mail.iterdir():
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                recipients[line[4:].strip()] += 1
    shutil.rmtree(mail, ignore_errors=True)
    states = Counter(
        (path.rsplit(".", 1)[-1], status)
        for path, status in ours.values_list("task_path", "status")
    )
    runs = Counter(len(ids) for ids in ours.values_list("worker_ids", flat=True))
    by_worker = Counter(ids[0] for ids in ours.values_list("worker_ids", flat=True) if ids)
    return {
        "workers": workers,
        "count": count,
        "seconds": seconds,
        "sent_once": sum(1 for e in emails if recipients[e] == 1),
        "sent_twice_or_more": sum(1 for e in emails if recipients[e] > 1),
        "missing": sum(1 for e in emails if recipients[e] == 0),
        "states": dict(sorted((f"{task} {status}", n) for (task, status), n in states.items())),
        "claims": dict(sorted(runs.items())),
        "by_worker": dict(sorted(by_worker.items())),
    }


# --- the run --------------------------------------------------------------------------------


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return (
        f"{platform.node()} {platform.machine()}, nproc {os.cpu_count()}, {cpu}, memory "
        f"{memory}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def small_counts(person_index: int) -> dict[str, float]:
    """The query counts on the small data, from a process of its own (its own database)."""
    output = subprocess.run(  # noqa: S603
        [PY, str(Path(__file__)), "--queries-only", "--scale", str(SMALL_SCALE)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=None)
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--tasks", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    scale = args.scale or (0.05 if args.quick else 1.0)
    users = args.users or (20 if args.quick else 50)
    seconds = args.seconds or (20.0 if args.quick else 90.0)
    tasks = args.tasks or (60 if args.quick else 200)

    try:
        socket.create_connection(("127.0.0.1", 5432), 2).close()
    except OSError:
        print("PostgreSQL does not answer on 127.0.0.1:5432: load benchmark skipped")
        return
    os.environ["TRINVIS_TASK_BACKEND"] = "django_tasks_db.DatabaseBackend"
    started = time.perf_counter()
    loads = [os.getloadavg()[0]]
    built = national.setup(scale)
    if args.queries_only:
        print(json.dumps(count_queries(people(built, 1)[0])))
        return
    from django.db import connection

    database_url = os.environ["DATABASE_URL"]
    progress(
        f"national data at scale {scale}: {'reused' if built.reused else 'built'}, "
        f"generation took {built.seconds:.0f} s"
    )
    persons = people(built, users)
    progress("query counts (national, then small in a process of its own)")
    counts_national = count_queries(persons[0])
    counts_small = small_counts(0)
    connection.close()
    env = server_environment(database_url)
    progress("collectstatic")
    try:
        collectstatic(env)
        measured = measure(env, persons, users=users, seconds=seconds, tasks=tasks)
    finally:
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)
    report(
        built=built,
        scale=scale,
        users=users,
        seconds=seconds,
        counts=(counts_small, counts_national),
        loads=[loads[0], *measured.pop("loads")],
        total=time.perf_counter() - started,
        **measured,
    )


def measure(
    env: dict[str, str], persons: list[dict[str, Any]], *, users: int, seconds: float, tasks: int
) -> dict[str, Any]:
    """The load run, the horizontal scale runs and the task-worker runs."""
    loads = []
    database_url = env["DATABASE_URL"]
    workers = 2 * (os.cpu_count() or 1)
    progress(f"load: {users} users, {seconds:.0f} s, gunicorn with {workers} sync workers")
    with tempfile.TemporaryDirectory(prefix="trinvis-access-") as directory:
        access_log = Path(directory) / "access.log"
        with gunicorn(env, instances=1, workers=workers, access_log=access_log) as hosts:
            load = drive(
                hosts,
                persons,
                users=users,
                seconds=seconds,
                max_requests=int(seconds * 200),
                wait=THINK,
            )
        load["server"] = server_times(access_log)
    loads.append(os.getloadavg()[0])

    scale_seconds = seconds / 3
    scale_users = max(4, users // 5)
    progress(f"horizontal: 1 then 2 instances with 1 worker each, {scale_users} users")
    horizontal = {}
    for instances in (1, 2):
        with gunicorn(env, instances=instances, workers=1) as hosts:
            horizontal[instances] = drive(
                hosts,
                persons,
                users=scale_users,
                seconds=scale_seconds,
                max_requests=int(scale_seconds * 200),
                wait=(0.0, 0.0),
            )
    loads.append(os.getloadavg()[0])

    progress(f"task workers: {tasks} invitations with 1, then 2 db_worker processes")
    run_tag = time.strftime("%Y%m%d%H%M%S")
    task_runs = [
        task_run(database_url, workers=w, count=tasks, tag=f"{run_tag}-{w}") for w in (1, 2)
    ]
    loads.append(os.getloadavg()[0])
    return {
        "workers": workers,
        "load": load,
        "horizontal": horizontal,
        "scale_users": scale_users,
        "task_runs": task_runs,
        "loads": loads,
    }


def report(
    *,
    built: national.Built,
    scale: float,
    users: int,
    seconds: float,
    workers: int,
    load: dict[str, Any],
    counts: tuple[dict[str, float], dict[str, float]],
    horizontal: dict[int, dict[str, Any]],
    scale_users: int,
    task_runs: list[dict[str, Any]],
    loads: list[float],
    total: float,
) -> None:
    small, large = counts
    rows = built.rows
    print(f"machine: {machine()}")
    print(
        f"data (scale {scale}): {rows['organisations']:,} organisations "
        f"({built.counts.denmark} + {built.counts.norway} municipalities), "
        f"{rows['users']:,} people, {rows['memberships']:,} memberships, "
        f"{rows['rounds']:,} competence rounds ({rows['ratings']:,} ratings), "
        f"{rows['surveys']:,} surveys ({rows['responses']:,} responses, "
        f"{rows['answers']:,} answers), {rows['values']:,} indicator values; generation "
        f"{built.seconds:.0f} s ({'reused this run' if built.reused else 'built this run'}); "
        f"the size classes' figures of every indicator kept as after an import: "
        f"{built.class_figures:,} rows in {built.class_figures_seconds:.0f} s"
    )
    print(
        f"load average (1 min) at start, after the load run, after scaling, at the end: "
        f"{', '.join(f'{x:.1f}' for x in loads)}; whole run {total:.0f} s\n"
    )
    times, server = load["times"], load["server"]
    floor = percentile(times["healthz (floor)"], 0.95)
    server_floor = percentile(server["healthz (floor)"], 0.95)
    wall = load["seconds"]
    print(
        f"load: {users} logged-in leaders ({users} municipalities of both countries), think time "
        f"{THINK[0]:g}–{THINK[1]:g} s, {wall:.0f} s measured from {THINK[1]:g} s after the last "
        f"login, gunicorn 1 instance × {workers} sync workers; {load['requests']:,} requests; "
        f"floor = /healthz (p95 {floor:.0f} ms as the users saw it, {server_floor:.1f} ms in "
        f"the server). The first columns are the time the users saw (locust: from sending to "
        f"the last byte, queueing included); the server columns are gunicorn's own time for "
        f"the same requests (its access log: from reading the request to the last byte).\n"
    )
    print(
        "| page | requests | failures | req/s | p50 ms | p95 ms | p99 ms | p95 × floor "
        "| server p50 ms | server p95 ms | server p99 ms | server p95 × floor |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    names = [n for n in PAGES if n in times or n in load["failures"]]
    names += sorted(set(times) - set(names))
    for name in names:
        values = times.get(name, [])
        failed = len(load["failures"].get(name, []))
        if not values:
            print(f"| {name} | 0 | {failed} |" + " |" * 9)
            continue
        p95 = percentile(values, 0.95)
        own = server.get(name) or [math.nan]
        own_p95 = percentile(own, 0.95)
        print(
            f"| {name} | {len(values):,} | {failed} | {len(values) / wall:.1f} | "
            f"{statistics.median(values):.0f} | {p95:.0f} | {percentile(values, 0.99):.0f} | "
            f"{p95 / floor:.1f} | {statistics.median(own):.1f} | {own_p95:.1f} | "
            f"{percentile(own, 0.99):.1f} | {own_p95 / server_floor:.1f} |"
        )
    for name, messages in load["failures"].items():
        print(f"\nfailures of {name}: {Counter(messages).most_common(3)}")

    print(
        f"\nqueries per request (test client, same person; small = scale {SMALL_SCALE}), and "
        f"the median of {SINGLE_REPEAT} requests alone (test client, in one process, no "
        f"concurrency: the time a request costs without queueing)\n"
    )
    print(
        "| page | queries, small | queries, national | ms alone, small | ms alone, national "
        "| × floor alone, national |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    floor_alone = large.get("healthz (floor) ms") or 1.0
    for name in PAGES:
        if name in large:
            alone = large.get(f"{name} ms")
            print(
                f"| {name} | {small.get(name, '')} | {large[name]:.0f} | "
                f"{small.get(f'{name} ms', '')} | {alone if alone is not None else ''} | "
                f"{f'{alone / floor_alone:.1f}' if alone is not None else ''} |"
            )
    if f"{FIRST_VIEW} ms" in large:
        alone = large[f"{FIRST_VIEW} ms"]
        print(
            f"| {FIRST_VIEW} | | | {small.get(f'{FIRST_VIEW} ms', '')} | {alone} | "
            f"{alone / floor_alone:.1f} |"
        )

    print(f"\nhorizontal scale: {scale_users} users without think time, same PostgreSQL\n")
    print("| gunicorn | requests | failures | seconds | req/s | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for instances, result in horizontal.items():
        every = [t for values in result["times"].values() for t in values]
        failed = sum(len(v) for v in result["failures"].values())
        print(
            f"| {instances} instance{'s' if instances > 1 else ''} × 1 sync worker | "
            f"{len(every):,} | {failed} | {result['seconds']:.0f} | "
            f"{len(every) / result['seconds']:.1f} | {statistics.median(every):.0f} | "
            f"{percentile(every, 0.95):.0f} |"
        )

    print("\ntask workers: invitation e-mails (send_invitation, then the outbox delivery)\n")
    print(
        "| db_worker processes | invitations | seconds | e-mails/s | sent once | "
        "sent twice or more | missing | task states | workers per task | tasks by worker |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    for run in task_runs:
        states = ", ".join(f"{k}: {v}" for k, v in run["states"].items())
        claims = ", ".join(f"{k}: {v}" for k, v in run["claims"].items())
        workers_of = ", ".join(f"{v}" for v in run["by_worker"].values())
        print(
            f"| {run['workers']} | {run['count']} | {run['seconds']:.1f} | "
            f"{run['count'] / run['seconds']:.1f} | {run['sent_once']} | "
            f"{run['sent_twice_or_more']} | {run['missing']} | {states} | {claims} | "
            f"{workers_of} |"
        )


if __name__ == "__main__":
    main()
