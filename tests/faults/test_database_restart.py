"""PostgreSQL restarted while people use Trinvis: gunicorn (config.wsgi, production
settings) on loopback against a private PostgreSQL cluster, and a bounded loop of visitors
answering an open survey (a page view and two writes each) while the cluster is stopped and
started again. Requests during the outage get the friendly, translated error page with no
stack trace; the app recovers without a restart (CONN_HEALTH_CHECKS); and no half-written
response remains: every submitted response has all its answers, every saved page its one."""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from conftest import World
from tests.faults.conftest import (
    HOST,
    ROOT,
    Cluster,
    child_env,
    copy_test_database,
    free_port,
    start,
    stop,
    wait_for,
)
from trinvis.surveys.tests.factories_distribution import make_survey

FIRST_PAGE = {"changes": "no", "page": "1", "action": "next"}
LAST_PAGE = {"benefit/useful": "4", "age": "41", "page": "3", "action": "submit"}
# Bound the loop whatever the timing: visits, and a pause after a failed one (a failing
# visit is one fast request).
MAX_VISITS = 400
PAUSE_AFTER_FAILURE = 0.1
FRIENDLY = "Trinvis er tilbage om et øjeblik"  # "… back in a moment": the visitors ask for Danish
LEAKS = ("Traceback", "OperationalError", "psycopg", 'File "')


@dataclass
class Outcome:
    at: float
    what: str
    status: int
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Visitor:
    """One browser: its own cookies, Danish, no redirects followed."""

    def __init__(self, base: str, outcomes: list[Outcome]) -> None:
        self.base, self.outcomes = base, outcomes
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, what: str, path: str, data: dict[str, str] | None = None) -> Outcome:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (always http://127.0.0.1)
            self.base + path, data=body, headers={"Accept-Language": "da"}
        )
        try:
            with self.opener.open(request, timeout=15) as response:
                outcome = Outcome(time.monotonic(), what, response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            outcome = Outcome(time.monotonic(), what, error.code, error.read().decode())
        except OSError as error:  # no answer at all: reported by the assertions
            outcome = Outcome(time.monotonic(), what, -1, repr(error))
        self.outcomes.append(outcome)
        return outcome

    def visit(self, path: str) -> bool:
        """The answer page, the first page saved, the answers submitted: True when all went."""
        page = self.request("view", path)
        if page.status != 200:
            return False
        key = re.search(r'name="k" value="([^"]+)"', page.body)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert key and token, page.body[:500]
        form = {"k": key.group(1), "csrfmiddlewaretoken": token.group(1)}
        if self.request("save page", path, {**FIRST_PAGE, **form}).status != 302:
            return False
        return self.request("submit", path, {**LAST_PAGE, **form}).status == 302


def _answers_per_response(cluster: Cluster) -> list[tuple[bool, int]]:
    with psycopg.connect(cluster.url("trinvis"), connect_timeout=10) as db:
        rows = db.execute(
            "SELECT r.submitted_at IS NOT NULL, count(a.id) FROM surveys_response r "
            "LEFT JOIN surveys_answer a ON a.response_id = r.id GROUP BY r.id"
        ).fetchall()
    return [(bool(submitted), int(count)) for submitted, count in rows]


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_under_load_is_survived(
    world: World, cluster: Cluster, tmp_path: Path
) -> None:
    survey = make_survey(world.municipality_a, mode="open")
    path = f"/s/o/{survey.open_token}/"
    copy_test_database(cluster, "trinvis")
    port = free_port()
    env = child_env(
        DATABASE_URL=cluster.url("trinvis"),
        DJANGO_SETTINGS_MODULE="tests.faults.settings_gunicorn",
        TRINVIS_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    command = [gunicorn, "config.wsgi", "-b", f"{HOST}:{port}", "-w", "2", "--timeout", "20"]
    server = start(command, env, tmp_path / "gunicorn.log")
    base = f"http://{HOST}:{port}"
    outcomes: list[Outcome] = []
    finished = threading.Event()
    completed: list[float] = []

    errors: list[BaseException] = []

    def load() -> None:
        try:
            for _ in range(MAX_VISITS):
                if finished.is_set():
                    return
                if Visitor(base, outcomes).visit(path):
                    completed.append(time.monotonic())
                else:
                    time.sleep(PAUSE_AFTER_FAILURE)
        except BaseException as error:  # reported below
            errors.append(error)

    try:
        wait_for(
            lambda: Visitor(base, []).request("health", "/healthz").status == 200,
            timeout=40,
            every=0.3,
            what=f"gunicorn to answer: {(tmp_path / 'gunicorn.log').read_text()}",
        )
        loader = threading.Thread(target=load)
        loader.start()
        try:
            wait_for(lambda: len(completed) >= 2, timeout=30, what="visits before the restart")
            down_at = time.monotonic()
            cluster.stop("fast")
            time.sleep(2)
            cluster.start()
            up_at = time.monotonic()
            wait_for(
                lambda: errors or any(moment > up_at + 1 for moment in completed),
                timeout=30,
                what="a whole visit after the restart: "
                + repr([(o.what, o.status) for o in outcomes[-3:]])
                + (tmp_path / "gunicorn.log").read_text()[-1500:]
                + (cluster.directory / "server.log").read_text()[-3000:],
            )
            time.sleep(2)
        finally:
            finished.set()
            loader.join(timeout=60)
        assert not loader.is_alive()
        assert not errors, errors
    finally:
        stop(server)

    failures = [outcome for outcome in outcomes if outcome.status != 200 and outcome.status != 302]
    during = [outcome for outcome in failures if down_at <= outcome.at]
    assert during, "no request met the outage: the test did not test anything"
    for outcome in failures:
        # The database did not answer: "back in a moment", with when to try again.
        assert outcome.status == 503, (outcome.status, outcome.what, outcome.body[:300])
        assert FRIENDLY in outcome.body, outcome.body[:500]
        assert 'lang="da"' in outcome.body
        assert not any(leak in outcome.body for leak in LEAKS), outcome.body
    # Recovered without a restart of gunicorn: from the first whole visit after the restart
    # on, every request succeeds.
    recovered_at = min(moment for moment in completed if moment > up_at)
    assert all(outcome.at < recovered_at for outcome in failures)
    after = [outcome for outcome in outcomes if outcome.at > recovered_at]
    assert after and all(outcome.status in (200, 302) for outcome in after)
    print(  # the figures for the record (pytest -s)
        f"requests {len(outcomes)}, failed {len(failures)} "
        f"({sorted({outcome.status for outcome in failures})}), whole visits {len(completed)}, "
        f"outage {up_at - down_at:.1f}s, recovered {recovered_at - up_at:.1f}s after the start"
    )

    # Every write is whole or absent: a submitted response has all three answers (changes,
    # benefit/useful, age), a saved first page its one; and every confirmed submit is stored.
    counts = _answers_per_response(cluster)
    assert {(True, 3)} >= {entry for entry in counts if entry[0]}, counts
    assert {(False, 1)} >= {entry for entry in counts if not entry[0]}, counts
    assert sum(1 for submitted, _count in counts if submitted) >= len(completed)
