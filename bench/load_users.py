"""The simulated users of the load benchmark (bench/load.py), run with locust as a library.

A process of its own (locust patches the standard library with gevent, which Django and
psycopg should not meet): `python bench/load_users.py CONFIG.json RESULT.json`. CONFIG names
the servers, the number of users, the time and request bounds, the think time, the mix
("pages" or "floor") and one person per user (e-mail, password, and the municipality, round,
survey and indicator they look at). RESULT holds, per request name, every response time in
milliseconds, the failures and the run's wall time.

Every counted request carries its name in an X-Bench-Name header, which gunicorn's access
log records with the time the server spent on it (bench/load.py reads that log): the
server's own time, apart from the time a request waited to be accepted.

Each user logs in through the real login form (GET the form, POST it with the CSRF token),
then repeats a weighted mix of page views and writes until the run stops: at its time limit
or when the requests reach the bound, whichever comes first. The time limit and the bound
count from a pause after every user has logged in (the logins are kept apart, under their
own names): argon2 makes a login far heavier than a page view, and 50 of them at once would
otherwise fill the first minute. The pause (the longest think time, at least a second) lets
the queue behind the logins drain: without it, the requests of the run's first second waited
up to 0.8 s for a worker (measured per request: the wait before gunicorn began it), and the
writes, sent right after their form, took most of those waits and made the writes' p99.
Nothing sent before the run began is counted, even when answered after.
"""

import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, constant, events, task
from locust.env import Environment

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_KEY = re.compile(r'name="k" value="([^"]+)"')

config: dict[str, Any] = json.loads(Path(sys.argv[1]).read_text()) if len(sys.argv) > 2 else {}
times: dict[str, list[float]] = defaultdict(list)
failures: dict[str, list[str]] = defaultdict(list)
counter = {"people": 0, "requests": 0, "logged_in": 0}
# When the measured run began (time.perf_counter()); None while the users log in.
measured_from: list[float] = []


def _record(name: str, response_time: float, exception: Any, response: Any, **_: Any) -> None:
    """Keep a response time: the logins always, the rest only for requests sent after every
    user had logged in (a request sent earlier waited behind the logins' argon2 hashing)."""
    if not name.startswith("login"):
        sent = time.perf_counter() - response_time / 1000
        if not measured_from or sent < measured_from[0]:
            return
    counter["requests"] += 1
    if exception is not None:
        status = getattr(response, "status_code", "")
        failures[name].append(f"{status} {str(exception)[:120]}")
    else:
        times[name].append(response_time)


def _tag(name: str) -> dict[str, str]:
    """The header naming a counted request for the server's access log (none before the
    measured run, when _record does not count it either)."""
    return {"X-Bench-Name": name} if measured_from or name.startswith("login") else {}


def _token(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


class Person(HttpUser):
    """A municipality's leader at work."""

    host = "http://127.0.0.1"
    wait_time = constant(0)

    def on_start(self) -> None:
        index = counter["people"]
        counter["people"] += 1
        hosts = config["hosts"]
        self.client.base_url = hosts[index % len(hosts)]
        self.me = config["people"][index % len(config["people"])]
        self.rng = random.Random(index)
        self.entries = 0
        if config["mix"] == "floor":
            counter["logged_in"] += 1
            return
        page = self.client.get(
            "/accounts/login/", name="login form (GET)", headers=_tag("login form (GET)")
        )
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.me["email"],
                "password": self.me["password"],
                "csrfmiddlewaretoken": _token(page.text),
            },
            name="login (POST)",
            headers=_tag("login (POST)"),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
        # As on a server in use, the survey's figures have been counted and kept before (by
        # its first view, not counted here; load.py measures that first view alone).
        self._get(f"/surveys/{self.me['survey']}/results/", "survey results")
        counter["logged_in"] += 1

    def _get(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, headers=_tag(name), catch_response=True) as response:
            if response.status_code != 200 or response.url is None or "/login/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")
            return response

    @task(4)
    def floor(self) -> None:
        self._get("/healthz", "healthz (floor)")

    @task(3)
    def home(self) -> None:
        if config["mix"] != "floor":
            self._get("/", "home")

    @task(1)
    def organisations(self) -> None:
        if config["mix"] != "floor":
            self._get("/organisations/", "organisation list")

    @task(2)
    def organisation(self) -> None:
        if config["mix"] != "floor":
            self._get(f"/organisations/{self.me['municipality']}/", "organisation detail")

    @task(1)
    def people(self) -> None:
        if config["mix"] != "floor":
            self._get(f"/organisations/{self.me['municipality']}/people/", "people")

    @task(1)
    def round(self) -> None:
        if config["mix"] != "floor":
            self._get(f"/competences/rounds/{self.me['round']}/", "competence round")

    @task(2)
    def matrix(self) -> None:
        if config["mix"] != "floor":
            self._get(f"/competences/rounds/{self.me['round']}/matrix/", "competence matrix")

    @task(2)
    def results(self) -> None:
        if config["mix"] != "floor":
            self._get(f"/surveys/{self.me['survey']}/results/", "survey results")

    @task(1)
    def indicators(self) -> None:
        if config["mix"] != "floor":
            self._get("/indicators/", "indicator list")

    @task(2)
    def indicator(self) -> None:
        if config["mix"] != "floor":
            self._get(f"/indicators/{self.me['indicator']}/", "indicator page")

    @task(1)
    def logbook(self) -> None:
        """A learning logbook entry: the form, then its POST (a write)."""
        if config["mix"] == "floor":
            return
        page = self._get("/learning/logbook/new/", "logbook form (GET)")
        self.entries += 1
        with self.client.post(
            "/learning/logbook/new/",
            data={
                "csrfmiddlewaretoken": _token(page.text),
                "base_token": "",
                "date": "2026-11-24",
                "what_happened": f"Load test entry {self.entries}",
                "what_puzzled": "",
                "want_more": "",
                "other": "",
                "activity": "",
                "sharing": "private",
            },
            name="logbook entry (POST, write)",
            headers=_tag("logbook entry (POST, write)"),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"logbook answered {response.status_code}")

    @task(1)
    def answer(self) -> None:
        """An answer to the municipality's open survey: the form, then its POST (a write)."""
        if config["mix"] == "floor":
            return
        url = f"/s/o/{self.me['token']}/"
        page = self._get(url, "survey answer form (GET)")
        found = FORM_KEY.search(page.text)
        rng = self.rng
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": _token(page.text),
                "page": "1",
                "lang": "en",
                "k": found.group(1) if found else "",
                "useful": str(rng.randint(1, 5)),
                "relevant": str(rng.randint(1, 5)),
                "applied": rng.choice(("1", "2", "3", "4", "5", "dont_know")),
                "format": rng.choice(("in_person", "online", "mixed")),
                "recommend": str(rng.randint(0, 10)),
                "action": "submit",
            },
            name="survey answer (POST, write)",
            headers=_tag("survey answer (POST, write)"),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "thanks" not in response.headers.get("Location", ""):
                response.failure(f"answer answered {response.status_code}")


def main() -> None:
    Person.wait_time = (
        between(*config["wait"]) if config["wait"][1] > 0 else constant(config["wait"][0])
    )
    if config["mix"] == "floor":
        Person.tasks = [Person.floor]
    env = Environment(user_classes=[Person], events=events)
    events.request.add_listener(_record)
    runner = env.create_local_runner()
    runner.start(config["users"], spawn_rate=config["spawn_rate"])
    # Every user logs in first (timed as "login …"); the measured run starts after that.
    login_deadline = time.perf_counter() + 300
    while counter["logged_in"] < config["users"] and time.perf_counter() < login_deadline:
        gevent.sleep(0.1)
    gevent.sleep(max(config["wait"][1], 1.0))  # the pause after the last login (above)
    started = time.perf_counter()
    measured_from.append(started)
    deadline = started + config["seconds"]
    while time.perf_counter() < deadline and counter["requests"] < config["max_requests"]:
        gevent.sleep(0.2)
    runner.quit()
    wall = time.perf_counter() - started
    Path(sys.argv[2]).write_text(
        json.dumps(
            {
                "times": times,
                "failures": failures,
                "seconds": wall,
                "requests": counter["requests"],
            }
        )
    )


if __name__ == "__main__":
    main()
