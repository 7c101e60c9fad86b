"""Fault tests: the database restarted under load, a worker killed mid-job, people saving
the same thing at once, the mail server down and the disk full.

They need PostgreSQL (DATABASE_URL=postgres://…): on SQLite they are skipped, with the
reason. Everything they start listens on 127.0.0.1 only and stops by itself: the private
PostgreSQL cluster (tests that restart a database never touch the shared server), gunicorn,
task workers and the SMTP server (aiosmtpd) all have time limits.
"""

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
HOST = "127.0.0.1"


def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(
        reason="fault tests need PostgreSQL (DATABASE_URL=postgres://…): SQLite has no "
        "server to restart, no row locks and serialises writers, so there is nothing to test"
    )
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.faults)
            if connection.vendor != "postgresql":
                item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_for(check: Any, *, timeout: float, every: float = 0.1, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or check}")


def database_url(name: str, *, port: int = 5432) -> str:
    user = connection.settings_dict.get("USER") or "postgres"
    return f"postgres://{user}@{HOST}:{port}/{name}"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a process the test starts: production-like settings, no debug."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TRINVIS_", "DATABASE_", "PYTEST_"))
    }
    env.update(
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


# --- a loopback SMTP server ---------------------------------------------------------------


@dataclass
class Mailbox:
    """What the SMTP server received. `hold_first`: the first session waits at its first
    recipient until `release` is set (so a client can be killed mid-send)."""

    hold_first: bool = False
    messages: list[bytes] = field(default_factory=list)
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    held: bool = False

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.hold_first and not self.held:
            self.held = True
            self.reached.set()
            for _ in range(600):  # 30 s at most
                if self.release.is_set():
                    break
                await asyncio.sleep(0.05)
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int
    mailbox: Mailbox
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """An SMTP server on a free loopback port, not started yet (`start()`)."""
    server = SmtpServer(port=free_port(), mailbox=Mailbox())
    yield server
    server.stop()


def smtp_settings(settings: Any, port: int) -> dict[str, str]:
    """Point this process and the returned child environment at SMTP on `port`."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = HOST, port, 5
    settings.EMAIL_USE_TLS = False
    return {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": HOST,
        "DJANGO_EMAIL_PORT": str(port),
        "DJANGO_EMAIL_TIMEOUT": "5",
    }


# --- a private PostgreSQL cluster ---------------------------------------------------------


def _as_postgres(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = list(args)
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)


@dataclass
class Cluster:
    """A PostgreSQL server of its own, on a free loopback port, in a temporary directory."""

    directory: Path
    port: int

    def pg(self, tool: str) -> str:
        assert PG_BIN is not None
        return str(PG_BIN / tool)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses={HOST} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _as_postgres(
            self.pg("pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-o",
            options,
            "-l",
            str(self.directory / "server.log"),
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        _as_postgres(
            self.pg("pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-m",
            mode,
            "-w",
            "-t",
            "30",
            "stop",
        )

    def url(self, name: str) -> str:
        return database_url(name, port=self.port)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if PG_BIN is None or not shutil.which("runuser"):
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    directory = Path(tempfile.mkdtemp(prefix="trinvis-faults-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    found = Cluster(directory=directory, port=free_port())
    _as_postgres(
        found.pg("initdb"),
        "-D",
        str(directory / "data"),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-sync",
        "--locale=C",
    )
    found.start()
    try:
        yield found
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            found.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


def copy_test_database(target: Cluster, name: str) -> None:
    """The test database as it is now (committed: a transactional test), into `target`."""
    source = connection.settings_dict
    dump = subprocess.run(
        [
            target.pg("pg_dump"),
            "-h",
            HOST,
            "-p",
            str(source.get("PORT") or 5432),
            "-U",
            source.get("USER") or "postgres",
            "-Fc",
            source["NAME"],
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    subprocess.run(
        [target.pg("createdb"), "-h", HOST, "-p", str(target.port), "-U", "postgres", name],
        check=True,
        capture_output=True,
        timeout=30,
    )
    subprocess.run(
        [
            target.pg("pg_restore"),
            "-h",
            HOST,
            "-p",
            str(target.port),
            "-U",
            "postgres",
            "--no-owner",
            "-d",
            name,
        ],
        input=dump.stdout,
        check=True,
        capture_output=True,
        timeout=60,
    )


# --- processes ----------------------------------------------------------------------------


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes], *, sig: int = signal.SIGTERM) -> None:
    """Stop a process the test started (and its own children, e.g. gunicorn's workers)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
