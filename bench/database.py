"""A benchmark's own PostgreSQL database: created fresh on the server of DATABASE_URL when
that is PostgreSQL (else on postgres://postgres@127.0.0.1:5432) and dropped at the end, so a
benchmark never touches the development database.

`configure` must run before `django.setup()`: it points Django's settings at the database
through the environment. TRINVIS_BENCH_DATABASE names another database, so that a second
copy of a benchmark does not drop the first one's.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    """The PostgreSQL server to create the bench database on: DATABASE_URL's, if it is one."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        url = DEFAULT_SERVER
    return urlunsplit(urlsplit(url)._replace(path="/postgres", query=""))


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def recreate(server: str, name: str, *, create: bool) -> None:
    """Drop the database (closing its connections), and create it again with `create`.
    Raises psycopg.OperationalError when the server does not answer."""
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def configure(default_name: str) -> tuple[str, str]:
    """Point Django at the bench database (the environment, before `django.setup()`);
    returns (server URL, database name)."""
    server = server_url()
    name = os.environ.get("TRINVIS_BENCH_DATABASE", default_name)
    os.environ["DATABASE_URL"] = with_database(server, name)
    os.environ["DATABASE_CONN_MAX_AGE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("DJANGO_HTTPS", "false")
    os.environ.setdefault("TRINVIS_TASK_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    return server, name
